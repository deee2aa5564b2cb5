// Fewer, truer edges for the default view: DNS flows to the cluster DNS become a badge on the source, and a
// rule that admits many peers the same way becomes one marker on its node instead of N arrows.
import type { Model } from '../model/types.ts';
import { groupsOf } from './graph.ts';
import { PROTOCOLS, ruleKey } from './traffic.ts';
import type { EdgeTraffic, TopologyEdge, TopologyGraph, TopologyNode } from './types.ts';

/** At this many peers reached the same way (same ports, same deciding rules) the arrows fold into a marker. */
export const FAN_LIMIT = 5;

/** Cluster DNS: CoreDNS/kube-dns by their usual label or name (settings' kube-dns included). */
export function dnsNodeIds(model: Model, graph: TopologyGraph): Set<string> {
  const ids = new Set<string>();
  const dns = new Set(model.workloads.filter((w) => w.podLabels['k8s-app'] === 'kube-dns' || w.name === 'kube-dns' || w.name === 'coredns').map((w) => w.id));
  for (const n of graph.nodes) if (n.workload && dns.has(n.workload.id)) ids.add(n.id);
  return ids;
}

/** Only port 53 (UDP and/or TCP), nothing else. */
function onlyDns(t: EdgeTraffic): boolean {
  if (t.other) return false;
  let some = false;
  for (const p of PROTOCOLS) {
    const x = t.byProtocol[p];
    if (!x) continue;
    if (x.all || x.ranges.some((r) => r.from !== 53 || r.to !== 53) || p === 'SCTP') return false;
    some = true;
  }
  return some;
}

function addBadge(n: TopologyNode, badge: string): void {
  n.badges = [...(n.badges ?? []), badge];
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

export interface DeclutterOptions {
  /** Draw DNS flows to the cluster DNS as arrows (the toggle); a badge when false. */
  dnsEdges: boolean;
}

/** Returns a new graph; the input is left alone. Node and edge ids are kept (clicks and rules still map). */
export function declutter(graph: TopologyGraph, model: Model, options: DeclutterOptions): TopologyGraph {
  const nodes = graph.nodes.map((n) => ({ ...n, ...(n.badges ? { badges: [...n.badges] } : {}) }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let edges = [...graph.edges];
  if (!options.dnsEdges) {
    const dns = dnsNodeIds(model, graph);
    const kept: TopologyEdge[] = [];
    for (const e of edges) {
      const from = byId.get(e.from);
      if (dns.has(e.to) && from && onlyDns(e.traffic)) addBadge(from, `DNS ${e.label.replace(/ · /g, ', ')}`);
      else kept.push(e);
    }
    edges = kept;
  }
  edges = foldFans(edges, byId, 'in');
  edges = foldFans(edges, byId, 'out');
  // Nodes left without an edge that only drew those arrows (the DNS node, the internet) go too.
  const touched = new Set(edges.flatMap((e) => [e.from, e.to]));
  const keep = nodes.filter((n) => touched.has(n.id) || (n.kind !== 'ip-block' && n.kind !== 'cluster-workload') || (graph.edges.every((e) => e.from !== n.id && e.to !== n.id)));
  return { ...graph, nodes: keep, edges, groups: groupsOf(keep), counts: { ...graph.counts, edges: edges.length } };
}

/**
 * Incoming (or outgoing) edges of a node with the same ports and the same deciding rules, from at least
 * FAN_LIMIT peers, say one thing: "this rule admits these peers". They become a marker on the node.
 */
function foldFans(edges: TopologyEdge[], byId: Map<string, TopologyNode>, dir: 'in' | 'out'): TopologyEdge[] {
  const groups = new Map<string, TopologyEdge[]>();
  for (const e of edges) {
    const anchor = dir === 'in' ? e.to : e.from;
    const key = `${anchor}\n${e.label}\n${e.rules.map(ruleKey).sort().join(',')}`;
    (groups.get(key) ?? groups.set(key, []).get(key))?.push(e);
  }
  const dropped = new Set<TopologyEdge>();
  for (const list of groups.values()) {
    if (list.length < FAN_LIMIT) continue;
    const first = list[0] as TopologyEdge;
    const anchor = byId.get(dir === 'in' ? first.to : first.from);
    if (!anchor) continue;
    const peers = list.map((e) => byId.get(dir === 'in' ? e.from : e.to));
    const anywhere = peers.some((p) => p?.ipBlock?.internet === true);
    const what = anywhere ? 'anywhere' : plural(list.length, 'peer');
    addBadge(anchor, dir === 'in' ? `← ${first.label} from ${what}` : `→ ${first.label} to ${what}`);
    for (const e of list) dropped.add(e);
  }
  return edges.filter((e) => !dropped.has(e));
}
