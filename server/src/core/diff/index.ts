// Connectivity diff: the flows (and findings) of a base analysis versus the working tree's, pure data in and out.
import { reach } from '../connectivity/reach.ts';
import type { PortRange } from '../connectivity/types.ts';
import type { Model, Protocol, Workload } from '../model/types.ts';
import { blockLabel, collectBlocks, isInternet, representativeAddress, type ExternalBlock } from '../topology/externals.ts';
import { ipBlockNodeId, workloadNodeId } from '../topology/ids.ts';
import { cmp, mergeRules, PROTOCOLS } from '../topology/traffic.ts';
import { collectIdentities, identityEndpoint, identityLabel, identityNodeId } from '../topology/identities.ts';
import { diffExposure, exposures } from './exposure.ts';
import { diffFindings } from './findings.ts';
import { endpoint, flowTable, type Resolved } from './flows.ts';
import { both, minus, portSets, rangeText, toEdgeTraffic, type PortSets } from './ports.ts';
import type { ConnectivityDiff, DiffSide, FlowChange, FlowEndpoint, PairDiff } from './types.ts';

export type * from './types.ts';

interface Slot {
  endpoint: FlowEndpoint;
  base?: Resolved;
  head?: Resolved;
}

/** The internet is always an endpoint: an unisolated pod reaches it, so losing egress isolation shows. */
const INTERNET: ExternalBlock = { cidr: '0.0.0.0/0', except: [], egress: true, ingress: true, internet: true };

function workloadSlots(base: Model, head: Model): Slot[] {
  const byId = new Map<string, Slot>();
  const add = (w: Workload, side: 'base' | 'head') => {
    const id = workloadNodeId(w.kind, w.namespace, w.name);
    let s = byId.get(id);
    if (!s) {
      const kind = w.kind === 'ClusterWorkload' ? 'cluster-workload' : 'workload';
      s = { endpoint: { id, kind, name: w.id, namespace: w.namespace, workloadKind: w.kind, inBase: false, inHead: false } };
      byId.set(id, s);
    }
    s[side] = { kind: 'workload', workload: w };
    s.endpoint[side === 'base' ? 'inBase' : 'inHead'] = true;
  };
  for (const w of base.workloads) add(w, 'base');
  for (const w of head.workloads) add(w, 'head');
  return [...byId.values()].sort((a, b) => cmp(a.endpoint.name, b.endpoint.name) || cmp(a.endpoint.id, b.endpoint.id));
}

/** The ip blocks either revision names (plus the internet), each asked about through the same address. */
function blockSlots(base: Model, head: Model): Slot[] {
  const all = new Map<string, ExternalBlock>();
  for (const b of [...collectBlocks(base.policyIR, base), ...collectBlocks(head.policyIR, head)]) {
    const id = ipBlockNodeId(b.cidr, b.except);
    const prev = all.get(id);
    all.set(id, prev ? { ...prev, egress: prev.egress || b.egress, ingress: prev.ingress || b.ingress } : b);
  }
  if (![...all.values()].some((b) => isInternet(b.cidr) && b.except.length === 0 && b.cidr === INTERNET.cidr)) all.set(ipBlockNodeId(INTERNET.cidr, []), INTERNET);
  const blocks = [...all.values()];
  const out: Slot[] = [];
  for (const [id, b] of all) {
    const address = representativeAddress(b, blocks);
    if (address === undefined) continue;
    const r: Resolved = { kind: 'ip', address };
    out.push({ endpoint: { id, kind: 'ip-block', name: blockLabel(b), inBase: true, inHead: true }, base: r, head: r });
  }
  return out.sort((a, b) => cmp(a.endpoint.name, b.endpoint.name));
}

/** Cilium entities and toFQDNs names either revision's rules name, asked about in both (as the graph draws them). */
function identitySlots(base: Model, head: Model): Slot[] {
  const seen = new Map<string, Slot>();
  for (const x of [...collectIdentities(base.policyIR), ...collectIdentities(head.policyIR)]) {
    const id = identityNodeId(x);
    if (seen.has(id)) continue;
    const r = identityEndpoint(x) as Resolved;
    seen.set(id, { endpoint: { id, kind: x.kind, name: identityLabel(x), inBase: true, inHead: true }, base: r, head: r });
  }
  return [...seen.values()].sort((a, b) => cmp(a.endpoint.kind, b.endpoint.kind) || cmp(a.endpoint.name, b.endpoint.name));
}

const asEndpoint = endpoint;

/** Rules that allow `port` (the first of a range) between the two, in this model; isolating policies too. */
function decidingRules(model: Model, from: Resolved, to: Resolved, protocol: Protocol | 'ICMP/other', range: PortRange | undefined) {
  const v = reach(model, { from: asEndpoint(from), to: asEndpoint(to), port: range?.from ?? 8, protocol: protocol === 'ICMP/other' ? 'ICMP' : protocol });
  return { allowed: mergeRules(v.egress.allowedBy, v.ingress.allowedBy), denied: mergeRules(v.egress.allowed ? [] : v.egress.isolatedBy, v.ingress.allowed ? [] : v.ingress.isolatedBy) };
}

function changes(sets: PortSets, from: Slot, to: Slot, side: 'base' | 'head', other: Model, otherSide: 'base' | 'head', model: Model): FlowChange[] {
  const out: FlowChange[] = [];
  const a = from[side];
  const b = to[side];
  if (!a || !b) return out;
  const oa = from[otherSide];
  const ob = to[otherSide];
  const entry = (protocol: Protocol | 'ICMP/other', port: string, range: PortRange | undefined): FlowChange => {
    const c: FlowChange = { from: from.endpoint, to: to.endpoint, protocol, port, rules: decidingRules(model, a, b, protocol, range).allowed };
    if (range) c.range = range;
    // A closed flow between endpoints that still exist: which policies now deny it.
    if (side === 'base' && oa && ob) c.deniedBy = decidingRules(other, oa, ob, protocol, range).denied;
    return c;
  };
  for (const p of PROTOCOLS) for (const r of sets.byProtocol[p] ?? []) out.push(entry(p, rangeText(r), r));
  if (sets.other) out.push(entry('ICMP/other', '-', undefined));
  return out;
}

/**
 * Compares two analyses. Endpoints are matched by kind, namespace and name; ip blocks, Cilium entities and
 * toFQDNs names named in either revision (and the internet) are asked about in both. With both sides' routing
 * analyses, what the change exposes and hides from outside is compared too. Every ordered pair is compared, including traffic of
 * pods no policy isolates, so removing a default-deny shows every flow it opens.
 */
export function connectivityDiff(base: DiffSide, head: DiffSide, renamed: ReadonlyMap<string, string> = new Map()): ConnectivityDiff {
  const slots = [...workloadSlots(base.model, head.model), ...blockSlots(base.model, head.model), ...identitySlots(base.model, head.model)];
  const baseFlows = flowTable(base.model, slots.map((s) => s.base));
  const headFlows = flowTable(head.model, slots.map((s) => s.head));
  const added: FlowChange[] = [];
  const removed: FlowChange[] = [];
  const pairs: PairDiff[] = [];
  const keys = new Set([...baseFlows.keys(), ...headFlows.keys()]);
  const ordered = [...keys].map((k) => k.split(',').map(Number) as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (const [i, j] of ordered) {
    const from = slots[i] as Slot;
    const to = slots[j] as Slot;
    const b = baseFlows.get(`${i},${j}`);
    const h = headFlows.get(`${i},${j}`);
    const bs = portSets(b?.traffic);
    const hs = portSets(h?.traffic);
    const plus = minus(hs, bs);
    const less = minus(bs, hs);
    added.push(...changes(plus, from, to, 'head', base.model, 'base', head.model));
    removed.push(...changes(less, from, to, 'base', head.model, 'head', base.model));
    pairs.push({
      from: from.endpoint,
      to: to.endpoint,
      added: toEdgeTraffic(plus),
      removed: toEdgeTraffic(less),
      unchanged: toEdgeTraffic(both(hs, bs)),
      decided: (h?.raw.allowedBy.length ?? 0) > 0,
      decidedBase: (b?.raw.allowedBy.length ?? 0) > 0,
      rules: mergeRules(h?.raw.allowedBy ?? []),
      baseRules: mergeRules(b?.raw.allowedBy ?? []),
    });
  }
  const exposure = base.wayIn && head.wayIn ? diffExposure(exposures(base.model, base.wayIn), exposures(head.model, head.wayIn)) : { exposed: [], hidden: [] };
  return { added, removed, pairs, endpoints: slots.map((s) => s.endpoint), exposure, findings: diffFindings(base.findings, head.findings, renamed) };
}
