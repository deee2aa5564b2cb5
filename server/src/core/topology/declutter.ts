// Fewer, truer edges for the default view: DNS flows to the cluster DNS become a badge on the source, and a
// rule that admits many peers the same way becomes one marker on its node instead of N arrows.
import type { Model } from '../model/types.ts';
import { groupsOf } from './graph.ts';
import { l7Kinds } from './mermaid.ts';
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

/** Only port 53 (UDP and/or TCP; SCTP too when a Cilium `ANY` port names it), nothing else. */
function onlyDns(t: EdgeTraffic): boolean {
  if (t.other) return false;
  let some = false;
  for (const p of PROTOCOLS) {
    const x = t.byProtocol[p];
    if (!x) continue;
    if (x.all || x.ranges.some((r) => r.from !== 53 || r.to !== 53)) return false;
    some ||= p !== 'SCTP';
  }
  return some;
}

function addBadge(n: TopologyNode, badge: string): void {
  n.badges = [...(n.badges ?? []), badge];
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/** Nodes that exist only as the far end of flows: gone when their arrows became badges. */
const PEER_ONLY: ReadonlySet<string> = new Set(['ip-block', 'cluster-workload', 'entity', 'fqdn']);

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
      if (dns.has(e.to) && from && onlyDns(e.traffic) && e.kind === undefined) addBadge(from, `DNS ${e.label.replace(/ · /g, ', ')}${e.l7 ? ' · L7 DNS' : ''}`);
      else kept.push(e);
    }
    edges = kept;
  }
  edges = foldFans(edges, byId, 'in');
  edges = foldFans(edges, byId, 'out');
  // Nodes left without an edge that only drew those arrows (the DNS node, the internet) go too.
  const touched = new Set(edges.flatMap((e) => [e.from, e.to]));
  const keep = nodes.filter((n) => touched.has(n.id) || !PEER_ONLY.has(n.kind) || (graph.edges.every((e) => e.from !== n.id && e.to !== n.id)));
  return { ...graph, nodes: keep, edges, groups: groupsOf(keep), counts: { ...graph.counts, edges: edges.length } };
}

/**
 * Incoming (or outgoing) edges of a node with the same ports and the same deciding rules, from at least
 * FAN_LIMIT peers, say one thing: "this rule admits these peers". They become a marker on the node.
 */
function foldFans(edges: TopologyEdge[], byId: Map<string, TopologyNode>, dir: 'in' | 'out'): TopologyEdge[] {
  const groups = new Map<string, TopologyEdge[]>();
  for (const e of edges) {
    // Steps of the way in and blocked rules are never folded: each says something of its own.
    if (e.kind !== undefined) continue;
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
    const l7 = l7Kinds(first);
    const label = l7.length > 0 ? `${first.label} · L7 ${l7.join(', ')}` : first.label;
    addBadge(anchor, dir === 'in' ? `← ${label} from ${what}` : `→ ${label} to ${what}`);
    for (const e of list) dropped.add(e);
  }
  return edges.filter((e) => !dropped.has(e));
}
