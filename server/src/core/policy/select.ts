// The one selection module: which workloads a policy's subject and a rule's endpoint peers select, for every
// policy kind (pod labels or Cilium identity labels, namespace scopes), memoised on the model. Connectivity,
// topology, reports, hover, completion and the rules all ask here.
import type { Model, ModelMemo, Peer, Policy, Selector, Workload } from '../model/types.ts';
import { NAME_LABEL } from '../model/namespaces.ts';
import { parseCidr, type AddrRange } from '../connectivity/addr.ts';
import { matchesSelector } from '../connectivity/selectors.ts';
import { finish } from '../steps.ts';
import { byContent, labelIndex, narrowed, scopeKey, selectedWorkloadsSteps, selectorKey, subjectKey } from './narrow.ts';
import { buildPolicyIndex, policyCandidates, type PolicyLabelIndex } from './policy-index.ts';
import type { Direction } from '../model/types.ts';
import type { IRRule, LabelSpace, NamespaceScope, PolicyIR, PolicyPeer, PolicySubject } from './types.ts';

export { matchesSelector };

export function memoOf(model: Model): ModelMemo {
  model.memo ??= {};
  return model.memo;
}

export function cidrOf(model: Model, text: string): AddrRange | undefined {
  const m = memoOf(model);
  m.cidrs ??= new Map();
  if (!m.cidrs.has(text)) m.cidrs.set(text, parseCidr(text));
  return m.cidrs.get(text) as AddrRange | undefined;
}

/** Workloads of one namespace, in model order. */
export function workloadsIn(model: Model, ns: string): readonly Workload[] {
  const m = memoOf(model);
  if (!m.byNamespace) {
    m.byNamespace = new Map();
    for (const w of model.workloads) {
      const list = m.byNamespace.get(w.namespace);
      if (list) list.push(w);
      else m.byNamespace.set(w.namespace, [w]);
    }
  }
  return m.byNamespace.get(ns) ?? [];
}

export function namespaceLabels(model: Model, ns: string): Record<string, string> {
  return model.namespaces.get(ns)?.labels ?? { [NAME_LABEL]: ns };
}

/** Whether a namespaceSelector matches the namespace `ns` (memoised per selector object). */
export function namespaceMatches(model: Model, sel: Selector, ns: string): boolean {
  const m = memoOf(model);
  m.namespaceMatches ??= new WeakMap();
  let perNs = m.namespaceMatches.get(sel);
  if (!perNs) {
    perNs = new Map();
    m.namespaceMatches.set(sel, perNs);
  }
  let hit = perNs.get(ns);
  if (hit === undefined) {
    hit = matchesSelector(sel, namespaceLabels(model, ns));
    perNs.set(ns, hit);
  }
  return hit;
}

export const CILIUM_NS_KEY = 'io.kubernetes.pod.namespace';
export const CILIUM_NS_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const CILIUM_SA_KEY = 'io.cilium.k8s.policy.serviceaccount';
export const CILIUM_CLUSTER_KEY = 'io.cilium.k8s.policy.cluster';

/**
 * Cilium's identity labels of a workload's pods (source prefixes dropped): its pod labels, its namespace, the
 * namespace's labels, its service account and the cluster name (`default`).
 */
export function identityLabels(model: Model, w: Workload): Readonly<Record<string, string>> {
  const m = memoOf(model);
  m.identity ??= new WeakMap();
  let labels = m.identity.get(w);
  if (!labels) {
    labels = { ...w.podLabels };
    for (const [k, v] of Object.entries(namespaceLabels(model, w.namespace))) labels[`${CILIUM_NS_LABELS_PREFIX}${k}`] = v;
    labels[CILIUM_NS_KEY] = w.namespace;
    labels[CILIUM_SA_KEY] = w.serviceAccountName ?? 'default';
    labels[CILIUM_CLUSTER_KEY] = 'default';
    m.identity.set(w, labels);
  }
  return labels;
}

export function labelsOf(model: Model, space: LabelSpace, w: Workload): Readonly<Record<string, string>> {
  return space === 'identity' ? identityLabels(model, w) : w.podLabels;
}

/** Whether a namespace scope admits namespace `ns`. */
export function scopeAdmits(model: Model, scope: NamespaceScope, ns: string): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'names') return scope.names.includes(ns);
  return namespaceMatches(model, scope.selector, ns);
}

/** Namespaces (of the model's table) a scope admits, sorted. */
export function scopeNamespaces(model: Model, scope: NamespaceScope): string[] {
  if (scope.kind === 'names') return [...scope.names].sort();
  return [...model.namespaces.keys()].filter((ns) => scopeAdmits(model, scope, ns)).sort();
}

/** Whether a subject selects the workload. Node subjects (CCNP nodeSelector) select no workload. */
export function subjectSelects(model: Model, s: PolicySubject, w: Workload): boolean {
  return !s.nodes && scopeAdmits(model, s.namespaces, w.namespace) && matchesSelector(s.selector, labelsOf(model, s.labels, w));
}

export function isValidIR(p: { invalid?: string[] }): boolean {
  return !p.invalid || p.invalid.length === 0;
}

/**
 * A rule that admits nothing: an explicit empty peer list, peers that match nothing or only the `none` entity
 * (Cilium's explicit default-deny, `fromEntities: [none]`), or an explicit empty port list without ICMP types.
 */
export function admitsNothing(r: Pick<IRRule, 'peers' | 'ports' | 'icmps'>): boolean {
  if (r.peers !== undefined && r.peers.every((p) => p.kind === 'nothing' || (p.kind === 'entity' && p.entity === 'none'))) return true;
  return r.ports !== undefined && r.ports.length === 0 && r.icmps === undefined;
}

/**
 * Whether a subject is every pod of `ns`: its scope admits `ns` and its selector is empty or (Cilium identity
 * labels) speaks only of the namespace key, in a way `ns` satisfies (`io.kubernetes.pod.namespace: ns`, `NotIn [x]`).
 */
export function subjectIsWholeNamespace(model: Model, s: PolicySubject, ns: string): boolean {
  if (s.nodes || s.selector.invalid || !scopeAdmits(model, s.namespaces, ns)) return false;
  const keys = [...Object.keys(s.selector.matchLabels), ...s.selector.matchExpressions.map((e) => e.key)];
  if (keys.length === 0) return true;
  return s.labels === 'identity' && keys.every((k) => k === CILIUM_NS_KEY) && matchesSelector(s.selector, { [CILIUM_NS_KEY]: ns });
}

/** A NetworkPolicy's subject (its namespace, its podSelector over pod labels). */
export function npSubject(p: Policy): PolicySubject {
  return { namespaces: { kind: 'names', names: [p.namespace] }, selector: p.podSelector, labels: 'pod' };
}

/** A NetworkPolicy peer in IR form (selectors only; ipBlocks and invalid peers become their IR kinds). */
export function npPeer(p: Policy, peer: Peer): PolicyPeer {
  const base = { index: peer.index, ...(peer.span ? { span: peer.span } : {}) };
  if (peer.invalid) return { kind: 'nothing', reason: peer.invalid, ...base };
  if (peer.ipBlock) return { kind: 'cidr', cidr: peer.ipBlock.cidr, except: peer.ipBlock.except, pods: 'podCIDRs', ...base };
  if (!peer.podSelector && !peer.namespaceSelector) return { kind: 'nothing', reason: 'no selector', ...base };
  const namespaces: NamespaceScope = peer.namespaceSelector ? { kind: 'selector', selector: peer.namespaceSelector } : { kind: 'names', names: [p.namespace] };
  return { kind: 'endpoints', namespaces, labels: 'pod', ...(peer.podSelector ? { selector: peer.podSelector } : {}), ...base };
}

export const subjectOf = (p: PolicyIR | Policy): PolicySubject => ('subject' in p ? p.subject : npSubject(p));

/** Workloads (repository and settings) a policy's subject selects (any kind; memoised by selector content). */
export function selectedWorkloads(model: Model, p: PolicyIR | Policy): readonly Workload[] {
  const m = memoOf(model);
  m.selected ??= new WeakMap();
  let list = m.selected.get(p);
  if (!list) {
    list = subjectWorkloads(model, subjectOf(p));
    m.selected.set(p, list);
  }
  return list;
}

/** Workloads a subject selects (memoised by content). */
export function subjectWorkloads(model: Model, s: PolicySubject): readonly Workload[] {
  return byContent(model, subjectKey(s), () => (s.nodes ? [] : narrowed(model, s.labels, s.selector, s.namespaces).filter((w) => subjectSelects(model, s, w))));
}

/** Namespaces an endpoints peer speaks about (a NetworkPolicy peer: its namespaceSelector's, or the policy's). */
export function peerNamespaceNames(model: Model, p: Policy | PolicyIR, peer: Peer | PolicyPeer): string[] {
  const ir = 'kind' in peer ? peer : npPeer(p as Policy, peer);
  if (ir.kind !== 'endpoints') return [];
  return scopeNamespaces(model, ir.namespaces);
}

/** Whether an endpoints peer matches the workload. */
export function endpointPeerMatches(model: Model, peer: Extract<PolicyPeer, { kind: 'endpoints' }>, w: Workload): boolean {
  return scopeAdmits(model, peer.namespaces, w.namespace) && (!peer.selector || matchesSelector(peer.selector, labelsOf(model, peer.labels, w)));
}

/**
 * Workloads an endpoints or service peer matches (CIDR, entity, FQDN and rejected peers match none here: pod
 * IPs are unknown). Accepts a NetworkPolicy peer with its policy, or an IR peer. Memoised by content.
 */
export function peerWorkloads(model: Model, p: Policy | PolicyIR, peer: Peer | PolicyPeer): readonly Workload[] {
  // Per (policy, peer) object first: the content key below costs more than the lookup it saves for repeated
  // asks. Keyed by the policy too: a NetworkPolicy peer's meaning depends on its policy's namespace.
  const m = memoOf(model);
  m.peerHits ??= new WeakMap();
  let perPolicy = m.peerHits.get(p);
  if (!perPolicy) {
    perPolicy = new WeakMap();
    m.peerHits.set(p, perPolicy);
  }
  let hit = perPolicy.get(peer);
  if (!hit) {
    hit = irPeerWorkloads(model, 'kind' in peer ? peer : npPeer(p as Policy, peer));
    perPolicy.set(peer, hit);
  }
  return hit;
}

/** Workloads an IR peer matches (IR peers carry their own namespace scope). */
export function irPeerWorkloads(model: Model, ir: PolicyPeer): readonly Workload[] {
  if (ir.kind === 'service') return serviceBackends(model, ir);
  if (ir.kind !== 'endpoints') return [];
  const key = `peer\u0000${scopeKey(ir.namespaces)}\u0000${ir.labels}\u0000${ir.selector ? selectorKey(ir.selector) : '*'}`;
  return byContent(model, key, () => narrowed(model, ir.labels, ir.selector, ir.namespaces).filter((w) => endpointPeerMatches(model, ir, w)));
}

/**
 * Pods behind the Services a `toServices` peer names (Services with a selector; in their own namespace). None
 * before Cilium 1.17 (`selectorlessOnly`): only Services without a selector count, and their endpoint addresses
 * become CIDR rules, which never match pods.
 */
export function serviceBackends(model: Model, peer: Extract<PolicyPeer, { kind: 'service' }>): readonly Workload[] {
  if (peer.selectorlessOnly) return [];
  const key = `svc\u0000${peer.namespace ?? ''}\u0000${peer.name ?? ''}\u0000${peer.selector ? selectorKey(peer.selector) : ''}`;
  return byContent(model, key, () => {
    const out = new Set<Workload>();
    for (const s of model.services) {
      if (peer.namespace !== undefined && s.namespace !== peer.namespace) continue;
      if (peer.name !== undefined ? s.name !== peer.name : !peer.selector || !matchesSelector(peer.selector, s.labels ?? {})) continue;
      if (!s.selector) continue; // a Service without selector has hand-made endpoints NetLens cannot see
      for (const w of podsMatching(model, s.namespace, s.selector)) out.add(w);
    }
    return [...out];
  });
}

/**
 * Whether no Service of the workspace is one a `toServices` peer names (by name, or by its label selector): the
 * agent then translates the cluster's Service, whose selector and endpoints NetLens cannot see.
 */
export function serviceUnseen(model: Model, peer: Extract<PolicyPeer, { kind: 'service' }>): boolean {
  const m = memoOf(model);
  m.servicesSeen ??= new Map();
  const key = `${peer.namespace ?? ''}\u0000${peer.name ?? ''}\u0000${peer.selector ? selectorKey(peer.selector) : ''}`;
  let seen = m.servicesSeen.get(key);
  if (seen === undefined) {
    seen = model.services.some((s) => (peer.namespace === undefined || s.namespace === peer.namespace) && (peer.name !== undefined ? s.name === peer.name : !!peer.selector && matchesSelector(peer.selector, s.labels ?? {})));
    m.servicesSeen.set(key, seen);
  }
  return !seen;
}

/**
 * Pods of namespace `ns` whose labels include every pair of `labels` (a Service's selector), in model order;
 * memoised by content and narrowed by the label index (every backend of every route scanning its namespace's
 * workloads grew with the square of the workspace).
 */
export function podsMatching(model: Model, ns: string, labels: Readonly<Record<string, string>>): readonly Workload[] {
  const sel: Selector = { matchLabels: { ...labels }, matchExpressions: [] };
  return byContent(model, `pods\u0000${ns}\u0000${selectorKey(sel)}`, () => narrowed(model, 'pod', sel, { kind: 'names', names: [ns] }).filter((w) => matchesSelector(sel, w.podLabels)));
}

/** Valid policies of any kind whose subject selects the workload (namespaced ones of its namespace, cluster-wide ones). */
export function policiesSelecting(model: Model, w: Workload): readonly PolicyIR[] {
  const m = memoOf(model);
  // Inverted once per model from each policy's (indexed) selection, instead of every workload testing every
  // policy of its namespace; same order: the namespace's policies, then the cluster-wide ones.
  m.policiesOf ??= finish(policiesOfSteps(model));
  const hit = m.policiesOf.get(w);
  if (hit) return hit;
  if (labelIndex(model, 'pod', w.namespace).order.has(w)) return [];
  // A pod that is not one of the model's workloads (a hypothetical pod): asked directly, of the policies that can
  // select it by their required labels (thousands of stand-in pods each testing every policy of a namespace was
  // quadratic).
  const list: PolicyIR[] = [];
  const labels = (space: LabelSpace, x: Workload) => labelsOf(model, space, x);
  for (const p of policyCandidates(policyIndexOf(model, w.namespace), w, labels)) if (isValidIR(p) && subjectSelects(model, p.subject, w)) list.push(p);
  for (const p of policyCandidates(policyIndexOf(model, undefined), w, labels)) if (isValidIR(p) && subjectSelects(model, p.subject, w)) list.push(p);
  return list;
}

/** Policies whose selection policiesOfSteps inverts between two stops (a policy's first selection scans candidates). */
const POLICIES_PER_STEP = 1;

/**
 * The inverted selection of every valid policy (workload -> policies selecting it), stopping every few policies so
 * an adapter can answer requests meanwhile. Nothing is stored before it is complete: a reader meanwhile builds (or
 * finds) the whole map itself, and this then returns that one.
 */
export function* policiesOfSteps(model: Model): Generator<void, Map<Workload, PolicyIR[]>, void> {
  const m = memoOf(model);
  const map = new Map<Workload, PolicyIR[]>();
  const add = (x: Workload, p: PolicyIR): void => {
    const list = map.get(x);
    if (list) list.push(p);
    else map.set(x, [p]);
  };
  let n = 0;
  for (const [ns, list] of model.policyIndex.byNamespace) {
    for (const p of list) {
      if (++n % POLICIES_PER_STEP === 0) {
        yield;
        if (m.policiesOf) return m.policiesOf;
      }
      if (isValidIR(p)) for (const x of yield* selectedWorkloadsSteps(model, p)) if (x.namespace === ns) add(x, p);
    }
  }
  for (const p of model.policyIndex.clusterwide) {
    if (++n % POLICIES_PER_STEP === 0) {
      yield;
      if (m.policiesOf) return m.policiesOf;
    }
    if (isValidIR(p)) for (const x of yield* selectedWorkloadsSteps(model, p)) add(x, p);
  }
  return map;
}

/** The policy label index of a namespace's policies (undefined: the cluster-wide ones), built on first use. */
function policyIndexOf(model: Model, ns: string | undefined): PolicyLabelIndex {
  const m = memoOf(model);
  m.policyLabelIndex ??= new Map();
  let ix = m.policyLabelIndex.get(ns) as PolicyLabelIndex | undefined;
  if (!ix) {
    ix = buildPolicyIndex(ns === undefined ? model.policyIndex.clusterwide : (model.policyIndex.byNamespace.get(ns) ?? []));
    m.policyLabelIndex.set(ns, ix);
  }
  return ix;
}

/** Policies that isolate the workload in `dir` (empty = not isolated). */
export function isolatingPolicies(model: Model, w: Workload, dir: Direction): readonly PolicyIR[] {
  return policiesSelecting(model, w).filter((p) => p.isolates[dir]);
}

/** Rejected policies that would select the workload in `dir`: they never take effect, which the user should hear. */
export function invalidSelecting(model: Model, w: Workload, dir: Direction): PolicyIR[] {
  const out: PolicyIR[] = [];
  for (const list of [model.policyIndex.byNamespace.get(w.namespace) ?? [], model.policyIndex.clusterwide]) {
    for (const p of list) {
      if (isValidIR(p)) continue;
      if ((p.isolates[dir] || p.rules.some((r) => r.direction === dir)) && subjectSelects(model, p.subject, w)) out.push(p);
    }
  }
  return out;
}

export { labelIndexSteps, selectorKey } from './narrow.ts';
