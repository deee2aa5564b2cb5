// Hand-made workspace models for topology tests, and a small stand-in for the connectivity engine.
import type { Model, Peer, Policy, PolicyPort, PolicyRule, Selector, Workload, Protocol } from '../../../server/src/core/model/types.ts';
import type { Endpoint, Traffic, RuleRef } from '../../../server/src/core/connectivity/types.ts';
import { selectorMatches, namespaceLabels } from '../../../server/src/core/topology/select.ts';
import { parseRange } from '../../../server/src/core/topology/externals.ts';

export const sel = (matchLabels: Record<string, string> = {}): Selector => ({ matchLabels, matchExpressions: [] });

let offset = 0;
/** Spans are counted from here so golden files do not depend on which test ran first. */
export function resetSpans(): void {
  offset = 0;
}

export function workload(namespace: string, name: string, labels: Record<string, string>, ports: [number, Protocol?, string?][] = [], kind: Workload['kind'] = 'Deployment'): Workload {
  const start = (offset += 100);
  return {
    id: `${namespace}/${name}`,
    kind,
    namespace,
    name,
    podLabels: labels,
    ports: ports.map(([containerPort, protocol = 'TCP', pname]) => ({ containerPort, protocol, ...(pname ? { name: pname } : {}) })),
    origin: kind === 'ClusterWorkload' ? { kind: 'settings' } : { kind: 'file', uri: `file:///ws/${namespace}.yaml`, span: { start, end: start + 50 }, nameSpan: { start: start + 10, end: start + 10 + name.length } },
  };
}

export function port(p: number | string | undefined, protocol: Protocol = 'TCP', endPort?: number): PolicyPort {
  return { ...(p !== undefined ? { port: p } : {}), ...(endPort ? { endPort } : {}), protocol, index: 0 };
}

export function rule(peers: Omit<Peer, 'index'>[] | undefined, ports?: PolicyPort[]): PolicyRule {
  return { index: 0, peers: peers?.map((p, i) => ({ ...p, index: i })), ports: ports?.map((p, i) => ({ ...p, index: i })) };
}

export function policy(namespace: string, name: string, podSelector: Selector, types: ('ingress' | 'egress')[], ingress: PolicyRule[] = [], egress: PolicyRule[] = [], uri = `file:///ws/${namespace}-policies.yaml`): Policy {
  const start = (offset += 100);
  return {
    id: `${namespace}/${name}`,
    namespace,
    name,
    podSelector,
    policyTypes: types,
    policyTypesExplicit: true,
    ingress: ingress.map((r, i) => ({ ...r, index: i, span: { start: start + 20 + i, end: start + 30 + i } })),
    egress: egress.map((r, i) => ({ ...r, index: i, span: { start: start + 50 + i, end: start + 60 + i } })),
    origin: { kind: 'file', uri, span: { start, end: start + 90 } },
  };
}

export function model(workloads: Workload[], policies: Policy[], nsLabels: Record<string, Record<string, string>> = {}): Model {
  const namespaces = new Map<string, { name: string; labels: Record<string, string>; origin: { kind: 'implied' } }>();
  for (const ns of new Set([...workloads.map((w) => w.namespace), ...policies.map((p) => p.namespace), ...Object.keys(nsLabels)])) {
    namespaces.set(ns, { name: ns, labels: { ...(nsLabels[ns] ?? {}), 'kubernetes.io/metadata.name': ns }, origin: { kind: 'implied' } });
  }
  const policiesByNamespace = new Map<string, Policy[]>();
  for (const p of policies) (policiesByNamespace.get(p.namespace) ?? policiesByNamespace.set(p.namespace, []).get(p.namespace))?.push(p);
  return { namespaces, workloads, services: [], policies, policiesByNamespace };
}

/** Reference semantics for tests only (numeric and named ports, peers, ipBlocks); the real engine is H4's. */
export function fakeAllowedTraffic(m: Model, from: Endpoint, to: Endpoint): Traffic {
  const side = (self: Endpoint, other: Endpoint, dir: 'ingress' | 'egress') => {
    if (self.kind !== 'workload') return { isolated: false, rules: [] as { p: Policy; r: PolicyRule }[] };
    const ps = (m.policiesByNamespace.get(self.workload.namespace) ?? []).filter((p) => selectorMatches(p.podSelector, self.workload.podLabels) && p.policyTypes.includes(dir));
    const rules: { p: Policy; r: PolicyRule }[] = [];
    for (const p of ps) for (const r of dir === 'ingress' ? p.ingress : p.egress) if (peersMatch(m, p, r, other)) rules.push({ p, r });
    return { isolated: ps.length > 0, rules };
  };
  const e = side(from, to, 'egress');
  const i = side(to, from, 'ingress');
  const dest = to.kind === 'workload' ? to.workload : undefined;
  const set = (s: { isolated: boolean; rules: { r: PolicyRule }[] }) => {
    if (!s.isolated) return undefined; // everything
    const out: Record<Protocol, Set<number> | 'all'> = { TCP: new Set(), UDP: new Set(), SCTP: new Set() };
    let other = false;
    for (const { r } of s.rules) {
      if (!r.ports || r.ports.length === 0) {
        out.TCP = out.UDP = out.SCTP = 'all';
        other = true;
        continue;
      }
      for (const pp of r.ports) {
        const cur = out[pp.protocol];
        if (cur === 'all') continue;
        if (pp.port === undefined) out[pp.protocol] = 'all';
        else if (typeof pp.port === 'number') for (let n = pp.port; n <= (pp.endPort ?? pp.port); n++) cur.add(n);
        else for (const cp of dest?.ports ?? []) if (cp.name === pp.port && cp.protocol === pp.protocol) cur.add(cp.containerPort);
      }
    }
    return { out, other };
  };
  const a = set(e);
  const b = set(i);
  const traffic: Traffic = { byProtocol: {}, other: (a?.other ?? true) && (b?.other ?? true), allowedBy: [], caveats: [] };
  for (const proto of ['TCP', 'UDP', 'SCTP'] as const) {
    const x = a?.out[proto] ?? 'all';
    const y = b?.out[proto] ?? 'all';
    if (x === 'all' && y === 'all') traffic.byProtocol[proto] = { all: true, ranges: [] };
    else {
      const nums = x === 'all' ? [...(y as Set<number>)] : [...x].filter((n) => y === 'all' || y.has(n));
      nums.sort((p, q) => p - q);
      if (nums.length > 0) traffic.byProtocol[proto] = { all: false, ranges: nums.map((n) => ({ from: n, to: n })) };
    }
  }
  const empty = !traffic.other && Object.keys(traffic.byProtocol).length === 0;
  if (!empty) {
    const ref = (p: Policy, r: PolicyRule, direction: 'ingress' | 'egress'): RuleRef => ({ policy: p.id, direction, ruleIndex: r.index, uri: p.origin.kind === 'file' ? p.origin.uri : undefined, span: r.span });
    traffic.allowedBy = [...e.rules.map(({ p, r }) => ref(p, r, 'egress')), ...i.rules.map(({ p, r }) => ref(p, r, 'ingress'))];
  }
  return traffic;
}

function peersMatch(m: Model, p: Policy, r: PolicyRule, other: Endpoint): boolean {
  if (!r.peers || r.peers.length === 0) return true;
  return r.peers.some((peer) => {
    if (peer.ipBlock) {
      if (other.kind !== 'ip') return false;
      const a = parseRange(`${other.address}/${other.address.includes(':') ? 128 : 32}`);
      const c = parseRange(peer.ipBlock.cidr);
      if (!a || !c || a.v6 !== c.v6 || a.start < c.start || a.start > c.end) return false;
      return !peer.ipBlock.except.some((x) => {
        const ex = parseRange(x);
        return ex !== undefined && a.start >= ex.start && a.start <= ex.end;
      });
    }
    if (other.kind !== 'workload') return false;
    const w = other.workload;
    const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, namespaceLabels(m, w.namespace)) : w.namespace === p.namespace;
    return nsOk && (!peer.podSelector || selectorMatches(peer.podSelector, w.podLabels));
  });
}
