// The flows one model allows between a fixed list of endpoints (workloads of both revisions, ip blocks named
// in either), asked of the connectivity engine once per class of equal workloads.
import { allowedTraffic } from '../connectivity/traffic.ts';
import type { Endpoint, Traffic } from '../connectivity/types.ts';
import type { Model, Workload } from '../model/types.ts';
import { cmp, edgeTraffic, isEmptyTraffic } from '../topology/traffic.ts';
import type { EdgeTraffic } from '../topology/types.ts';

/**
 * An endpoint as this model knows it: one of its workloads, an address standing for an ip block, or a Cilium
 * entity or DNS name (the same in both revisions).
 */
export type Resolved = { kind: 'workload'; workload: Workload } | { kind: 'ip'; address: string } | { kind: 'entity'; entity: string } | { kind: 'fqdn'; name: string };

export interface FlowTraffic {
  traffic: EdgeTraffic;
  /** The engine's answer (rules that decide, caveats). */
  raw: Traffic;
}

/**
 * Workloads the engine cannot tell apart get the same answer. The key is deliberately wide (labels, ports,
 * namespace, host networking, service account) so a richer engine never sees two different pods merged.
 */
function classKey(w: Workload): string {
  const labels = Object.entries(w.podLabels).sort(([a], [b]) => cmp(a, b));
  const ports = w.ports.map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`).sort();
  return JSON.stringify([w.namespace, labels, ports, w.hostNetwork === true, w.serviceAccountName ?? '', w.kind === 'ClusterWorkload']);
}

function keyOf(e: Resolved): string {
  if (e.kind === 'workload') return classKey(e.workload);
  return e.kind === 'ip' ? `ip:${e.address}` : e.kind === 'entity' ? `entity:${e.entity}` : `fqdn:${e.name}`;
}

export function endpoint(e: Resolved): Endpoint {
  return e.kind === 'workload' ? { kind: 'workload', workload: e.workload } : e;
}

/**
 * Allowed traffic for every ordered pair (`from` != `to`, a workload on one side), keyed `fromIndex,toIndex`; pairs with
 * no traffic are absent. `undefined` entries are endpoints this model does not have (a workload added later).
 */
export function flowTable(model: Model, endpoints: readonly (Resolved | undefined)[]): Map<string, FlowTraffic> {
  // Classes numbered once, so the pair loop keys its cache by two small numbers, not two long strings.
  const classOf = new Map<string, number>();
  const cls = endpoints.map((e) => {
    if (!e) return -1;
    const k = keyOf(e);
    let c = classOf.get(k);
    if (c === undefined) classOf.set(k, (c = classOf.size));
    return c;
  });
  const n = classOf.size;
  const cache = new Map<number, FlowTraffic | null>();
  const out = new Map<string, FlowTraffic>();
  endpoints.forEach((a, i) => {
    if (!a) return;
    endpoints.forEach((b, j) => {
      // Only flows with a pod on one side: no policy selects an address, an entity or a name.
      if (!b || i === j || (a.kind !== 'workload' && b.kind !== 'workload')) return;
      const key = (cls[i] as number) * n + (cls[j] as number);
      let hit = cache.get(key);
      if (hit === undefined) {
        const raw = allowedTraffic(model, endpoint(a), endpoint(b));
        const traffic = edgeTraffic(raw);
        hit = isEmptyTraffic(traffic) ? null : { traffic, raw };
        cache.set(key, hit);
      }
      if (hit) out.set(`${i},${j}`, hit);
    });
  });
  return out;
}
