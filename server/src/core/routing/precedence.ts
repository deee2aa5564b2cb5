// Gateway API precedence among the HTTPRoute matches that take one request on one listener: which rule serves it.
import type { RouteInfo, RouteMatchInfo, RouteRuleInfo } from '../kinds/gateway/types.ts';
import { hostMatches } from './hostnames.ts';

/*
 * What NetLens follows, and why (apis/v1/httproute_types.go at gateway-api 4564255a, the CRD in shared/reference/crds).
 *
 * HTTPRouteSpec.hostnames: when routes have intersecting hostnames, "precedence must be given to rules from the
 * HTTPRoute with the largest number of: Characters in a matching non-wildcard hostname. Characters in a matching
 * hostname. If ties exist across multiple Routes, the matching precedence rules for HTTPRouteMatches takes over."
 * HTTPRouteRule.matches then ranks "Exact path match; Prefix path match with largest number of characters; Method
 * match; Largest number of header matches; Largest number of query param matches" (RegularExpression paths are
 * implementation-specific), then "the oldest Route based on creation timestamp", then the first by
 * "{namespace}/{name}", then within a route the FIRST matching rule. GRPCRoute ranks the hostname first likewise.
 *
 * The hostname counted is the route's hostname as the listener serves it (effectiveHostnames): its own, narrowed to
 * the listener's where they intersect, or the listener's when the route names none (a route without hostnames on a
 * listener without one matches every host with no characters, so any route naming the host ranks before it). A
 * wildcard counts its characters, `*.` included, as a wildcard. Controllers do the same: Envoy Gateway gives each
 * such hostname a virtual host and matches paths within it, so a route without hostnames on a `*.example.com`
 * listener shares that virtual host with a `*.example.com` route and the path decides between them. The
 * conformance test HTTPRouteMatchingAcrossRoutes agrees: both its routes name example.com, so the hostnames tie and
 * the path or header match decides (an old revision gave part2 `*.com`; upstream replaced it by example.com in 2022,
 * df4f1ca73).
 *
 * RegularExpression paths: NetLens ranks one after an Exact path and before every prefix, and says so whenever one
 * takes part in a comparison (`regex`). Creation timestamps are read from the manifests when written (exports);
 * otherwise the age is unknown (`ageUnknown`) and the name decides, which the caller must say.
 */

/** One match (or a rule without matches, PathPrefix /) of one route that takes the request's host and path. */
export interface Candidate {
  route: RouteInfo;
  rule: RouteRuleInfo;
  /** undefined: the rule has no matches, which is PathPrefix / (HTTPRouteRule.matches default). */
  match?: RouteMatchInfo;
  /** [characters of the route's matching non-wildcard hostname, characters of its matching hostname]; [0, 0] without hostnames. */
  host: readonly [number, number];
}

export type Criterion = 'path' | 'method' | 'headers' | 'query' | 'hostname' | 'created' | 'name' | 'rule' | 'match';

export interface Comparison {
  /** < 0: `a` takes precedence; > 0: `b` does; 0: the same match. */
  order: number;
  /** The criterion that decided (undefined when equal). */
  by?: Criterion;
  /** A RegularExpression path took part: the order of the two is implementation-specific. */
  regex: boolean;
  /** Two routes tied up to their age and at least one creation timestamp is not in the manifests. */
  ageUnknown: boolean;
}

/** Gateway API precedence of two candidates for the same request (see the comment at the top). */
export function compareCandidates(a: Candidate, b: Candidate): Comparison {
  const regex = a.match?.pathType === 'RegularExpression' || b.match?.pathType === 'RegularExpression';
  const done = (by: Criterion, order: number, ageUnknown = false): Comparison => ({ order, by, regex, ageUnknown });
  // Each entry: larger ranks first, so `b - a` sorts a ahead when it is larger.
  const criteria: [Criterion, readonly number[], readonly number[]][] = [
    ['hostname', a.host, b.host],
    ['path', pathRank(a.match), pathRank(b.match)],
    ['method', [count(a, 'method')], [count(b, 'method')]],
    ['headers', [count(a, 'header')], [count(b, 'header')]],
    ['query', [count(a, 'query')], [count(b, 'query')]],
  ];
  for (const [by, x, y] of criteria) {
    const c = compareTuples(y, x);
    if (c !== 0) return done(by, c);
  }
  let ageUnknown = false;
  if (a.route !== b.route) {
    if (a.route.createdAt !== undefined && b.route.createdAt !== undefined) {
      if (a.route.createdAt !== b.route.createdAt) return done('created', a.route.createdAt - b.route.createdAt);
    } else ageUnknown = true;
    const byName = a.route.id < b.route.id ? -1 : a.route.id > b.route.id ? 1 : 0;
    if (byName !== 0) return done('name', byName, ageUnknown);
  }
  if (a.rule.index !== b.rule.index) return done('rule', a.rule.index - b.rule.index, ageUnknown);
  const ma = a.match ? a.rule.matches.indexOf(a.match) : 0;
  const mb = b.match ? b.rule.matches.indexOf(b.match) : 0;
  return ma !== mb ? done('match', ma - mb, ageUnknown) : { order: 0, regex, ageUnknown };
}

/** The candidates in precedence order (a stable sort: equal candidates keep their order). */
export function rankCandidates<C extends Candidate>(candidates: readonly C[]): C[] {
  return [...candidates].sort((a, b) => compareCandidates(a, b).order);
}

/**
 * The matches of an HTTPRoute that take a request for `host` and `path`, given the hostnames the route serves
 * through the listener (effectiveHostnames); none when no hostname admits the host. They rank by those hostnames.
 */
export function routeCandidates(route: RouteInfo, hostnames: readonly string[], host: string, path: string): Candidate[] {
  const rank = hostRank(hostnames, host);
  if (!rank || route.kind !== 'HTTPRoute') return [];
  const out: Candidate[] = [];
  for (const rule of route.rules) {
    if (rule.matches.length === 0) out.push({ route, rule, host: rank });
    for (const match of rule.matches) if (pathMatches(match, path)) out.push({ route, rule, match, host: rank });
  }
  return out;
}

/** The conditions (method, headers, query params) a request needs beyond its host and path for this candidate. */
export function conditionsOf(c: Candidate): string[] {
  return c.match?.conditions.map((x) => x.text) ?? [];
}

/** [characters of the most specific matching non-wildcard hostname, characters of the matching hostname]. */
export function hostRank(hostnames: readonly string[], host: string): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const h of hostnames) {
    const lower = h.toLowerCase();
    if (!hostMatches(host, lower)) continue;
    // `*` (no hostname on the route nor the listener) matches every host with no characters.
    const r: [number, number] = lower === '*' ? [0, 0] : lower.startsWith('*.') ? [0, lower.length] : [lower.length, lower.length];
    if (!best || compareTuples(r, best) > 0) best = r;
  }
  return best;
}

/** PathPrefix matching is per path element: `/api` matches `/api` and `/api/x`, not `/apis`. */
export function pathPrefix(path: string, prefix: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
}

function pathMatches(m: RouteMatchInfo, path: string): boolean {
  const value = m.path ?? '/';
  switch (m.pathType ?? 'PathPrefix') {
    case 'Exact':
      return path === value;
    case 'PathPrefix':
      return pathPrefix(path, value);
    case 'RegularExpression':
      return safeRegex(value)?.test(path) ?? false;
    default:
      return false;
  }
}

/** [kind: Exact 3, RegularExpression 2 (NetLens's choice), PathPrefix 1; characters of a prefix]. */
function pathRank(m: RouteMatchInfo | undefined): [number, number] {
  const type = m?.pathType ?? 'PathPrefix';
  if (type === 'Exact') return [3, 0];
  if (type === 'RegularExpression') return [2, 0];
  return [1, (m?.path ?? '/').length];
}

function count(c: Candidate, kind: 'method' | 'header' | 'query'): number {
  return c.match?.conditions.filter((x) => x.kind === kind).length ?? 0;
}

export function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return undefined;
  }
}
