// Contract of the connectivity engine: queries, verdicts with reasons, and allowed-traffic sets for topology.
import type { Protocol, Workload } from '../model/types.ts';
import type { RuleRef } from '../policy/types.ts';

export type { RuleRef };

/**
 * A side of a connection: a workload (its pods); an IP address outside the known pods (outside the cluster it
 * is Cilium's `world`); a Cilium entity (an identity such as `ingress`, `host`, `kube-apiserver`, `world`);
 * or a DNS name a workload connects to (`fqdn:NAME`: a world address whose IPs only DNS knows).
 */
export type Endpoint =
  | { kind: 'workload'; workload: Workload }
  | { kind: 'ip'; address: string }
  | { kind: 'entity'; entity: string }
  | { kind: 'fqdn'; name: string };

/**
 * ICMP is not a NetworkPolicy protocol: only rules without `ports` admit it (Cilium: rules without toPorts, or
 * `icmps` naming the type). `port` is then the ICMP type; ICMPv6 likewise.
 */
export type QueryProtocol = Protocol | 'ICMP' | 'ICMPv6';

export interface ReachQuery {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol: QueryProtocol;
}

export interface DirectionVerdict {
  /** Whether the pod on this side is isolated for this direction (some policy selects it with this type). */
  isolated: boolean;
  /** Whether this direction lets the traffic through. */
  allowed: boolean;
  /** Rules that allow it (empty when not isolated or when denied). */
  allowedBy: RuleRef[];
  /** Deny rules that drop it (deny wins over every allow). */
  deniedBy: RuleRef[];
  /** Policies that isolate the pod (to explain a denial). */
  isolatedBy: RuleRef[];
  /** Why an isolated side lets the traffic through when no rule allows it (the local node into its pods). */
  allowedBecause?: string;
  /** Why this side is not analysed (a node under host policies, which NetLens does not model). */
  unmodelled?: string;
}

export interface Verdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** Plain-language caveats (ipBlock vs pod IPs, named ports unresolved, ...). */
  caveats: string[];
  /** When the allowing rules carry L7 rules on this port: allowed at L4, and what the proxy lets through. */
  l7?: string[];
}

export interface PortRange {
  from: number;
  to: number;
}

/** Allowed traffic between two endpoints, per protocol, with the rules that allow it. `all` = every port. */
export interface Traffic {
  byProtocol: Partial<Record<Protocol, { all: boolean; ranges: PortRange[] }>>;
  /** ICMP and other port-less traffic (only rules without ports admit it). */
  other: boolean;
  allowedBy: RuleRef[];
  /** Ports whose allowing rules all carry L7 rules (the proxy narrows them), in words. */
  l7?: string[];
  caveats: string[];
}
