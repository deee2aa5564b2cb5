// Plain-data result of comparing two analyses (a base revision and the working tree): flows and findings.
import type { Protocol } from '../model/types.ts';
import type { PortRange, RuleRef } from '../connectivity/types.ts';
import type { Finding } from '../types.ts';
import type { EdgeTraffic, NodeKind } from '../topology/types.ts';
import type { WayInInput } from '../topology/wayin.ts';
import type { ExposureChange } from './exposure.ts';

export type { Exposure, ExposureChange } from './exposure.ts';

/** A side of a flow, named the same way in both revisions. */
export interface FlowEndpoint {
  /** The topology's node id (Mermaid-safe): `w_...` workloads, `x_...` ip blocks, `y_...` entities, `q_...` names. */
  id: string;
  kind: Extract<NodeKind, 'workload' | 'cluster-workload' | 'ip-block' | 'entity' | 'fqdn'>;
  /**
   * `namespace/name` of a workload, the block as written (`internet (0.0.0.0/0)`) for ip blocks, the entity
   * (`kube-apiserver (the API server)`) or the DNS name or pattern (`*.github.com (pattern)`) for Cilium peers.
   */
  name: string;
  namespace?: string;
  /** Workload kind (Deployment...). */
  workloadKind?: string;
  /** Whether the endpoint exists in the base / the working tree (a new workload has only `head`). */
  inBase: boolean;
  inHead: boolean;
}

/** One contiguous port range of one protocol that a change opened or closed between two endpoints. */
export interface FlowChange {
  from: FlowEndpoint;
  to: FlowEndpoint;
  /** `TCP`, `UDP`, `SCTP`, or `ICMP/other` for port-less traffic. */
  protocol: Protocol | 'ICMP/other';
  /** `443`, `8000-8080`, `any` (every port), `-` for port-less traffic. */
  port: string;
  range?: PortRange;
  /**
   * Opened: the rules that allow it in the working tree. Closed: the rules that allowed it at the base.
   * Empty when neither side is isolated (nothing decides; everything is allowed).
   */
  rules: RuleRef[];
  /** Closed flows: the policies isolating the side that now denies it (working tree), to say why. */
  deniedBy?: RuleRef[];
}

/** Every pair with traffic in either revision, as port sets. */
export interface PairDiff {
  from: FlowEndpoint;
  to: FlowEndpoint;
  added: EdgeTraffic;
  removed: EdgeTraffic;
  unchanged: EdgeTraffic;
  /** Whether a policy rule decides the pair in the working tree (else it is open traffic of unisolated pods). */
  decided: boolean;
  /** Whether a rule decided it at the base. */
  decidedBase: boolean;
  /** Rules that allow it in the working tree (uris of the working tree). */
  rules: RuleRef[];
  /** Rules that allowed it at the base (uris of the base's files). */
  baseRules: RuleRef[];
}

export interface ConnectivityDiff {
  added: FlowChange[];
  removed: FlowChange[];
  pairs: PairDiff[];
  endpoints: FlowEndpoint[];
  /** What the change exposes and hides through Gateways, Ingresses and LoadBalancer/NodePort Services. */
  exposure: { exposed: ExposureChange[]; hidden: ExposureChange[] };
  findings: {
    /** Findings of the working tree that the base did not have (uris of the working tree). */
    added: Finding[];
    /** Findings of the base that are gone (uris of the base's files). */
    removed: Finding[];
  };
}

/** One side of the comparison: the model and the findings of an analysis. */
export interface DiffSide {
  model: import('../model/types.ts').Model;
  findings: ReadonlyMap<string, readonly Finding[]>;
  /** The side's routing analysis (the way in): without it on both sides, exposure is not compared. */
  wayIn?: WayInInput;
}
