// Focus mode: one workload's inbound and outbound flows (one hop), or the flows one policy decides, from the
// full graph, with the deciding rules written on each arrow.
import { groupsOf } from './graph.ts';
import { edgeId } from './ids.ts';
import type { TopologyEdge, TopologyGraph } from './types.ts';

export type FocusTarget = { kind: 'node'; id: string } | { kind: 'policy'; name: string };

function rulesText(e: TopologyEdge): string {
  const names = [...new Set(e.rules.map((r) => `${r.policy} (${r.direction === 'ingress' ? 'in' : 'out'})`))];
  return names.length > 0 ? ` · by ${names.join(', ')}` : '';
}

/** The focused subgraph; `undefined` when the target is not in the graph (a stale search pick). */
export function focusTopology(full: TopologyGraph, target: FocusTarget): TopologyGraph | undefined {
  const touches = (e: TopologyEdge) => (target.kind === 'node' ? e.from === target.id || e.to === target.id : e.rules.some((r) => r.policy === target.name));
  if (target.kind === 'node' && !full.nodes.some((n) => n.id === target.id)) return undefined;
  const picked = full.edges.filter(touches);
  const ids = new Set(picked.flatMap((e) => [e.from, e.to]));
  if (target.kind === 'node') ids.add(target.id);
  const nodes = full.nodes.filter((n) => ids.has(n.id));
  const edges = picked.map((e, i) => ({ ...e, id: edgeId(i), label: `${e.label}${rulesText(e)}` }));
  return {
    ...full,
    nodes,
    edges,
    groups: groupsOf(nodes),
    collapsed: false,
    expanded: [],
    counts: {
      ...full.counts,
      namespaces: new Set(nodes.map((n) => n.namespace).filter((n) => n !== undefined)).size,
      workloads: nodes.filter((n) => n.kind === 'workload' || n.kind === 'cluster-workload').length,
      externals: nodes.filter((n) => n.kind === 'ip-block').length,
      edges: edges.length,
    },
  };
}
