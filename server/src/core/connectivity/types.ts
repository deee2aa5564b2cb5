// Contract of the connectivity engine: queries, verdicts with reasons, and allowed-traffic sets for topology.
import type { Span } from '../source.ts';
import type { Direction, Protocol, Workload } from '../model/types.ts';

/** A side of a connection: a workload (its pods) or an IP address outside the known pods. */
export type Endpoint = { kind: 'workload'; workload: Workload } | { kind: 'ip'; address: string };

/** ICMP is not a NetworkPolicy protocol: only rules without `ports` admit it. `port` is then the ICMP type. */
export type QueryProtocol = Protocol | 'ICMP';

export interface ReachQuery {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol: QueryProtocol;
}

/** The policy rule that decided (allowed) a direction. */
export interface RuleRef {
  policy: string; // namespace/name
  uri?: string;
  span?: Span;
  direction: Direction;
  ruleIndex: number;
}

export interface DirectionVerdict {
  /** Whether the pod on this side is isolated for this direction (some policy selects it with this type). */
  isolated: boolean;
  /** Whether this direction lets the traffic through. */
  allowed: boolean;
  /** Rules that allow it (empty when not isolated or when denied). */
  allowedBy: RuleRef[];
  /** Policies that isolate the pod (to explain a denial). */
  isolatedBy: RuleRef[];
}

export interface Verdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** Plain-language caveats (ipBlock vs pod IPs, named ports unresolved, ...). */
  caveats: string[];
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
  caveats: string[];
}
