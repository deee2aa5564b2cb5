// An HTTPRoute and a GRPCRoute on one listener with hostnames in common: the Gateway API has the listener accept
// exactly one of the two, the older by creation timestamp, then the first by "{namespace}/{name}"; the other's
// parent status says Accepted=False (GRPCRoute spec.hostnames, gateway-api apis/v1/grpcroute_types.go).
import type { ListenerInfo, RouteInfo } from '../kinds/gateway/types.ts';
import { intersection } from './hostnames.ts';
import type { ListenerVerdict, ParentStatus, RoutingIssue } from './types.ts';

interface OnListener {
  status: ParentStatus;
  verdict: ListenerVerdict;
}

/** A request host two sets of served hostnames (`*` for any host) have in common: their first intersection. */
function share(a: readonly string[], b: readonly string[]): string | undefined {
  for (const x of a) {
    for (const y of b) {
      const i = x === '*' ? y : y === '*' ? x : intersection(x, y);
      if (i !== undefined) return i;
    }
  }
  return undefined;
}

function byAge(a: RouteInfo, b: RouteInfo): number {
  const ta = a.createdAt as number;
  const tb = b.createdAt as number;
  if (ta !== tb) return ta - tb;
  const ka = `${a.namespace}/${a.name}`;
  const kb = `${b.namespace}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function spanOf(s: ParentStatus): { start: number; end: number } {
  return s.parent.nameSpan ?? s.parent.span ?? (s.route.origin.kind === 'file' ? s.route.origin.span : { start: 0, end: 0 });
}

function related(s: ParentStatus, message: string) {
  const r = s.route;
  return r.origin.kind === 'file' ? [{ uri: r.uri, span: r.origin.nameSpan ?? r.origin.span, message }] : [];
}

/**
 * Applies the rule to the attachments found so far: when every route in a conflict carries a creation timestamp
 * the younger one's parentRef is refused (no listener of it takes the route) and reported; otherwise both are
 * kept, and each is reported, since which one the cluster accepts depends on the order they are created in.
 */
export function kindConflicts(parents: readonly ParentStatus[], issues: RoutingIssue[]): void {
  const byListener = new Map<ListenerInfo, OnListener[]>();
  for (const status of parents) {
    for (const verdict of status.attached) {
      const list = byListener.get(verdict.listener);
      if (list) list.push({ status, verdict });
      else byListener.set(verdict.listener, [{ status, verdict }]);
    }
  }
  const refused = new Set<ParentStatus>();
  const reported = new Set<string>();
  for (const [listener, list] of byListener) {
    if (!list.some((x) => x.status.route.kind === 'GRPCRoute') || !list.some((x) => x.status.route.kind === 'HTTPRoute')) continue;
    const pairs: [OnListener, OnListener, string][] = [];
    for (const a of list) {
      if (a.status.route.kind !== 'HTTPRoute') continue;
      for (const b of list) {
        if (b.status.route.kind !== 'GRPCRoute') continue;
        const host = share(a.verdict.hostnames, b.verdict.hostnames);
        if (host !== undefined) pairs.push([a, b, host]);
      }
    }
    if (pairs.length === 0) continue;
    const gw = list[0]?.status.gateway;
    const where = `listener "${listener.name}" of Gateway "${gw?.name ?? '?'}"`;
    if (pairs.every(([a, b]) => a.status.route.createdAt !== undefined && b.status.route.createdAt !== undefined)) {
      // The oldest first: a route refused earlier is no longer attached, so it takes nothing from a younger one.
      const involved = [...new Set(pairs.flatMap(([a, b]) => [a, b]))].sort((x, y) => byAge(x.status.route, y.status.route));
      const accepted: OnListener[] = [];
      for (const x of involved) {
        if (refused.has(x.status)) continue;
        const winner = accepted.find((y) => y.status.route.kind !== x.status.route.kind && share(x.verdict.hostnames, y.verdict.hostnames) !== undefined);
        if (!winner) {
          accepted.push(x);
          continue;
        }
        refused.add(x.status);
        const w = winner.status.route;
        const r = x.status.route;
        const host = share(x.verdict.hostnames, winner.verdict.hostnames) as string;
        const why = w.createdAt === r.createdAt ? `both were created at the same time and "${w.namespace}/${w.name}" comes first by name` : `it is the older route`;
        issues.push({
          code: 'route-kind-conflict',
          uri: r.uri,
          span: spanOf(x.status),
          message: `${r.kind} "${r.name}" is not accepted by Gateway "${gw?.name ?? '?'}": ${where} already has ${w.kind} ${w.id} for ${host}, and a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap (${why}).`,
          related: related(winner.status, `${w.kind} ${w.id}`),
        });
      }
      continue;
    }
    for (const [a, b, host] of pairs) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const key = `${x.status.route.id}|${x.status.route.kind}|${y.status.route.id}|${listener.name}`;
        if (reported.has(key) || refused.has(x.status)) continue;
        reported.add(key);
        const r = x.status.route;
        const o = y.status.route;
        const first = byName(r, o);
        issues.push({
          code: 'route-kind-conflict',
          uri: r.uri,
          span: spanOf(x.status),
          message:
            `${r.kind} "${r.name}" and ${o.kind} ${o.id} share ${host} on ${where}: a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap, ` +
            `the one created first (if both are created in the same second, ${first.kind} ${first.id}); the other is not accepted. NetLens cannot see creation times and keeps both; give them hostnames that do not overlap.`,
          related: related(y.status, `${o.kind} ${o.id}`),
        });
      }
    }
  }
  // A refused parentRef attaches through none of its listeners (Accepted=False is the parentRef's status).
  for (const s of refused) {
    for (const v of s.verdicts) {
      if (v.refused) continue;
      v.refused = 'conflict';
      v.detail = `an HTTPRoute and a GRPCRoute share hostnames on listener "${v.listener.name}" and the other is older`;
    }
    s.attached = [];
  }
}

function byName(a: RouteInfo, b: RouteInfo): RouteInfo {
  return `${a.namespace}/${a.name}` <= `${b.namespace}/${b.name}` ? a : b;
}
