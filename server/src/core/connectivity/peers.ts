// Peers: whether one IR peer matches an endpoint. Endpoint selectors match pods (pod or identity labels within
// their namespace scope); CIDRs match addresses (and pods only through netlens.cluster.podCIDRs for
// NetworkPolicy, never for Cilium); entities match identities; FQDN selectors match DNS names; Service peers
// match the Service's backing pods. Rejected peers match nothing.
import type { Model } from '../model/types.ts';
import { cidrOf, endpointPeerMatches, namespaceLabels, serviceBackends, serviceUnseen } from '../policy/select.ts';
import type { PolicyIR, PolicyPeer, IRRule } from '../policy/types.ts';
import { contains, mayCoverPodIps, overlapsExcept, parseAddress, type AddrRange } from './addr.ts';
import { entityMatches, fqdnMatches } from './entities.ts';
import { everythingBlocks, groupPeerText, peerGroups, selectsEverything } from '../kinds/cilium/cidrgroup.ts';
import type { Endpoint } from './types.ts';

export { namespaceLabels };

export interface PeerMatch {
  matched: boolean;
  /** Matched only because the ipBlock overlaps podCIDRs: true for CNIs that match ipBlocks against pod IPs. */
  viaPodCidr?: string;
  /**
   * Not matched, but the peer could match what NetLens cannot see (an ipBlock over unknown pod IPs, a Service or
   * CIDR group not in the workspace): said when it could change the answer.
   */
  mayCoverPods?: string;
}

type CidrPeer = Extract<PolicyPeer, { kind: 'cidr' }>;

function ranges(model: Model, peer: CidrPeer): { cidr: AddrRange; except: AddrRange[] } | undefined {
  const cidr = cidrOf(model, peer.cidr);
  if (!cidr) return undefined;
  const except = peer.except.map((e) => cidrOf(model, e)).filter((r): r is AddrRange => r !== undefined);
  return { cidr, except };
}

function cidrVsPod(model: Model, policy: PolicyIR, peer: CidrPeer): PeerMatch {
  if (peer.pods === 'never') return { matched: false }; // Cilium: CIDR rules never select cluster endpoints
  const r = ranges(model, peer);
  if (!r) return { matched: false };
  const podCidrs = (model.podCIDRs ?? []).map((c) => cidrOf(model, c)).filter((x): x is AddrRange => x !== undefined);
  if (podCidrs.length > 0) {
    const hit = podCidrs.find((p) => overlapsExcept(r.cidr, r.except, p));
    return hit
      ? { matched: true, viaPodCidr: `ipBlock ${peer.cidr} of ${policy.id} overlaps the pod CIDRs (netlens.cluster.podCIDRs): allowed only if the CNI matches ipBlock against pod IPs (many do not for in-cluster traffic).` }
      : { matched: false };
  }
  return mayCoverPodIps(r.cidr, r.except)
    ? { matched: false, mayCoverPods: `ipBlock ${peer.cidr} of ${policy.id} may cover pod IPs; pod IPs are unknown to NetLens (set netlens.cluster.podCIDRs), and whether a CNI applies ipBlock to pod traffic is implementation-defined.` }
    : { matched: false };
}

/** Whether a CIDR peer covers every address of one family (then it matches the `world` entity too). */
function coversWorld(model: Model, peer: CidrPeer): boolean {
  const r = ranges(model, peer);
  return r !== undefined && r.cidr.prefix === 0 && r.except.length === 0;
}

/**
 * Why a toServices peer may still admit a pod: Cilium 1.17 and later translate a Service with a selector into that
 * selector (cilium#34208), earlier releases only a selectorless Service's endpoints; the Service is not here.
 */
/** Whether a mayCoverPods caveat is a toServices one (unseenServiceCaveat), not an ipBlock one. */
export const isServiceCaveat = (caveat: string): boolean => caveat.startsWith('toServices of ');

function unseenServiceCaveat(policy: PolicyIR, peer: Extract<PolicyPeer, { kind: 'service' }>): string {
  const what = peer.name !== undefined ? `Service ${peer.namespace !== undefined ? `${peer.namespace}/` : ''}${peer.name}` : `Services matching its k8sServiceSelector${peer.namespace !== undefined ? ` in ${peer.namespace}` : ''}`;
  return `toServices of ${policy.kind} ${policy.id} names ${what}, which the workspace does not hold: Cilium 1.17 and later allow the pods the cluster's Service selects, which NetLens cannot see (add the Service to the workspace to have it analysed).`;
}

function unseenGroupCaveat(policy: PolicyIR, peer: Extract<PolicyPeer, { kind: 'cidr-group' }>): string {
  const why = peer.ref !== undefined ? 'which the workspace does not hold' : 'and no CiliumCIDRGroup of the workspace matches it';
  return `CIDR groups of ${policy.kind} ${policy.id}: ${peer.field ?? 'CIDRSet'}[${peer.index}] names ${groupPeerText(peer)}, ${why}: NetLens cannot tell which addresses it covers (add the group to the workspace to have it analysed).`;
}

/**
 * A CIDR group peer: each of its groups' CIDRs minus the peer's `except` (cilium-cli's client-egress-to-cidrgroup-deny
 * test relies on except with cidrGroupRef), matched like a Cilium CIDR (never pods of the cluster).
 */
function groupMatches(model: Model, policy: PolicyIR, peer: Extract<PolicyPeer, { kind: 'cidr-group' }>, ep: Endpoint): PeerMatch {
  if (selectsEverything(peer)) {
    // Every identity: pods and in-cluster entities always (they carry no CIDR label for `except` to take out), world
    // addresses outside `except`.
    if (ep.kind === 'workload') return { matched: true };
    if (ep.kind === 'entity' && !(ep.entity === 'world' || ep.entity.startsWith('world-'))) return { matched: true };
    return { matched: everythingBlocks(peer).some((b) => peerMatches(model, policy, { kind: 'cidr', ...b, pods: 'never', index: peer.index }, ep).matched) };
  }
  if (ep.kind === 'workload') return { matched: false };
  const { groups, unseen } = peerGroups(model, peer);
  if (unseen) return { matched: false, mayCoverPods: unseenGroupCaveat(policy, peer) };
  const within = (cidr: string): boolean => peerMatches(model, policy, { kind: 'cidr', cidr, except: peer.except, pods: 'never', index: peer.index }, ep).matched;
  let blind: { group: string; cidr: string } | undefined;
  for (const g of groups) {
    for (const cidr of g.cidrs) {
      if (!within(cidr)) continue;
      if (!g.blind?.includes(cidr)) return { matched: true };
      blind ??= { group: g.name, cidr };
    }
  }
  return blind ? { matched: false, mayCoverPods: blindGroupCaveat(policy, peer, blind.group, blind.cidr) } : { matched: false };
}

function blindGroupCaveat(policy: PolicyIR, peer: Extract<PolicyPeer, { kind: 'cidr-group' }>, group: string, cidr: string): string {
  return `CIDR groups of ${policy.kind} ${policy.id}: ${peer.field ?? 'CIDRSet'}[${peer.index}] reaches this address only through ${cidr} of CiliumCIDRGroup "${group}", which Cilium 1.17 and later match no address with (a zero-length prefix has the world identity, which carries no group label: cilium#39688); a release with the fix (cilium#48366) matches it.`;
}

/** Whether one peer matches the endpoint. */
export function peerMatches(model: Model, policy: PolicyIR, peer: PolicyPeer, ep: Endpoint): PeerMatch {
  switch (peer.kind) {
    case 'nothing':
      return { matched: false };
    case 'cidr-group':
      return groupMatches(model, policy, peer, ep);
    case 'endpoints':
      return { matched: ep.kind === 'workload' && endpointPeerMatches(model, peer, ep.workload) };
    case 'service': {
      // Before Cilium 1.17 no Service a toServices peer takes has pods behind it that a CIDR rule could match.
      if (ep.kind !== 'workload' || peer.selectorlessOnly) return { matched: false };
      if (serviceBackends(model, peer).includes(ep.workload)) return { matched: true };
      // A Service the repository does not hold (kube-dns, a chart's): the agent translates the cluster's object.
      return (peer.namespace === undefined || peer.namespace === ep.workload.namespace) && serviceUnseen(model, peer)
        ? { matched: false, mayCoverPods: unseenServiceCaveat(policy, peer) }
        : { matched: false };
    }
    case 'entity':
      return { matched: entityMatches(peer.entity, ep) };
    case 'fqdn':
      return { matched: ep.kind === 'fqdn' && fqdnMatches(peer, ep.name) };
    case 'cidr': {
      if (ep.kind === 'workload') return cidrVsPod(model, policy, peer);
      if (ep.kind === 'entity') return { matched: (ep.entity === 'world' || ep.entity.startsWith('world-')) && coversWorld(model, peer) };
      if (ep.kind === 'fqdn') return { matched: coversWorld(model, peer) }; // a name's addresses are unknown: only "everything" surely holds them
      const r = ranges(model, peer);
      const addr = parseAddress(ep.address);
      if (!r || !addr) return { matched: false };
      return { matched: contains(r.cidr, addr) && !r.except.some((e) => contains(e, addr)) };
    }
  }
}

export interface RulePeerMatch {
  matched: boolean;
  /** Caveats that hold when the match is only through podCIDRs. */
  viaPodCidr: string[];
  mayCoverPods: string[];
}

/**
 * A rule's peers against an endpoint: undefined = every peer; [] = none; several items are OR'ed. `requires`: Cilium
 * requirements (IRRule.requires of the rules selecting the endpoint) ANDed into each endpoint-selector peer, as
 * GetSourceEndpointSelectorsWithRequirements does (Service peers too: from 1.17 they are generated toEndpoints);
 * CIDR, entity and FQDN peers and rules without peers are left as written.
 */
export function rulePeersMatch(model: Model, policy: PolicyIR, rule: IRRule, ep: Endpoint, requires: readonly PolicyPeer[] = []): RulePeerMatch {
  if (rule.peers === undefined) return { matched: true, viaPodCidr: [], mayCoverPods: [] };
  const viaPodCidr: string[] = [];
  const mayCoverPods: string[] = [];
  for (const peer of rule.peers) {
    const m = peerMatches(model, policy, peer, ep);
    // A matched Service peer is the generated toEndpoints of Cilium 1.17+ (its selector), narrowed like written ones.
    if (m.matched && (peer.kind === 'endpoints' || peer.kind === 'service') && !requires.every((r) => peerMatches(model, policy, r, ep).matched)) continue;
    if (m.matched && !m.viaPodCidr) return { matched: true, viaPodCidr: [], mayCoverPods: [] };
    if (m.viaPodCidr) viaPodCidr.push(m.viaPodCidr);
    if (m.mayCoverPods) mayCoverPods.push(m.mayCoverPods);
  }
  return { matched: viaPodCidr.length > 0, viaPodCidr, mayCoverPods };
}
