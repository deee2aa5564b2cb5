// Large graphs: fold workloads into one node per namespace (counts, aggregated edges), keeping chosen ones expanded.
import { edgeId, namespaceNodeId } from './ids.ts';
import { groupsOf, WAY_IN_KINDS } from './graph.ts';
import { cmp, mergeRules, trafficLabel, unionTraffic } from './traffic.ts';
import type { TopologyEdge, TopologyGraph, TopologyNode } from './types.ts';

export const DEFAULT_COLLAPSE_ABOVE = 60;

export function shouldCollapse(graph: TopologyGraph, collapseAbove = DEFAULT_COLLAPSE_ABOVE): boolean {
  return graph.nodes.length > collapseAbove;
}

/**
 * Namespace-level view: every namespace not in `expand` becomes one node counting its workloads (and how
 * many are open); edges between the same two nodes are merged (ports united, rules merged, flows counted).
 * Flows inside a folded namespace are counted on its node rather than drawn as loops.
 */
export function collapseTopology(graph: TopologyGraph, expand: readonly string[] = []): TopologyGraph {
  const expanded = new Set(expand);
  const rep = new Map<string, string>();
  const nsNodes = new Map<string, TopologyNode>();
  const nodes: TopologyNode[] = [];
  const folded = new Map<string, number>();
  for (const n of graph.nodes) {
    // A route folds into the gateway that stands for it unless that gateway is opened (its id in `expand`).
    if (n.kind === 'route' && n.foldInto !== undefined && n.foldInto !== n.id && !expanded.has(n.foldInto) && graph.nodes.some((g) => g.id === n.foldInto)) {
      rep.set(n.id, n.foldInto);
      folded.set(n.foldInto, (folded.get(n.foldInto) ?? 0) + 1);
      continue;
    }
    if (n.namespace === undefined || expanded.has(n.namespace) || n.kind === 'namespace' || WAY_IN_KINDS.has(n.kind)) {
      rep.set(n.id, n.id);
      nodes.push(n);
      continue;
    }
    let ns = nsNodes.get(n.namespace);
    if (!ns) {
      ns = { id: namespaceNodeId(n.namespace), kind: 'namespace', label: n.namespace, namespace: n.namespace, workloadCount: 0, openCount: 0, isolation: { ingress: true, egress: true } };
      nsNodes.set(n.namespace, ns);
      nodes.push(ns);
    }
    rep.set(n.id, ns.id);
    if (n.kind === 'service') continue; // drawn in its namespace, but not a workload
    ns.workloadCount = (ns.workloadCount ?? 0) + 1;
    const iso = n.isolation ?? { ingress: false, egress: false };
    if (!iso.ingress && !iso.egress) ns.openCount = (ns.openCount ?? 0) + 1;
    if (ns.isolation) ns.isolation = { ingress: ns.isolation.ingress && iso.ingress, egress: ns.isolation.egress && iso.egress };
  }
  for (const [id, k] of folded) {
    const i = nodes.findIndex((n) => n.id === id);
    if (i >= 0) nodes[i] = { ...(nodes[i] as TopologyNode), foldedRoutes: k };
  }

  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const merged = new Map<string, TopologyEdge>();
  for (const e of graph.edges) {
    const from = rep.get(e.from) ?? e.from;
    const to = rep.get(e.to) ?? e.to;
    if (from === to) {
      // A blocked hop folded away (Service -> its pods in a folded namespace, a gateway's route no listener
      // takes) must stay visible: a mark on the node that stands for it.
      if (e.kind === 'blocked') blockedInside(nodes, from, `✕ ${e.label}${labels.has(e.to) ? ` (${labels.get(e.to)})` : ''}`);
      continue;
    }
    // Steps of the way in merge with each other (labels joined), never with policy flows.
    const key = `${from}\n${to}\n${e.kind ? 'way' : ''}`;
    const prev = merged.get(key);
    if (!prev) merged.set(key, e.kind ? { ...e, from, to } : { ...e, from, to, flows: e.flows ?? 1 });
    else if (e.kind) {
      if (!prev.label.split(', ').includes(e.label)) prev.label = `${prev.label}, ${e.label}`;
      prev.rules = mergeRules(prev.rules, e.rules);
      prev.caveats = [...new Set([...prev.caveats, ...e.caveats])].sort();
      if (e.kind === 'blocked') prev.kind = 'blocked';
    } else {
      prev.traffic = unionTraffic(prev.traffic, e.traffic);
      prev.rules = mergeRules(prev.rules, e.rules);
      prev.caveats = [...new Set([...prev.caveats, ...e.caveats])].sort();
      prev.flows = (prev.flows ?? 1) + (e.flows ?? 1);
    }
  }
  // Namespace nodes sit in namespace order among the other nodes.
  const order = (n: TopologyNode) => (WAY_IN_KINDS.has(n.kind) ? '' : n.namespace === undefined ? '\uffff' : n.namespace);
  nodes.sort((a, b) => cmp(order(a), order(b)) || (a.kind === 'namespace' ? -1 : b.kind === 'namespace' ? 1 : 0));
  const rank = new Map(nodes.map((n, i) => [n.id, i]));
  const edges = [...merged.values()]
    .sort((a, b) => (rank.get(a.from) ?? 0) - (rank.get(b.from) ?? 0) || (rank.get(a.to) ?? 0) - (rank.get(b.to) ?? 0))
    .map((e, i) => ({ ...e, id: edgeId(i), label: e.kind ? e.label : trafficLabel(e.traffic) }));

  return { ...graph, nodes, edges, groups: groupsOf(nodes), collapsed: true, expanded: [...expanded].sort(cmp), counts: { ...graph.counts, edges: edges.length } };
}

function blockedInside(nodes: TopologyNode[], id: string, badge: string): void {
  const i = nodes.findIndex((n) => n.id === id);
  const n = nodes[i];
  if (!n || n.badges?.includes(badge)) return;
  nodes[i] = { ...n, badges: [...(n.badges ?? []), badge] };
}

export const DEFAULT_MAX_EDGES = 200;

/**
 * Keeps a drawing readable (and quick to lay out): while the graph has more than `maxEdges` edges, the flows
 * inside the namespace with the most internal flows are counted on its group title instead of drawn (a
 * same-namespace allow rule makes a full mesh: 20 workloads are 380 arrows that say one thing).
 */
export function foldDenseNamespaces(graph: TopologyGraph, maxEdges = DEFAULT_MAX_EDGES): TopologyGraph {
  if (graph.edges.length <= maxEdges) return graph;
  const nsOf = new Map(graph.nodes.filter((n) => n.kind !== 'namespace' && n.namespace !== undefined).map((n) => [n.id, n.namespace as string]));
  const inside = new Map<string, number>();
  for (const e of graph.edges) {
    const a = nsOf.get(e.from);
    if (a !== undefined && a === nsOf.get(e.to)) inside.set(a, (inside.get(a) ?? 0) + 1);
  }
  const folded = new Map<string, number>();
  let count = graph.edges.length;
  for (const [ns, n] of [...inside.entries()].sort((x, y) => y[1] - x[1] || cmp(x[0], y[0]))) {
    if (count <= maxEdges) break;
    folded.set(ns, n);
    count -= n;
  }
  if (folded.size === 0) return graph;
  const edges = graph.edges.filter((e) => {
    const a = nsOf.get(e.from);
    return !(a !== undefined && a === nsOf.get(e.to) && folded.has(a));
  });
  const groups = graph.groups.map((g) => {
    const n = g.namespace !== undefined ? folded.get(g.namespace) : undefined;
    return n === undefined ? g : { ...g, label: `${g.label} · ${n} flows inside, not drawn` };
  });
  return { ...graph, edges, groups, folded: [...folded.entries()].map(([namespace, flows]) => ({ namespace, flows })) };
}
