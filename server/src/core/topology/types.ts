// Plain-data shape of the topology graph (nodes, edges, namespace groups) that Mermaid, JSON and the preview share.
import type { Span } from '../source.ts';
import type { Protocol, WorkloadKind } from '../model/types.ts';
import type { PortRange, RuleRef } from '../connectivity/types.ts';

/** Which part of the workspace the graph shows. */
export type TopologyScope = { kind: 'workspace' } | { kind: 'file'; uri: string };

export interface TopologyOptions {
  /** Show CIDR blocks, the internet and cluster workloads from settings (kube-dns, ingress controllers). */
  externalPeers: boolean;
  /** Focus on these namespaces (plus the workloads with flows to or from them); all when absent or empty. */
  namespaces?: string[];
  /**
   * Also draw flows that no policy decides (neither side isolated). Off by default: every open pair would be
   * an edge, and the nodes' "open" marking already says it.
   */
  openFlows?: boolean;
  /** Above this many nodes the graph collapses to namespace level (default 60). */
  collapseAbove?: number;
  /** Above this many edges, internal flows of the densest namespaces are counted, not drawn (default 200). */
  maxEdges?: number;
  /** Namespaces shown workload by workload when collapsed. */
  expand?: string[];
  /** Focus mode: one workload's flows (one hop) or one policy's, with the deciding rules on the arrows. */
  focus?: import('./focus.ts').FocusTarget;
  /** The preview's view: DNS flows as badges (unless `dnsEdges`), fans of identical arrows as node markers. */
  declutter?: boolean;
  dnsEdges?: boolean;
}

export interface Isolation {
  ingress: boolean;
  egress: boolean;
}

/**
 * `entity` and `fqdn`: Cilium peers (reserved identities, toFQDNs names). `gateway`, `route`, `ingress`,
 * `service`: the way in from outside (Gateway API, Ingress/IngressRoute, LoadBalancer/NodePort Services).
 * `outside`: where requests to an entry point come from (the internet, or a private network).
 */
export type NodeKind = 'workload' | 'cluster-workload' | 'ip-block' | 'namespace' | 'entity' | 'fqdn' | 'gateway' | 'route' | 'ingress' | 'service' | 'outside';

export interface SourceRef {
  uri: string;
  span: Span;
}

export interface TopologyNode {
  /** Mermaid-safe, deterministic id (letters, digits, `_`). */
  id: string;
  kind: NodeKind;
  label: string;
  /** The namespace group it is drawn in (absent for ip blocks). */
  namespace?: string;
  /** For workload nodes. */
  workload?: { id: string; kind: WorkloadKind; name: string };
  /** For ip-block nodes: the block as written in the rules; `internet` for 0.0.0.0/0 and ::/0. */
  ipBlock?: { cidr: string; except: string[]; internet: boolean };
  /** Workloads: isolated directions. Namespace nodes: whether every workload is isolated that way. */
  isolation?: Isolation;
  /** Namespace nodes: how many workloads they stand for, and how many are not isolated either way. */
  workloadCount?: number;
  openCount?: number;
  /** Where to reveal it (a workload's manifest). */
  location?: SourceRef;
  /** Markers drawn on the node instead of arrows (DNS allowed, "from anywhere"). */
  badges?: string[];
  /** Entity and FQDN nodes: the entity name or the DNS selector as written. */
  identity?: { kind: 'entity' | 'fqdn'; name: string; pattern?: boolean };
  /** Way-in nodes: more lines under the label (addresses, listeners, hostnames, ports). */
  details?: string[];
  /** Route nodes: the gateway node that stands for it in the folded view. */
  foldInto?: string;
  /** Gateway nodes in the folded view: how many routes they stand for. */
  foldedRoutes?: number;
}

export interface EdgeTraffic {
  byProtocol: Partial<Record<Protocol, { all: boolean; ranges: PortRange[] }>>;
  /** Port-less traffic (ICMP...) admitted by rules without ports. */
  other: boolean;
}

export interface TopologyEdge {
  /** Mermaid-safe, deterministic id. */
  id: string;
  from: string;
  to: string;
  /** Ports/protocols, e.g. `TCP 80, 443 · UDP 53`, or `any`. */
  label: string;
  traffic: EdgeTraffic;
  /** The rules that allow this flow (both directions), for click-through. */
  rules: RuleRef[];
  caveats: string[];
  /** Aggregated edges (collapsed view): how many workload-level flows it stands for. */
  flows?: number;
  /**
   * Ports whose allowing rules all carry L7 rules (Cilium HTTP/Kafka/DNS...), in words: allowed at L4, and the
   * proxy lets through only what these say.
   */
  l7?: string[];
  /**
   * absent: a flow the policies allow. `way`: a step of the way in (a listener taking a route, a route sending
   * to a Service, a Service to its pods). `blocked`: a step the way in needs but a policy drops, or a rule that
   * allows nothing (toFQDNs without the DNS proxy).
   */
  kind?: 'way' | 'blocked';
}

export interface TopologyGroup {
  id: string;
  label: string;
  /** `namespace` groups hold workloads (and Services); `external` ip blocks, entities, names; `way-in` gateways. */
  kind: 'namespace' | 'external' | 'way-in';
  namespace?: string;
  nodeIds: string[];
}

export interface TopologyGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  groups: TopologyGroup[];
  /** True when workloads were folded into namespace nodes. */
  collapsed: boolean;
  expanded: string[];
  /** Namespaces whose internal flows were counted on the group title instead of drawn (too many edges). */
  folded?: { namespace: string; flows: number }[];
  /**
   * `policies`: the policies that select a drawn workload (`policyKinds`: the same by kind); `edges`: every arrow,
   * flows and the way in alike (arrowCounts splits them).
   */
  counts: { namespaces: number; workloads: number; policies: number; policyKinds?: Record<string, number>; externals: number; edges: number };
}
