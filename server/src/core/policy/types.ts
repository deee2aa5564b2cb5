// The one policy form (IR) every policy kind lowers into: NetworkPolicy, CiliumNetworkPolicy and
// CiliumClusterwideNetworkPolicy today. The connectivity engine evaluates only this form:
//   1. isolation: an endpoint is isolated in a direction when some valid policy selecting it isolates it;
//   2. deny wins: a matching deny rule (of any kind, on the same endpoint) drops the traffic;
//   3. the union of the allow rules of every policy selecting the endpoint lets the rest through.
// Contract for every developer: kinds produce PolicyIR (kinds/<kind>/lower.ts); connectivity, topology,
// reports, hover and the rules read it; selection over it lives in policy/select.ts only.
import type { Span } from '../source.ts';
import type { Direction, Origin, Selector } from '../model/types.ts';

/** The policy kinds the engine knows (the registry may add more; consumers must tolerate unknown strings). */
export type PolicyKind = 'NetworkPolicy' | 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | (string & {});

/** Where a rule lives in its source object: `ingress`, `egress`, and Cilium's `ingressDeny`, `egressDeny`. */
export type RuleSection = 'ingress' | 'egress' | 'ingressDeny' | 'egressDeny';

export type RuleAction = 'allow' | 'deny';

/**
 * Which labels a selector is matched against:
 * - `pod`: the pod's own labels (Kubernetes label selectors);
 * - `identity`: Cilium's identity labels — the pod labels plus `io.kubernetes.pod.namespace`,
 *   `io.cilium.k8s.namespace.labels.<key>`, `io.cilium.k8s.policy.serviceaccount` and
 *   `io.cilium.k8s.policy.cluster` (keys written with a `k8s:`/`any:` source prefix are stored without it).
 */
export type LabelSpace = 'pod' | 'identity';

/** Namespaces a subject or endpoint peer is limited to (before its label selector applies). */
export type NamespaceScope =
  | { kind: 'names'; names: string[] }
  /** Namespaces whose labels match (Kubernetes namespaceSelector). */
  | { kind: 'selector'; selector: Selector }
  /** Every namespace (cluster-wide; any namespace constraint is inside the identity selector). */
  | { kind: 'all' };

/** What a policy applies to: the endpoints whose traffic its rules govern. */
export interface PolicySubject {
  namespaces: NamespaceScope;
  selector: Selector;
  labels: LabelSpace;
  /**
   * CCNP `nodeSelector`: the policy governs hosts (nodes), which NetLens does not model; such a policy selects
   * no workload, and the engine says so in verdict notes rather than guessing.
   */
  nodes?: boolean;
}

/** Cilium entities (reserved identities); NetworkPolicy has none. */
export type Entity =
  | 'all' | 'world' | 'world-ipv4' | 'world-ipv6' | 'cluster' | 'host' | 'remote-node' | 'kube-apiserver'
  | 'ingress' | 'health' | 'init' | 'unmanaged' | 'none';

/** One peer of a rule. A rule's peer list is OR'ed. */
export type PolicyPeer = (
  /** Pods: those of `namespaces` whose `labels` match `selector` (undefined selector = every pod there). */
  | { kind: 'endpoints'; namespaces: NamespaceScope; selector?: Selector; labels: LabelSpace }
  /**
   * Addresses in `cidr` minus `except`. `pods`: how the block relates to pod IPs — `podCIDRs` (NetworkPolicy:
   * only through netlens.cluster.podCIDRs, with a caveat) or `never` (Cilium: CIDR rules never match
   * in-cluster endpoints).
   */
  | { kind: 'cidr'; cidr: string; except: string[]; pods: 'podCIDRs' | 'never' }
  | { kind: 'entity'; entity: Entity | (string & {}) }
  /** DNS names (Cilium toFQDNs): exactly one of matchName / matchPattern. */
  | { kind: 'fqdn'; matchName?: string; matchPattern?: string }
  /**
   * The pods backing a Service (Cilium toServices): by name, or by a label selector over Services; no namespace =
   * Services of every namespace. `selectorlessOnly`: Cilium before 1.17 takes only Services without a selector,
   * whose addresses never match pods.
   */
  | { kind: 'service'; namespace?: string; name?: string; selector?: Selector; selectorlessOnly?: true }
  /**
   * Cilium CIDRSet entry naming CiliumCIDRGroups, by name (`ref`) or by their labels (`selector`): the groups'
   * external CIDRs minus `except`, resolved against the workspace's groups when matched (never pods, like a CIDR).
   */
  | { kind: 'cidr-group'; ref?: string; selector?: Selector; except: string[] }
  /** Matches nothing: a peer the API server / agent rejects, or a peer form NetLens does not analyse. */
  | { kind: 'nothing'; reason: string }
) & { index: number; span?: Span; /** Field the peer came from (`from`, `toEndpoints`, `fromCIDRSet`...). */ field?: string };

/** L7 constraints on a port: the port is allowed at L4, the proxy allows only what `summary` says. */
export interface L7Rules {
  /** `http`, `dns`, `kafka`, `l7proto` ... */
  kind: string;
  /** Plain words: `GET / ; POST /api/.*`, `DNS names matching *`. */
  summary: string;
  /** DNS rules: the names the proxy lets the endpoint look up (an entry with neither allows none). */
  dns?: { matchName?: string; matchPattern?: string }[];
}

export type PortProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY';

export interface IRPort {
  protocol: PortProtocol;
  /** undefined (or 0 in Cilium) = every port of the protocol; a string = a named port of the destination pod. */
  port?: number | string;
  endPort?: number;
  index: number;
  span?: Span;
  /** Set when the API server / agent would reject the port: it admits nothing. */
  invalid?: string;
  l7?: L7Rules;
}

export interface IcmpType {
  family: 'IPv4' | 'IPv6';
  type: number;
  span?: Span;
}

export interface IRRule {
  direction: Direction;
  section: RuleSection;
  action: RuleAction;
  /** Index within its section (the `N` of `egressDeny[N]`). */
  index: number;
  span?: Span;
  /** undefined = every peer, in and outside the cluster; [] = no peer at all (Cilium's explicit empty list). */
  peers: PolicyPeer[] | undefined;
  /**
   * undefined = every port of every protocol, ICMP included (when `icmps` is undefined too); [] = no port.
   * With `icmps` set and ports undefined, only those ICMP types are admitted.
   */
  ports: IRPort[] | undefined;
  icmps?: IcmpType[];
  /**
   * Cilium fromRequires/toRequires (before 1.19), lowered like endpoint peers. Cilium ANDs the requirements of every
   * allow (resp. deny) rule of every policy selecting the endpoint into each endpoint-selector peer of every allow
   * (resp. deny) rule in that direction, NetworkPolicy rules included (connectivity/evaluate.ts).
   */
  requires?: PolicyPeer[];
}

export interface PolicyIR {
  /** `namespace/name`, or `name` for a cluster-wide policy. */
  id: string;
  kind: PolicyKind;
  /** undefined for cluster-wide policies. */
  namespace?: string;
  name: string;
  subject: PolicySubject;
  /** Whether selecting an endpoint makes it default-deny in each direction. */
  isolates: { ingress: boolean; egress: boolean };
  rules: IRRule[];
  origin: Origin;
  /** Reasons the API server or agent rejects it (empty/absent = valid): it is never enforced. */
  invalid?: string[];
  /** The kind's own typed shape (e.g. the NetworkPolicy `Policy`), for kind-specific rules and hover. */
  source?: unknown;
  /** Index of the rule within a Cilium `specs:` list (absent for `spec`). */
  specIndex?: number;
  /** What NetLens does not analyse in this policy, said in every verdict about the endpoints it selects. */
  notes?: string[];
}

/** A rule of a policy as a verdict cites it. */
export interface RuleRef {
  policy: string; // policy id
  kind: PolicyKind;
  uri?: string;
  span?: Span;
  direction: Direction;
  section: RuleSection;
  action: RuleAction;
  /** Index within `section`; -1 = the policy as a whole (it isolates the endpoint). */
  ruleIndex: number;
}
