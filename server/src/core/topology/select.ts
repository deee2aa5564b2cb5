// Label-selector matching and per-policy selections, computed once per graph so all-pairs stays cheap.
import type { Model, Peer, Policy, Selector, Workload } from '../model/types.ts';
import type { Isolation } from './types.ts';

/** Kubernetes label-selector semantics: matchLabels AND every requirement; an empty selector matches all. */
export function selectorMatches(sel: Selector, labels: Record<string, string>): boolean {
  // A selector the API server would reject never exists in the cluster: it matches nothing.
  if (sel.invalid) return false;
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const r of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || v === undefined || !r.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (has && v !== undefined && r.values.includes(v)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function namespaceLabels(model: Model, ns: string): Record<string, string> {
  return model.namespaces.get(ns)?.labels ?? { 'kubernetes.io/metadata.name': ns };
}

/** Precomputed facts about the model: which policies select each workload, and peer selections. */
export class Selections {
  private readonly selecting = new Map<Workload, Policy[]>();
  private readonly peerCache = new Map<Peer, Set<Workload>>();

  constructor(
    private readonly model: Model,
    private readonly podCIDRs: readonly string[],
  ) {
    for (const w of model.workloads) {
      // Invalid policies are never admitted; hostNetwork pods are outside NetworkPolicy's reach.
      const ps = w.hostNetwork
        ? []
        : (model.policiesByNamespace.get(w.namespace) ?? []).filter((p) => !(p.invalid && p.invalid.length > 0) && selectorMatches(p.podSelector, w.podLabels));
      this.selecting.set(w, ps);
    }
  }

  policiesSelecting(w: Workload): Policy[] {
    return this.selecting.get(w) ?? [];
  }

  isolation(w: Workload): Isolation {
    const ps = this.policiesSelecting(w);
    return { ingress: ps.some((p) => p.policyTypes.includes('ingress')), egress: ps.some((p) => p.policyTypes.includes('egress')) };
  }

  /**
   * Workloads a peer can match (a superset is fine: the connectivity engine decides). An ipBlock matches no
   * workload unless podCIDRs are set, when it may match any.
   */
  peerWorkloads(policy: Policy, peer: Peer): Set<Workload> {
    const cached = this.peerCache.get(peer);
    if (cached) return cached;
    const out = new Set<Workload>();
    if (peer.invalid) {
      // rejected by the API server: admits nothing
    } else if (peer.ipBlock) {
      if (this.podCIDRs.length > 0) for (const w of this.model.workloads) out.add(w);
    } else if (peer.podSelector || peer.namespaceSelector) {
      const nsOk = new Map<string, boolean>();
      for (const w of this.model.workloads) {
        let inNs = nsOk.get(w.namespace);
        if (inNs === undefined) {
          inNs = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, namespaceLabels(this.model, w.namespace)) : w.namespace === policy.namespace;
          nsOk.set(w.namespace, inNs);
        }
        if (inNs && (!peer.podSelector || selectorMatches(peer.podSelector, w.podLabels))) out.add(w);
      }
    }
    this.peerCache.set(peer, out);
    return out;
  }

  /** Every workload some rule of `direction` in these policies could admit; `all` when a rule has no peers. */
  ruleTargets(policies: readonly Policy[], direction: 'ingress' | 'egress'): { all: boolean; set: Set<Workload> } {
    const set = new Set<Workload>();
    for (const p of policies) {
      if (!p.policyTypes.includes(direction)) continue;
      for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
        if (!rule.peers || rule.peers.length === 0) return { all: true, set };
        for (const peer of rule.peers) for (const w of this.peerWorkloads(p, peer)) set.add(w);
      }
    }
    return { all: false, set };
  }
}
