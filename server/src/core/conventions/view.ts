// What the convention rules read of a policy, whatever its kind: its rules as allow/deny lists of peers
// (endpoints, CIDRs, entities) and ports, whether a namespace denies a direction by default, and where it was
// written. Built from the policy IR (policy/types.ts), so NetworkPolicy and every kind lowered into it are judged alike.
import type { Direction, Model, Origin, Policy, Selector } from '../model/types.ts';
import { admitsNothing, isValidIR, subjectIsWholeNamespace } from '../policy/select.ts';
import type { IRRule, PolicyIR, PolicyPeer } from '../policy/types.ts';
import { everythingBlocks, peerGroups, selectsEverything } from '../kinds/cilium/cidrgroup.ts';
import type { Span } from '../source.ts';

export type ConventionPeer =
  | { kind: 'endpoints'; allNamespaces: boolean; /** How it names every namespace, in the user's words. */ how?: string; span?: Span }
  | { kind: 'cidr'; cidr: string; except: string[]; span?: Span }
  | { kind: 'entity'; entity: string; span?: Span };

export interface ConventionRule {
  direction: Direction;
  action: 'allow' | 'deny';
  /** undefined = every peer (a rule without `from`/`to`). */
  peers: ConventionPeer[] | undefined;
  /** The rule names no port (nor ICMP type): it applies to every port. */
  allPorts: boolean;
  span?: Span;
}

export interface ConventionPolicy {
  kind: string;
  name: string;
  /** undefined for cluster-wide kinds. */
  namespace: string | undefined;
  origin: Origin;
  rules: ConventionRule[];
  /** NetworkPolicy only: whether `policyTypes` is written (undefined for kinds without the field). */
  policyTypesExplicit?: boolean;
  /** The NetworkPolicy's own shape (fixes need it); undefined for other kinds. */
  source?: Policy;
}

const isEmpty = (s: Selector | undefined) => s !== undefined && !s.invalid && Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;

const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABEL_PREFIX = 'io.cilium.k8s.namespace.labels.';
const isNamespaceKey = (k: string) => k === NAMESPACE_KEY || k.startsWith(NAMESPACE_LABEL_PREFIX);

/** Whether an identity selector limits the namespaces: a namespace key in matchLabels or under `In`. */
function pinsNamespace(s: Selector | undefined): boolean {
  if (!s) return false; // no selector: every endpoint of the scope
  if (s.invalid) return true; // an invalid selector matches nothing: not "every namespace"
  return Object.keys(s.matchLabels).some(isNamespaceKey) || s.matchExpressions.some((e) => isNamespaceKey(e.key) && e.operator === 'In');
}

function peerOf(model: Model, p: PolicyPeer): ConventionPeer | ConventionPeer[] | undefined {
  const span = p.span ? { span: p.span } : {};
  if (p.kind === 'cidr') return { kind: 'cidr', cidr: p.cidr, except: p.except, ...span };
  // A Cilium CIDR group stands for its groups' CIDRs (a group the workspace lacks says nothing).
  // An empty cidrGroupSelector selects every identity: the cluster entity and the world blocks minus its except.
  if (p.kind === 'cidr-group' && selectsEverything(p)) return [{ kind: 'entity', entity: 'cluster', ...span }, ...everythingBlocks(p).map((b): ConventionPeer => ({ kind: 'cidr', ...b, ...span }))];
  if (p.kind === 'cidr-group') return peerGroups(model, p).groups.flatMap((g) => g.cidrs.map((cidr): ConventionPeer => ({ kind: 'cidr', cidr, except: p.except, ...span })));
  if (p.kind === 'entity') return { kind: 'entity', entity: p.entity, ...span };
  if (p.kind === 'endpoints') {
    if (p.namespaces.kind === 'selector' && isEmpty(p.namespaces.selector)) return { kind: 'endpoints', allNamespaces: true, how: 'namespaceSelector: {}', ...span };
    // A cluster-wide scope keeps any namespace constraint inside the identity selector (Cilium): only a selector
    // that pins no namespace (by name or by namespace labels) reaches every namespace.
    if (p.namespaces.kind === 'all' && !pinsNamespace(p.selector)) return { kind: 'endpoints', allNamespaces: true, how: 'an endpoint selector that names no namespace', ...span };
    return { kind: 'endpoints', allNamespaces: false, ...span };
  }
  return undefined; // DNS names, Services and rejected peers say nothing about namespaces or address ranges
}

function ruleOf(model: Model, r: IRRule): ConventionRule {
  const peers = r.peers === undefined ? undefined : r.peers.flatMap((p) => peerOf(model, p) ?? []);
  return { direction: r.direction, action: r.action, peers, allPorts: r.ports === undefined && r.icmps === undefined, ...(r.span ? { span: r.span } : {}) };
}

function viewOf(model: Model, p: PolicyIR): ConventionPolicy {
  const np = p.kind === 'NetworkPolicy' ? (p.source as Policy | undefined) : undefined;
  return {
    kind: p.kind,
    name: p.name,
    namespace: p.namespace,
    origin: p.origin,
    rules: p.rules.map((r) => ruleOf(model, r)),
    ...(np ? { policyTypesExplicit: np.policyTypesExplicit, source: np } : {}),
  };
}

/** The policies the rules judge (the analysis scope), valid ones only: invalid policies never reach a cluster. */
export function conventionPolicies(model: Model): ConventionPolicy[] {
  return model.policyIR.filter(isValidIR).map((p) => viewOf(model, p));
}

/** Valid policies of every kind that apply in `ns`: its own, and cluster-wide ones (full tables, never scoped). */
function policiesIn(model: Model, ns: string): PolicyIR[] {
  return [...(model.policyIndex.byNamespace.get(ns) ?? []), ...model.policyIndex.clusterwide].filter(isValidIR);
}

/** Whether the subject selects every endpoint of `ns` (policy/select.ts: one definition for every caller). */
function selectsWholeNamespace(model: Model, p: PolicyIR, ns: string): boolean {
  return subjectIsWholeNamespace(model, p.subject, ns);
}

/** Whether some valid policy (of any kind) makes `dir` default-deny for every pod of `ns`. */
export function namespaceDeniesByDefault(model: Model, ns: string, dir: Direction): boolean {
  return policiesIn(model, ns).some(
    (p) => p.isolates[dir] && selectsWholeNamespace(model, p, ns) && p.rules.every((r) => r.direction !== dir || r.action === 'deny' || admitsNothing(r)),
  );
}

/** Origins of the policies that apply in `ns` and are written in it (for "the namespace's first policy"). */
export function namespacePolicyOrigins(model: Model, ns: string): Origin[] {
  return (model.policyIndex.byNamespace.get(ns) ?? []).map((p) => p.origin);
}

/** Whether a parsed object is a policy of a kind the conventions judge (name, labels, annotations). */
export function isConventionPolicyObject(obj: { kind?: string; apiVersion?: string }): boolean {
  if (obj.kind === 'NetworkPolicy') return obj.apiVersion === 'networking.k8s.io/v1';
  return (obj.kind === 'CiliumNetworkPolicy' || obj.kind === 'CiliumClusterwideNetworkPolicy') && (obj.apiVersion ?? '').startsWith('cilium.io/');
}
