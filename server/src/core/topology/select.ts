// Candidate pairs for the all-pairs pass: per-peer selections computed once, so the engine is asked only about
// pairs some rule could concern. Isolation and selector semantics are the connectivity engine's own.
import { isolatingPolicies } from '../connectivity/isolation.ts';
import { namespaceLabels } from '../connectivity/peers.ts';
import { matchesSelector } from '../connectivity/selectors.ts';
import type { Direction, Model, Peer, Policy, Workload } from '../model/types.ts';
import type { Isolation } from './types.ts';

export class Selections {
  private readonly peerCache = new Map<Peer, Set<Workload>>();

  private readonly podCIDRs: readonly string[];

  constructor(private readonly model: Model) {
    this.podCIDRs = model.podCIDRs ?? [];
  }

  isolating(w: Workload, dir: Direction): Policy[] {
    return isolatingPolicies(this.model, w, dir);
  }

  isolation(w: Workload): Isolation {
    return { ingress: this.isolating(w, 'ingress').length > 0, egress: this.isolating(w, 'egress').length > 0 };
  }

  /** Policies that isolate the workload in either direction (their ipBlocks become external nodes). */
  policiesSelecting(w: Workload): Policy[] {
    return [...new Set([...this.isolating(w, 'ingress'), ...this.isolating(w, 'egress')])];
  }

  /**
   * Workloads a peer can match (a superset is fine: the connectivity engine decides). An ipBlock matches no
   * workload unless podCIDRs are set, when it may match any; a peer the API server rejects matches nothing.
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
          inNs = peer.namespaceSelector ? matchesSelector(peer.namespaceSelector, namespaceLabels(this.model, w.namespace)) : w.namespace === policy.namespace;
          nsOk.set(w.namespace, inNs);
        }
        if (inNs && (!peer.podSelector || matchesSelector(peer.podSelector, w.podLabels))) out.add(w);
      }
    }
    this.peerCache.set(peer, out);
    return out;
  }

  /** Every workload a `direction` rule of the policies isolating `w` could admit; `all` when a rule has no peers. */
  ruleTargets(w: Workload, direction: Direction): { all: boolean; set: Set<Workload> } {
    const set = new Set<Workload>();
    for (const p of this.isolating(w, direction)) {
      for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
        if (!rule.peers || rule.peers.length === 0) return { all: true, set };
        for (const peer of rule.peers) for (const x of this.peerWorkloads(p, peer)) set.add(x);
      }
    }
    return { all: false, set };
  }
}
