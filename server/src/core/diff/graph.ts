// The diff as a drawing: opened flows green, closed flows red dashed, unchanged (rule-decided) flows grey, on
// the topology's own Mermaid (so copy/export stay paste-ready). Traffic of unisolated pods is listed, not drawn.
import { isolatingPolicies } from '../policy/select.ts';
import type { Model, Workload } from '../model/types.ts';
import { groupsOf } from '../topology/graph.ts';
import { edgeId } from '../topology/ids.ts';
import { gatewayNodeId, ingressNodeId, serviceNodeId } from '../topology/wayin.ts';
import { toMermaid } from '../topology/mermaid.ts';
import { isEmptyTraffic, trafficLabel } from '../topology/traffic.ts';
import type { TopologyEdge, TopologyGraph, TopologyNode } from '../topology/types.ts';
import type { ConnectivityDiff, FlowEndpoint } from './types.ts';

export type EdgeStatus = 'added' | 'removed' | 'unchanged';

export interface DiffView {
  graph: TopologyGraph;
  mermaid: string;
  /** Per edge id: what the change did to it. */
  status: Record<string, EdgeStatus>;
  /** Changed flows between pods no policy isolates (either revision): counted here, listed beside the graph. */
  undecided: number;
}

/** Mermaid `linkStyle` per status (edges are numbered in the order they are written). */
export const DIFF_LINK_STYLES: Record<EdgeStatus, string> = {
  added: 'stroke:#2da44e,stroke-width:3px,color:#2da44e',
  removed: 'stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4,color:#cf222e',
  unchanged: 'stroke:#8c959f,stroke-width:1px,opacity:0.55',
};

function findWorkload(model: Model, e: FlowEndpoint): Workload | undefined {
  return model.workloads.find((w) => w.id === e.name && w.kind === e.workloadKind);
}

function node(e: FlowEndpoint, base: Model, head: Model): TopologyNode {
  if (e.kind === 'ip-block' || e.kind === 'entity' || e.kind === 'fqdn') return { id: e.id, kind: e.kind, label: e.name };
  const model = e.inHead ? head : base;
  const w = findWorkload(model, e);
  const label = `${e.name.slice((e.namespace?.length ?? -1) + 1)}${e.inHead ? (e.inBase ? '' : ' (new)') : ' (removed)'}`;
  const n: TopologyNode = { id: e.id, kind: e.kind, label, ...(e.namespace !== undefined ? { namespace: e.namespace } : {}) };
  if (w) {
    n.workload = { id: w.id, kind: w.kind, name: w.name };
    n.isolation = { ingress: isolatingPolicies(model, w, 'ingress').length > 0, egress: isolatingPolicies(model, w, 'egress').length > 0 };
    if (w.origin.kind === 'file') n.location = { uri: w.origin.uri, span: w.origin.nameSpan ?? w.origin.span };
  }
  return n;
}

/**
 * Pairs whose flows a rule decides (in either revision) are drawn: one green edge for what opened, one red
 * dashed edge for what closed, and, as context, a grey edge for the unchanged flows of the endpoints a change
 * touches. Undecided changes (unisolated pods) are counted; the flows list beside the graph names them.
 */
export function diffView(diff: ConnectivityDiff, base: Model, head: Model): DiffView {
  const edges: TopologyEdge[] = [];
  const status: Record<string, EdgeStatus> = {};
  const used = new Map<string, FlowEndpoint>();
  let undecided = 0;
  const push = (p: (typeof diff.pairs)[number], s: EdgeStatus, traffic: TopologyEdge['traffic']) => {
    const id = edgeId(edges.length);
    const sign = s === 'added' ? '+ ' : s === 'removed' ? '− ' : '';
    const rules = s === 'removed' ? p.baseRules : p.rules;
    edges.push({ id, from: p.from.id, to: p.to.id, label: `${sign}${trafficLabel(traffic)}`, traffic, rules, caveats: [] });
    status[id] = s;
    used.set(p.from.id, p.from);
    used.set(p.to.id, p.to);
  };
  const isChanged = (p: (typeof diff.pairs)[number]) => !isEmptyTraffic(p.added) || !isEmptyTraffic(p.removed);
  // Unchanged flows are context for a reviewer only next to a change: those touching a changed endpoint.
  const touched = new Set(diff.pairs.filter((p) => isChanged(p) && (p.decided || p.decidedBase)).flatMap((p) => [p.from.id, p.to.id]));
  for (const p of diff.pairs) {
    const changed = isChanged(p);
    if (!p.decided && !p.decidedBase) {
      if (changed) undecided++;
      continue;
    }
    if (!isEmptyTraffic(p.added)) push(p, 'added', p.added);
    if (!isEmptyTraffic(p.removed)) push(p, 'removed', p.removed);
    if (!changed && !isEmptyTraffic(p.unchanged) && (touched.has(p.from.id) || touched.has(p.to.id))) push(p, 'unchanged', p.unchanged);
  }
  const order = new Map(diff.endpoints.map((e, i) => [e.id, i]));
  const nodes = [...used.values()].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)).map((e) => node(e, base, head));
  exposureEdges(diff, nodes, edges, status);
  const graph: TopologyGraph = {
    nodes,
    edges,
    groups: groupsOf(nodes),
    collapsed: false,
    expanded: [],
    counts: {
      namespaces: new Set(nodes.map((n) => n.namespace).filter((n) => n !== undefined)).size,
      workloads: nodes.filter((n) => n.kind === 'workload' || n.kind === 'cluster-workload').length,
      policies: head.policyIR.length,
      externals: nodes.filter((n) => n.kind === 'ip-block' || n.kind === 'entity' || n.kind === 'fqdn').length,
      edges: edges.length,
    },
  };
  const styles = edges.map((e, i) => `  linkStyle ${i} ${DIFF_LINK_STYLES[status[e.id] ?? 'unchanged']}`);
  const mermaid = nodes.length === 0 ? toMermaid(graph) : `${toMermaid(graph)}${styles.join('\n')}${styles.length > 0 ? '\n' : ''}`;
  return { graph, mermaid, status, undecided };
}

/** `Gateway infra/edge` -> its node; `apps/web:80` -> the Service's node (the ids the topology's way in uses). */
function entryNode(entry: string): TopologyNode {
  const [kind = '', id = ''] = entry.split(' ');
  const [ns = '', name = ''] = id.split('/');
  if (kind === 'Gateway') return { id: gatewayNodeId(ns, name), kind: 'gateway', label: entry, namespace: ns };
  if (kind === 'Ingress' || kind === 'IngressRoute') return { id: ingressNodeId(kind, ns, name), kind: 'ingress', label: entry, namespace: ns };
  return { id: serviceNodeId(ns, name), kind: 'service', label: `Service ${name} (${kind})`, namespace: ns };
}

/**
 * What a change exposes (green) or hides (red dashed) from outside: an edge from the entry to the Service per
 * URL. A URL still routed but now dropped by a policy says so on its edge.
 */
function exposureEdges(diff: ConnectivityDiff, nodes: TopologyNode[], edges: TopologyEdge[], status: Record<string, EdgeStatus>): void {
  const have = new Set(nodes.map((n) => n.id));
  const add = (n: TopologyNode) => {
    if (!have.has(n.id)) {
      have.add(n.id);
      nodes.push(n);
    }
    return n.id;
  };
  for (const [s, list] of [['added', diff.exposure.exposed], ['removed', diff.exposure.hidden]] as const) {
    for (const x of list) {
      const from = add(entryNode(x.entry));
      const [svcId = '', port = ''] = x.service.split(':');
      const [ns = '', name = ''] = svcId.split('/');
      const to = add({ id: serviceNodeId(ns, name), kind: 'service', label: `Service ${name}`, namespace: ns });
      const id = edgeId(edges.length);
      const note = x.change === 'blocked' ? ' (now dropped by a policy)' : '';
      edges.push({ id, from, to, label: `${s === 'added' ? '+ ' : '− '}${x.url} → ${port}${note}`, traffic: { byProtocol: {}, other: false }, rules: [], caveats: [], kind: 'way' });
      status[id] = s;
    }
  }
}
