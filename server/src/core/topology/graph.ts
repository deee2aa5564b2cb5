// Builds the topology graph from the model: workload and external nodes, and the flows the engine allows.
import type { Model, Workload } from '../model/types.ts';
import type { PolicyIR } from '../policy/types.ts';
import type { Endpoint, Traffic } from '../connectivity/types.ts';
import { blockLabel, collectBlocks, representativeAddress, type ExternalBlock } from './externals.ts';
import { EXTERNAL_GROUP_ID, WAY_IN_GROUP_ID, edgeId, ipBlockNodeId, namespaceGroupId, workloadNodeId } from './ids.ts';
import { wayIn, type WayInInput } from './wayin.ts';
import { collectIdentities, identityEndpoint, identityLabel, identityNodeId, type IdentityPeer } from './identities.ts';
import { Selections } from './select.ts';
import { cmp, edgeTraffic, isEmptyTraffic, mergeRules, trafficLabel } from './traffic.ts';
import type { TopologyEdge, TopologyGraph, TopologyGroup, TopologyNode, TopologyOptions, TopologyScope } from './types.ts';

export type AllowedTrafficFn = (model: Model, from: Endpoint, to: Endpoint) => Traffic;

/** An edge before numbering: the engine's answer, and (blocked FQDN rules) a label and kind of its own. */
interface RawEdge {
  from: string;
  to: string;
  t: Traffic;
  label?: string;
  kind?: 'blocked';
}

/** Namespaces the scope is about: all, or those of the objects declared in one file. */
export function scopeNamespaces(model: Model, scope: TopologyScope): Set<string> | undefined {
  if (scope.kind === 'workspace') return undefined;
  const out = new Set<string>();
  const inFile = (o: { origin: { kind: string; uri?: string } }) => o.origin.kind === 'file' && o.origin.uri === scope.uri;
  for (const w of model.workloads) if (inFile(w)) out.add(w.namespace);
  for (const p of model.policyIndex.byNamespace.values()) for (const x of p) if (inFile(x) && x.namespace !== undefined) out.add(x.namespace);
  for (const s of model.services) if (inFile(s)) out.add(s.namespace);
  for (const n of model.namespaces.values()) if (inFile(n)) out.add(n.name);
  return out;
}

function workloadOrder(a: Workload, b: Workload): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind);
}

/** Workloads with the same namespace, labels and ports get the same answer from the engine: ask once. */
function classKey(w: Workload): string {
  const labels = Object.entries(w.podLabels).sort(([a], [b]) => cmp(a, b));
  const ports = w.ports.map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`).sort();
  return JSON.stringify([w.namespace, labels, ports]);
}

export function workloadNode(w: Workload, sel: Selections): TopologyNode {
  const node: TopologyNode = {
    id: workloadNodeId(w.kind, w.namespace, w.name),
    kind: w.kind === 'ClusterWorkload' ? 'cluster-workload' : 'workload',
    label: w.name,
    namespace: w.namespace,
    workload: { id: w.id, kind: w.kind, name: w.name },
    isolation: sel.isolation(w),
  };
  if (w.origin.kind === 'file') node.location = { uri: w.origin.uri, span: w.origin.nameSpan ?? w.origin.span };
  return node;
}

/**
 * The graph of allowed flows. Edges are flows that some policy rule decides (the source is egress-isolated
 * and a rule lets it out, or the destination is ingress-isolated and a rule lets it in), each computed by the
 * connectivity engine; pairs where neither side is isolated are open and drawn only with `openFlows`.
 */
export function buildTopology(model: Model, options: TopologyOptions, scope: TopologyScope, allowedTraffic: AllowedTrafficFn, wayInput?: WayInInput): TopologyGraph {
  const sel = new Selections(model);
  const showExternal = options.externalPeers;
  const filter = options.namespaces && options.namespaces.length > 0 ? new Set(options.namespaces) : undefined;
  const scopeNs = scopeNamespaces(model, scope);
  if (scopeNs && scope.kind === 'file' && wayInput) for (const ns of wayInScope(wayInput, scope.uri)) scopeNs.add(ns);
  const inFocus = (w: Workload) => (!scopeNs || scopeNs.has(w.namespace)) && (!filter || filter.has(w.namespace));
  // Scope and filter pick the focus; the workloads that talk to it are shown too (a flow has two ends).
  const mayShow = (w: Workload) => showExternal || w.kind !== 'ClusterWorkload';
  const workloads = model.workloads.filter(mayShow).sort(workloadOrder);
  const focus = new Set(workloads.filter(inFocus));

  // Inverse of ingress rules: for each source, the ingress-isolated destinations whose rules may admit it.
  const admittedBy = new Map<Workload, Set<Workload>>();
  const admitAll: Workload[] = [];
  for (const b of workloads) {
    if (!sel.isolation(b).ingress) continue;
    const t = sel.ruleTargets(b, 'ingress');
    if (t.all) admitAll.push(b);
    else for (const a of t.set) (admittedBy.get(a) ?? admittedBy.set(a, new Set()).get(a))?.add(b);
  }

  // Per-workload facts computed once (the pair loop runs up to n² times).
  const keyOf = new Map(workloads.map((w) => [w, classKey(w)]));
  const idOf = new Map(workloads.map((w) => [w, workloadNodeId(w.kind, w.namespace, w.name)]));
  const cache = new Map<string, Traffic>();
  const ask = (a: Workload, b: Workload): Traffic => {
    const key = `${keyOf.get(a)}\n${keyOf.get(b)}`;
    let t = cache.get(key);
    if (!t) {
      t = allowedTraffic(model, { kind: 'workload', workload: a }, { kind: 'workload', workload: b });
      cache.set(key, t);
    }
    return t;
  };

  const shown = new Set<Workload>(focus);
  const raw: RawEdge[] = [];
  const visible = new Set(workloads);
  const keep = (t: Traffic) => {
    const et = edgeTraffic(t);
    return !isEmptyTraffic(et) && (options.openFlows === true || t.allowedBy.length > 0);
  };
  for (const a of workloads) {
    let candidates: Iterable<Workload>;
    if (options.openFlows) candidates = workloads;
    else if (sel.isolation(a).egress) {
      const t = sel.ruleTargets(a, 'egress');
      candidates = t.all ? workloads : t.set;
    } else candidates = [...(admittedBy.get(a) ?? []), ...admitAll];
    const done = new Set<Workload>();
    for (const b of candidates) {
      if (b === a || done.has(b) || !visible.has(b) || !(focus.has(a) || focus.has(b))) continue;
      done.add(b);
      const t = ask(a, b);
      if (!keep(t)) continue;
      raw.push({ from: idOf.get(a) ?? '', to: idOf.get(b) ?? '', t });
      shown.add(a);
      shown.add(b);
    }
  }

  // The way in (gateways, routes, Services), drawn with the external peers, for the Services in focus.
  const way = wayInput && showExternal ? wayIn(model, wayInput, (ns) => (!scopeNs || scopeNs.has(ns)) && (!filter || filter.has(ns))) : undefined;
  for (const w of way?.workloads ?? []) if (visible.has(w)) shown.add(w);
  const wayNodes = way?.nodes ?? [];
  const nodes: TopologyNode[] = [...wayNodes.filter((n) => n.kind !== 'service'), ...[...shown].sort(workloadOrder).map((w) => workloadNode(w, sel)), ...wayNodes.filter((n) => n.kind === 'service')];
  const relevantPolicies = policiesFor(model, sel, focus);
  const externalNodes: TopologyNode[] = [];
  if (showExternal) {
    const blocks = collectBlocks(relevantPolicies, model);
    for (const block of blocks) {
      const id = ipBlockNodeId(block.cidr, block.except);
      const before = raw.length;
      addBlockEdges(model, block, blocks, [...focus], sel, allowedTraffic, keep, id, raw);
      if (raw.length > before) {
        externalNodes.push({ id, kind: 'ip-block', label: blockLabel(block), ipBlock: { cidr: block.cidr, except: block.except, internet: block.internet } });
      }
    }
    for (const x of collectIdentities(relevantPolicies)) {
      const id = identityNodeId(x);
      const before = raw.length;
      addIdentityEdges(model, x, [...focus], sel, allowedTraffic, keep, id, raw);
      if (raw.length > before) externalNodes.push({ id, kind: x.kind, label: identityLabel(x), identity: { kind: x.kind, name: x.name, ...(x.pattern ? { pattern: true } : {}) } });
    }
  }
  nodes.push(...externalNodes);

  const rank = new Map(nodes.map((n, i) => [n.id, i]));
  const unnumbered: TopologyEdge[] = raw.map((r) => {
    const traffic = edgeTraffic(r.t);
    const e: TopologyEdge = { id: '', from: r.from, to: r.to, label: r.label ?? trafficLabel(traffic), traffic, rules: mergeRules(r.t.allowedBy), caveats: [...new Set(r.t.caveats)].sort() };
    if (r.t.l7 && r.t.l7.length > 0) e.l7 = [...r.t.l7];
    if (r.kind) e.kind = r.kind;
    return e;
  });
  for (const e of way?.edges ?? []) if (rank.has(e.from) && rank.has(e.to)) unnumbered.push({ id: '', ...e });
  unnumbered.sort((x, y) => (rank.get(x.from) ?? 0) - (rank.get(y.from) ?? 0) || (rank.get(x.to) ?? 0) - (rank.get(y.to) ?? 0));
  const edges = unnumbered.map((e, i) => ({ ...e, id: edgeId(i) }));

  // Counted over every drawn workload (a namespace filter also draws the workloads that talk to it).
  const drawnPolicies = policiesFor(model, sel, shown);
  return {
    nodes,
    edges,
    groups: groupsOf(nodes),
    collapsed: false,
    expanded: [],
    counts: {
      namespaces: new Set(nodes.filter((n) => n.namespace !== undefined && !WAY_IN_KINDS.has(n.kind)).map((n) => n.namespace)).size,
      workloads: nodes.filter((n) => n.kind === 'workload' || n.kind === 'cluster-workload').length,
      policies: drawnPolicies.length,
      policyKinds: kindCounts(drawnPolicies),
      externals: externalNodes.length,
      edges: edges.length,
    },
  };
}

function kindCounts(policies: readonly PolicyIR[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of policies) out[p.kind] = (out[p.kind] ?? 0) + 1;
  return out;
}

/** The arrows by what they are: flows a policy rule allows, steps of the way in, and blocked ones (either). */
export function arrowCounts(g: Pick<TopologyGraph, 'edges'>): { flows: number; wayIn: number; blocked: number } {
  const out = { flows: 0, wayIn: 0, blocked: 0 };
  for (const e of g.edges) {
    if (e.kind === 'way') out.wayIn++;
    else if (e.kind === 'blocked') out.blocked++;
    else out.flows++;
  }
  return out;
}

/**
 * A file of Gateways or routes is about the Services they send to: their namespaces join the file's scope, so
 * the preview of a route file shows its way in.
 */
function wayInScope(input: WayInInput, uri: string): Set<string> {
  const out = new Set<string>();
  const { routing } = input;
  for (const p of routing.parents) {
    if (p.route.uri !== uri && p.gateway?.uri !== uri) continue;
    out.add(p.route.namespace);
    for (const b of routing.backends) if (b.route === p.route) out.add(b.backend.namespace);
  }
  for (const ing of routing.gw.ingresses) if (ing.uri === uri) out.add(ing.namespace);
  return out;
}

/** Policies that select a focused workload (their ipBlocks become external nodes). */
function policiesFor(model: Model, sel: Selections, focus: ReadonlySet<Workload>): PolicyIR[] {
  const out = new Set<PolicyIR>();
  for (const w of focus) for (const p of sel.policiesSelecting(w)) out.add(p);
  return model.policyIR.filter((p) => out.has(p));
}

function addBlockEdges(
  model: Model,
  block: ExternalBlock,
  blocks: readonly ExternalBlock[],
  focus: readonly Workload[],
  sel: Selections,
  allowedTraffic: AllowedTrafficFn,
  keep: (t: Traffic) => boolean,
  id: string,
  raw: RawEdge[],
): void {
  const address = representativeAddress(block, blocks);
  if (address === undefined) return;
  const ip: Endpoint = { kind: 'ip', address };
  for (const w of focus) {
    const wid = workloadNodeId(w.kind, w.namespace, w.name);
    const iso = sel.isolation(w);
    if (block.egress && iso.egress) {
      const t = allowedTraffic(model, { kind: 'workload', workload: w }, ip);
      if (keep(t)) raw.push({ from: wid, to: id, t });
    }
    if (block.ingress && iso.ingress) {
      const t = allowedTraffic(model, ip, { kind: 'workload', workload: w });
      if (keep(t)) raw.push({ from: id, to: wid, t });
    }
  }
}

/**
 * Entities and FQDN names the rules of the focused workloads name, asked about like ip blocks: only for the
 * isolated direction (else nothing decides). A toFQDNs rule that allows nothing because the workload's DNS
 * does not go through Cilium's proxy is drawn as a blocked edge, so the mistake shows.
 */
function addIdentityEdges(
  model: Model,
  x: IdentityPeer,
  focus: readonly Workload[],
  sel: Selections,
  allowedTraffic: AllowedTrafficFn,
  keep: (t: Traffic) => boolean,
  id: string,
  raw: RawEdge[],
): void {
  const peer = identityEndpoint(x);
  for (const w of focus) {
    const wid = workloadNodeId(w.kind, w.namespace, w.name);
    const iso = sel.isolation(w);
    if (x.egress && iso.egress) {
      const t = allowedTraffic(model, { kind: 'workload', workload: w }, peer);
      if (keep(t)) raw.push({ from: wid, to: id, t });
      else if (x.kind === 'fqdn' && t.caveats.some((c) => c.includes('toFQDNs') && c.includes(`${w.namespace}/${w.name}`))) {
        raw.push({ from: wid, to: id, t, label: 'allows nothing: DNS not through the proxy', kind: 'blocked' });
      }
    }
    if (x.ingress && iso.ingress) {
      const t = allowedTraffic(model, peer, { kind: 'workload', workload: w });
      if (keep(t)) raw.push({ from: id, to: wid, t });
    }
  }
}

/** Nodes drawn in the "way in" group (Services are drawn in their namespace, next to their pods). */
export const WAY_IN_KINDS: ReadonlySet<string> = new Set(['gateway', 'route', 'ingress', 'outside']);

export function groupsOf(nodes: readonly TopologyNode[]): TopologyGroup[] {
  const byNs = new Map<string, string[]>();
  const external: string[] = [];
  const wayIn: string[] = [];
  for (const n of nodes) {
    if (WAY_IN_KINDS.has(n.kind)) wayIn.push(n.id);
    else if (n.namespace === undefined) external.push(n.id);
    else if (n.kind !== 'namespace') (byNs.get(n.namespace) ?? byNs.set(n.namespace, []).get(n.namespace))?.push(n.id);
  }
  const groups: TopologyGroup[] = [...byNs.keys()].sort(cmp).map((ns) => ({
    id: namespaceGroupId(ns),
    label: ns,
    kind: 'namespace',
    namespace: ns,
    nodeIds: byNs.get(ns) ?? [],
  }));
  if (external.length > 0) groups.push({ id: EXTERNAL_GROUP_ID, label: 'external', kind: 'external', nodeIds: external });
  // First, so a left-to-right drawing starts where requests come in.
  if (wayIn.length > 0) groups.unshift({ id: WAY_IN_GROUP_ID, label: 'way in', kind: 'way-in', nodeIds: wayIn });
  return groups;
}
