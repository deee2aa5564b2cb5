// Which rule of the routes attached to one listener serves a traced URL (precedence.ts ranks them): the answer for
// a request with just that host and path, the conditional rules that would take it first, and what NetLens cannot know.
import type { ListenerInfo, RouteInfo } from '../kinds/gateway/types.ts';
import { effectiveHostnames } from './hostnames.ts';
import { compareCandidates, compareTuples, conditionsOf, hostRank, rankCandidates, routeCandidates, type Candidate, type Comparison } from './precedence.ts';
import type { ParentStatus } from './types.ts';

export interface TraceCandidate extends Candidate {
  parent: ParentStatus;
}

export interface RuleChoice {
  /** The best match that needs nothing but the host and path: what a plain request for the URL gets. */
  main?: TraceCandidate;
  /**
   * Matches of other rules that need a method, header or query parameter and would take the request before `main`,
   * best first; one whose conditions include an earlier one's is left out (the earlier one takes those requests).
   */
  conditional: { candidate: TraceCandidate; conditions: string[]; regex: boolean }[];
  /** Other routes whose match ties with `main` up to their age, which the manifests do not show. */
  tied: RouteInfo[];
  /** Routes `main` beats only by its older creation timestamp (written in the manifests). */
  olderThan: RouteInfo[];
  /** The best other rule compared with `main` through a RegularExpression path (implementation-specific). */
  regexRival?: TraceCandidate;
  /** GRPCRoutes that serve the host: gRPC calls follow their rules, ranked apart from HTTPRoutes. */
  grpc: RouteInfo[];
  /**
   * HTTPRoutes naming the host more specifically than `main`'s route but with no rule for the path: the request
   * falls through to `main` here, which the Gateway API does not settle (see the trace's note).
   */
  passedOver: RouteInfo[];
}

/** The candidates of the given parents' routes (each route once) for the request, in precedence order. */
export function rankedCandidates(parents: readonly ParentStatus[], l: ListenerInfo, host: string, path: string): TraceCandidate[] {
  const seen = new Set<RouteInfo>();
  const out: TraceCandidate[] = [];
  for (const parent of parents) {
    if (seen.has(parent.route)) continue;
    seen.add(parent.route);
    for (const c of routeCandidates(parent.route, routeHostnames(l, parent.route), host, path)) out.push({ ...c, parent });
  }
  return rankCandidates(out);
}

export function chooseRule(attached: readonly ParentStatus[], l: ListenerInfo, host: string, path: string): RuleChoice {
  const ranked = rankedCandidates(attached, l, host, path);
  const at = ranked.findIndex((c) => conditionsOf(c).length === 0);
  const main = at >= 0 ? ranked[at] : undefined;
  const choice: RuleChoice = { conditional: [], tied: [], olderThan: [], grpc: [], passedOver: [] };
  if (main) choice.main = main;
  if (main) {
    const ranks = new Set(ranked.map((c) => c.route));
    for (const p of attached) {
      const rank = p.route.kind === 'HTTPRoute' && !ranks.has(p.route) ? hostRank(routeHostnames(l, p.route), host) : undefined;
      if (rank && compareTuples(rank, main.host) > 0 && !choice.passedOver.includes(p.route)) choice.passedOver.push(p.route);
    }
  }
  // Everything ranked before `main` needs a condition; what is ranked after it never serves (main takes those requests).
  for (const c of at >= 0 ? ranked.slice(0, at) : ranked) {
    // Another match of main's own rule leads to the same filters and backends: not another path.
    if (c.rule === main?.rule) continue;
    const conditions = conditionsOf(c);
    if (choice.conditional.some((k) => k.conditions.every((x) => conditions.includes(x)))) continue;
    choice.conditional.push({ candidate: c, conditions, regex: main !== undefined && compareCandidates(c, main).regex });
  }
  if (main) {
    for (const c of ranked.slice(at + 1)) {
      if (conditionsOf(c).length > 0) continue;
      const cmp = compareCandidates(main, c);
      if (c.route !== main.route && tiesUpToAge(cmp) && !choice.tied.includes(c.route)) choice.tied.push(c.route);
      if (c.route !== main.route && cmp.by === 'created' && !choice.olderThan.includes(c.route)) choice.olderThan.push(c.route);
      if (!choice.regexRival && cmp.regex && c.rule !== main.rule) choice.regexRival = c;
    }
  }
  const grpc = attached.filter((p) => p.route.kind === 'GRPCRoute' && hostRank(routeHostnames(l, p.route), host));
  choice.grpc = [...new Set(grpc.map((p) => p.route))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return choice;
}

/**
 * Whether a route NetLens cannot place (its namespace's labels are unknown) may serve the request instead of
 * `main`: it would rank first, or it ties with `main` up to their age. undefined when it would not.
 */
export function undecidedVerdict(maybe: TraceCandidate, main: TraceCandidate | undefined): 'first' | 'ahead' | 'if-older' | undefined {
  if (!main) return 'first';
  const cmp = compareCandidates(maybe, main);
  if (tiesUpToAge(cmp)) return 'if-older';
  return cmp.order < 0 ? 'ahead' : undefined;
}

/** Two routes' matches tie on every criterion before age, and an age is not in the manifests. */
export function tiesUpToAge(cmp: Comparison): boolean {
  return cmp.ageUnknown && (cmp.by === undefined || cmp.by === 'name' || cmp.by === 'rule' || cmp.by === 'match');
}

/** A route without hostnames takes the listener's; with both, the hostnames both admit (what the data plane serves). */
function routeHostnames(l: ListenerInfo, route: RouteInfo): string[] {
  return effectiveHostnames(l.hostname, route.hostnames.map((h) => h.value));
}
