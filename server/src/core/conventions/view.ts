// What the convention rules read of a policy, whatever its kind: its rules as allow/deny lists of peers
// (endpoints, CIDRs, entities) and ports, whether it denies a direction by default, and where it was written.
// Built from the model's policies; the one place to change when policy kinds lower into a shared form.
import type { Direction, Model, Origin, Policy, PolicyRule } from '../model/types.ts';
import { isDefaultDeny } from '../reports/coverage.ts';
import type { Span } from '../source.ts';

export type ConventionPeer =
  | { kind: 'endpoints'; allNamespaces: boolean; span?: Span }
  | { kind: 'cidr'; cidr: string; except: string[]; span?: Span }
  | { kind: 'entity'; entity: string; span?: Span };

export interface ConventionRule {
  direction: Direction;
  action: 'allow' | 'deny';
  /** undefined = every peer (a rule without `from`/`to`). */
  peers: ConventionPeer[] | undefined;
  /** The rule names no port: it applies to every port. */
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
  /** The model policy it comes from (fixes need it). */
  source: Policy;
}

const NP_KIND = 'NetworkPolicy';

function peersOf(r: PolicyRule): ConventionPeer[] | undefined {
  if (!r.peers || r.peers.length === 0) return undefined;
  const out: ConventionPeer[] = [];
  for (const p of r.peers) {
    if (p.invalid) continue; // the API server rejects the policy; validation reports it
    if (p.ipBlock) out.push({ kind: 'cidr', cidr: p.ipBlock.cidr, except: p.ipBlock.except, ...(p.ipBlock.span ? { span: p.ipBlock.span } : p.span ? { span: p.span } : {}) });
    else {
      const ns = p.namespaceSelector;
      const all = ns !== undefined && !ns.invalid && Object.keys(ns.matchLabels).length === 0 && ns.matchExpressions.length === 0;
      out.push({ kind: 'endpoints', allNamespaces: all, ...(p.span ? { span: p.span } : {}) });
    }
  }
  return out;
}

function rulesOf(p: Policy): ConventionRule[] {
  const out: ConventionRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    // Rules of a direction the policy does not isolate are ignored by Kubernetes: conventions ignore them too.
    if (!p.policyTypes.includes(direction)) continue;
    for (const r of p[direction]) {
      out.push({ direction, action: 'allow', peers: peersOf(r), allPorts: !r.ports || r.ports.length === 0, ...(r.span ? { span: r.span } : {}) });
    }
  }
  return out;
}

function viewOf(p: Policy): ConventionPolicy {
  return { kind: NP_KIND, name: p.name, namespace: p.namespace, origin: p.origin, rules: rulesOf(p), policyTypesExplicit: p.policyTypesExplicit, source: p };
}

/** The policies the rules judge (the analysis scope), valid ones only: invalid policies never reach a cluster. */
export function conventionPolicies(model: Model): ConventionPolicy[] {
  return model.policies.filter((p) => !p.invalid || p.invalid.length === 0).map(viewOf);
}

/** Policies of one namespace, in source order (for "the namespace's first policy"). */
export function namespacePolicies(model: Model, ns: string): ConventionPolicy[] {
  return (model.policiesByNamespace.get(ns) ?? []).map(viewOf);
}

/** Whether some valid policy makes `dir` default-deny for every pod of `ns`. */
export function namespaceDeniesByDefault(model: Model, ns: string, dir: Direction): boolean {
  return (model.policiesByNamespace.get(ns) ?? []).some((p) => isDefaultDeny(p, dir));
}

/** Whether a parsed object is a policy of a kind the conventions judge (name, labels, annotations). */
export function isConventionPolicyObject(obj: { kind?: string; apiVersion?: string }): boolean {
  if (obj.kind === NP_KIND) return obj.apiVersion === 'networking.k8s.io/v1';
  return (obj.kind === 'CiliumNetworkPolicy' || obj.kind === 'CiliumClusterwideNetworkPolicy') && (obj.apiVersion ?? '').startsWith('cilium.io/');
}
