// An HTTPRoute and a GRPCRoute on one listener with hostnames in common: the Gateway API has the listener accept
// exactly one of the two, the older by creation timestamp, then the first by "{namespace}/{name}"; the other's
// parent status says Accepted=False (GRPCRoute spec.hostnames, gateway-api apis/v1/grpcroute_types.go). Judged per
// listener: a route refused on one listener still attaches through the others its parentRef reaches.
import type { ListenerInfo, RouteInfo } from '../kinds/gateway/types.ts';
import { intersection } from './hostnames.ts';
import type { ListenerVerdict, ParentStatus, RoutingIssue } from './types.ts';

interface OnListener {
  status: ParentStatus;
  verdict: ListenerVerdict;
}

interface Refusal {
  loser: OnListener;
  winner: RouteInfo;
  host: string;
  /** The older route won, or both were created at once and the winner comes first by namespace/name. */
  by: 'age' | 'name';
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

const key = (r: RouteInfo): string => `${r.namespace}/${r.name}`;

function byAge(a: RouteInfo, b: RouteInfo): number {
  const d = (a.createdAt as number) - (b.createdAt as number);
  if (d !== 0) return d;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** Whether the order of two routes is known from the manifests: both timestamps, and a name tie only between known namespaces. */
function ordered(a: RouteInfo, b: RouteInfo): boolean {
  if (a.createdAt === undefined || b.createdAt === undefined) return false;
  return a.createdAt !== b.createdAt || (!a.namespaceImplied && !b.namespaceImplied);
}

function spanOf(s: ParentStatus): { start: number; end: number } {
  return s.parent.nameSpan ?? s.parent.span ?? (s.route.origin.kind === 'file' ? s.route.origin.span : { start: 0, end: 0 });
}

function related(r: RouteInfo) {
  return r.origin.kind === 'file' ? [{ uri: r.uri, span: r.origin.nameSpan ?? r.origin.span, message: `${r.kind} ${r.id}` }] : [];
}

function where(l: ListenerInfo, s: ParentStatus): string {
  return `listener "${l.name}" of Gateway "${s.gateway?.name ?? '?'}"`;
}

/**
 * Applies the rule to the attachments found so far. On each listener the routes whose order the manifests show are
 * taken oldest first, and one sharing a host with an accepted route of the other kind is refused there (reported,
 * no longer attached through that listener). A pair whose order is unknown (no timestamp, or a name tie with a
 * namespace the manifest does not set) keeps both routes and reports both, since the order of creation decides.
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
  const refusals: Refusal[] = [];
  const reported = new Map<ParentStatus, Set<ParentStatus>>();
  for (const [listener, list] of byListener) {
    if (!list.some((x) => x.status.route.kind === 'GRPCRoute') || !list.some((x) => x.status.route.kind === 'HTTPRoute')) continue;
    // Oldest first: a route refused earlier is no longer attached here, so it takes nothing from a younger one.
    const accepted: OnListener[] = [];
    const refusedHere = new Set<OnListener>();
    for (const x of list.filter((o) => o.status.route.createdAt !== undefined).sort((a, b) => byAge(a.status.route, b.status.route))) {
      const winner = accepted.find((y) => y.status.route.kind !== x.status.route.kind && ordered(y.status.route, x.status.route) && share(x.verdict.hostnames, y.verdict.hostnames) !== undefined);
      if (!winner) {
        accepted.push(x);
        continue;
      }
      refusedHere.add(x);
      const w = winner.status.route;
      refusals.push({ loser: x, winner: w, host: share(x.verdict.hostnames, winner.verdict.hostnames) as string, by: w.createdAt === x.status.route.createdAt ? 'name' : 'age' });
    }
    // Pairs of unknown order, among the routes still attached here.
    for (const a of list) {
      if (a.status.route.kind !== 'HTTPRoute' || refusedHere.has(a)) continue;
      for (const b of list) {
        if (b.status.route.kind !== 'GRPCRoute' || refusedHere.has(b) || ordered(a.status.route, b.status.route)) continue;
        const host = share(a.verdict.hostnames, b.verdict.hostnames);
        if (host === undefined) continue;
        for (const [x, y] of [
          [a, b],
          [b, a],
        ] as const) {
          const seen = reported.get(x.status) ?? reported.set(x.status, new Set()).get(x.status);
          if (seen?.has(y.status)) continue;
          seen?.add(y.status);
          const r = x.status.route;
          const o = y.status.route;
          const first = key(r) <= key(o) ? r : o;
          const implied = [r, o].filter((z) => z.namespaceImplied);
          const tie = implied.length
            ? `the first by namespace/name if both are created in the same second, which depends on the namespace ${implied.map((z) => `${z.kind} "${z.name}"`).join(' and ')} is applied to (the manifest sets none)`
            : `if both are created in the same second, ${first.kind} ${first.id}`;
          issues.push({
            code: 'route-kind-conflict',
            uri: r.uri,
            span: spanOf(x.status),
            message:
              `${r.kind} "${r.name}" and ${o.kind} ${o.id} share ${host} on ${where(listener, x.status)}: a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap, ` +
              `the one created first (${tie}); the other is not accepted there. NetLens cannot see creation times and keeps both; give them hostnames that do not overlap.`,
            related: related(o),
          });
        }
      }
    }
  }
  // A refused listener leaves the parentRef attached through its other listeners (a route accepted by 1 of 2
  // listeners is attached: ParentReference, apis/v1/shared_types.go).
  for (const { loser, winner } of refusals) {
    const v = loser.verdict;
    v.refused = 'conflict';
    v.detail = `${winner.kind} ${winner.id} shares its hostnames on listener "${v.listener.name}" and is accepted there first`;
    loser.status.attached = loser.status.attached.filter((x) => x !== v);
  }
  for (const { loser, winner, host, by } of refusals) {
    const r = loser.status.route;
    const rest = loser.status.attached.map((x) => `"${x.listener.name}"`);
    const why = by === 'age' ? `${winner.kind} ${winner.id} is older` : `both were created at the same time and ${winner.kind} ${winner.id} comes first by namespace/name`;
    issues.push({
      code: 'route-kind-conflict',
      uri: r.uri,
      span: spanOf(loser.status),
      message:
        `${r.kind} "${r.name}" is not accepted on ${where(loser.verdict.listener, loser.status)}: ${winner.kind} ${winner.id} serves ${host} there too, and a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap (${why}). ` +
        (rest.length ? `It still attaches through listener${rest.length > 1 ? 's' : ''} ${rest.join(', ')}.` : 'Through this parentRef it attaches nowhere.'),
      related: related(winner),
    });
  }
}
