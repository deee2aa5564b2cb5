// Peers: whether a `from`/`to` item matches an endpoint. Selectors match pods only (podSelector alone = the
// policy's namespace; namespaceSelector alone = every pod of matching namespaces; both = AND); ipBlock matches
// IP addresses in cidr minus except, and pods only through netlens.cluster.podCIDRs (with a caveat).
import type { Model, Peer, Policy, PolicyRule, Workload } from '../model/types.ts';
import { overlapsExcept, mayCoverPodIps, parseAddress, contains, type AddrRange } from './addr.ts';
import { cidrOf, namespaceLabels, namespaceMatches } from './memo.ts';
import { matchesSelector } from './selectors.ts';
import type { Endpoint } from './types.ts';

export interface PeerMatch {
  matched: boolean;
  /** Matched only because the ipBlock overlaps podCIDRs: true for CNIs that match ipBlocks against pod IPs. */
  viaPodCidr?: string;
  /** Not matched, but the ipBlock could hold pod IPs (podCIDRs unknown): said when it could change a denial. */
  mayCoverPods?: string;
}

export { namespaceLabels };

function ipBlockRanges(model: Model, peer: Peer): { cidr: AddrRange; except: AddrRange[] } | undefined {
  const cidr = peer.ipBlock ? cidrOf(model, peer.ipBlock.cidr) : undefined;
  if (!cidr || !peer.ipBlock) return undefined;
  const except = peer.ipBlock.except.map((e) => cidrOf(model, e)).filter((r): r is AddrRange => r !== undefined);
  return { cidr, except };
}

function matchWorkload(model: Model, policy: Policy, peer: Peer, w: Workload): PeerMatch {
  if (peer.ipBlock) {
    const r = ipBlockRanges(model, peer);
    if (!r) return { matched: false };
    const podCidrs = (model.podCIDRs ?? []).map((c) => cidrOf(model, c)).filter((x): x is AddrRange => x !== undefined);
    if (podCidrs.length > 0) {
      const hit = podCidrs.find((p) => overlapsExcept(r.cidr, r.except, p));
      return hit
        ? { matched: true, viaPodCidr: `ipBlock ${peer.ipBlock.cidr} of ${policy.id} overlaps the pod CIDRs (netlens.cluster.podCIDRs): allowed only if the CNI matches ipBlock against pod IPs (many do not for in-cluster traffic).` }
        : { matched: false };
    }
    return mayCoverPodIps(r.cidr, r.except)
      ? { matched: false, mayCoverPods: `ipBlock ${peer.ipBlock.cidr} of ${policy.id} may cover pod IPs; pod IPs are unknown to NetLens (set netlens.cluster.podCIDRs), and whether a CNI applies ipBlock to pod traffic is implementation-defined.` }
      : { matched: false };
  }
  if (!peer.podSelector && !peer.namespaceSelector) return { matched: false }; // invalid peer
  const nsOk = peer.namespaceSelector ? namespaceMatches(model, peer.namespaceSelector, w.namespace) : w.namespace === policy.namespace;
  const podOk = peer.podSelector ? matchesSelector(peer.podSelector, w.podLabels) : true;
  return { matched: nsOk && podOk };
}

/** Whether one peer item matches the endpoint. Invalid peers match nothing. */
export function peerMatches(model: Model, policy: Policy, peer: Peer, ep: Endpoint): PeerMatch {
  if (peer.invalid) return { matched: false };
  if (ep.kind === 'workload') return matchWorkload(model, policy, peer, ep.workload);
  // An IP address outside the known pods: only ipBlocks speak about it.
  const r = ipBlockRanges(model, peer);
  const addr = parseAddress(ep.address);
  if (!r || !addr) return { matched: false };
  return { matched: contains(r.cidr, addr) && !r.except.some((e) => contains(e, addr)) };
}

export interface RulePeerMatch {
  matched: boolean;
  /** Caveats that hold when the match is only through podCIDRs. */
  viaPodCidr: string[];
  mayCoverPods: string[];
}

/** A rule's peers against an endpoint: no or empty from/to = every peer; several items are OR'ed. */
export function rulePeersMatch(model: Model, policy: Policy, rule: PolicyRule, ep: Endpoint): RulePeerMatch {
  if (!rule.peers || rule.peers.length === 0) return { matched: true, viaPodCidr: [], mayCoverPods: [] };
  const viaPodCidr: string[] = [];
  const mayCoverPods: string[] = [];
  for (const peer of rule.peers) {
    const m = peerMatches(model, policy, peer, ep);
    if (m.matched && !m.viaPodCidr) return { matched: true, viaPodCidr: [], mayCoverPods: [] };
    if (m.viaPodCidr) viaPodCidr.push(m.viaPodCidr);
    if (m.mayCoverPods) mayCoverPods.push(m.mayCoverPods);
  }
  return { matched: viaPodCidr.length > 0, viaPodCidr, mayCoverPods };
}
