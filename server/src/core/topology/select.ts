// Candidate pairs for the all-pairs pass: which workloads a rule could concern, from the one selection module,
// so the engine is asked only about pairs some rule could decide. The verdicts are the connectivity engine's.
import type { Direction, Model, Workload } from '../model/types.ts';
import { isolatingPolicies, peerWorkloads, policiesSelecting } from '../policy/select.ts';
import type { PolicyIR, PolicyPeer } from '../policy/types.ts';
import type { Isolation } from './types.ts';
import { selectsEverything } from '../kinds/cilium/cidrgroup.ts';

export class Selections {
  private readonly peerCache = new Map<PolicyPeer, ReadonlySet<Workload>>();

  private readonly podCIDRs: readonly string[];

  constructor(private readonly model: Model) {
    this.podCIDRs = model.podCIDRs ?? [];
  }

  isolating(w: Workload, dir: Direction): readonly PolicyIR[] {
    return isolatingPolicies(this.model, w, dir);
  }

  isolation(w: Workload): Isolation {
    return { ingress: this.isolating(w, 'ingress').length > 0, egress: this.isolating(w, 'egress').length > 0 };
  }

  /** Valid policies of any kind that select the workload (their CIDR and entity peers become external nodes). */
  policiesSelecting(w: Workload): readonly PolicyIR[] {
    return policiesSelecting(this.model, w);
  }

  /**
   * Workloads a peer can match (a superset is fine: the connectivity engine decides). A NetworkPolicy ipBlock
   * matches no workload unless podCIDRs are set, when it may match any; `all` and `cluster` (and an empty
   * cidrGroupSelector) match every pod.
   */
  peerWorkloads(policy: PolicyIR, peer: PolicyPeer): ReadonlySet<Workload> {
    const cached = this.peerCache.get(peer);
    if (cached) return cached;
    let out: ReadonlySet<Workload>;
    if (peer.kind === 'endpoints' || peer.kind === 'service') out = new Set(peerWorkloads(this.model, policy, peer));
    else if (peer.kind === 'cidr') out = peer.pods === 'podCIDRs' && this.podCIDRs.length > 0 ? new Set(this.model.workloads) : new Set();
    else if (peer.kind === 'entity' && (peer.entity === 'all' || peer.entity === 'cluster')) out = new Set(this.model.workloads);
    // An empty cidrGroupSelector has no requirement: every identity, pods included (kinds/cilium/cidrgroup.ts).
    else if (peer.kind === 'cidr-group' && selectsEverything(peer)) out = new Set(this.model.workloads);
    else out = new Set();
    this.peerCache.set(peer, out);
    return out;
  }

  /** Every workload a `direction` allow rule of the policies selecting `w` could admit; `all` when a rule has no peers. */
  ruleTargets(w: Workload, direction: Direction): { all: boolean; set: Set<Workload> } {
    const set = new Set<Workload>();
    for (const p of this.policiesSelecting(w)) {
      for (const rule of p.rules) {
        if (rule.direction !== direction || rule.action !== 'allow') continue;
        if (rule.peers === undefined) return { all: true, set };
        for (const peer of rule.peers) for (const x of this.peerWorkloads(p, peer)) set.add(x);
      }
    }
    return { all: false, set };
  }
}
