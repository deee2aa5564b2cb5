// Hand-made workspace models for topology tests, and a small stand-in for the connectivity engine.
import { policyTables } from '../../../server/src/core/model/build.ts';
import type { Model, Peer, Policy, PolicyPort, PolicyRule, Selector, Workload, Protocol } from '../../../server/src/core/model/types.ts';

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
  return { namespaces, workloads, services: [], ...policyTables(policies) };
}
