// The workspace model: namespaces, workloads, services and NetworkPolicies as typed data with source spans.
// Contract shared by connectivity, topology, hover and completion; built by model/build.ts.
import type { Span } from '../source.ts';
import type { PolicyIR } from '../policy/types.ts';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Where an object was declared: a file and span, or the settings (cluster objects outside the repository). */
export type Origin =
  | { kind: 'file'; uri: string; span: Span; nameSpan?: Span; docIndex?: number; listIndex?: number }
  | { kind: 'settings' }
  | { kind: 'implied' };

/** What one kustomization (or Flux Kustomization) did to an object, innermost first (hover explains it). */
export interface PlacementStep {
  uri: string;
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  labels?: Record<string, string>;
  /** Patch files applied to the object by this kustomization. */
  patchedBy?: string[];
}

/** Where else the same object (kind/namespace/name) is declared, and the kustomize chain that placed it. */
export interface Provenance {
  /** Every declaration of this object when there are several (the first is `origin`). */
  origins?: Origin[];
  placement?: PlacementStep[];
}

export interface NamespaceInfo {
  name: string;
  /** Includes `kubernetes.io/metadata.name: <name>` (the API server sets it on every namespace). */
  labels: Record<string, string>;
  /** 'implied' when only referenced (metadata.namespace of some object, a kustomization), never declared. */
  origin: Origin;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
}

export type WorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Rollout' | 'ClusterWorkload';

export interface Workload extends Provenance {
  /** `namespace/name` — unique per kind; reach resolves `namespace/name` across kinds. */
  id: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Labels of the pods it runs (pod template labels; a bare Pod's own labels). */
  podLabels: Record<string, string>;
  ports: ContainerPort[];
  origin: Origin;
  /** `hostNetwork: true`: its pods use the node's network, which NetworkPolicy does not govern. */
  hostNetwork?: boolean;
  /**
   * `dnsPolicy: Default` (the node's resolvers) or `None` (only `dnsConfig`): the pods do not ask the cluster DNS.
   * Unset for ClusterFirst and ClusterFirstWithHostNet, the ways pods use it.
   */
  dnsPolicy?: 'Default' | 'None';
  /** With `dnsPolicy: None`: the addresses `dnsConfig.nameservers` lists, the only servers its pods ask. */
  nameservers?: string[];
  serviceAccountName?: string;
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol: Protocol;
  /** A number, or a container port name on the selected pods. */
  targetPort: number | string;
}

export interface ServiceInfo extends Provenance {
  id: string;
  namespace: string;
  name: string;
  selector: Record<string, string> | undefined;
  /** The Service's own labels (Cilium's toServices k8sServiceSelector matches them). */
  labels?: Record<string, string>;
  ports: ServicePort[];
  origin: Origin;
}

export interface SelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A label selector. An empty one (no labels, no expressions) selects everything. */
export interface Selector {
  matchLabels: Record<string, string>;
  matchExpressions: SelectorRequirement[];
  span?: Span;
  /** Set when the API server would reject the selector (bad operator, non-string value...): it matches nothing. */
  invalid?: string;
}

export interface IpBlock {
  cidr: string;
  except: string[];
  span?: Span;
}

/** One `from`/`to` item. Absent selectors are undefined (namespaceSelector absent = the policy's namespace). */
export interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: IpBlock;
  index: number;
  span?: Span;
  /** Set when the API server would reject the peer (no selector and no ipBlock, ipBlock mixed with selectors). */
  invalid?: string;
}

export interface PolicyPort {
  /** undefined = every port of the protocol. */
  port?: number | string;
  endPort?: number;
  protocol: Protocol;
  index: number;
  span?: Span;
  /** Set when the API server would reject the port (unknown protocol, out of range, endPort misuse). */
  invalid?: string;
}

export interface PolicyRule {
  index: number;
  /** undefined or empty = every peer (including outside the cluster). */
  peers: Peer[] | undefined;
  /** undefined or empty = every port. */
  ports: PolicyPort[] | undefined;
  span?: Span;
}

export type Direction = 'ingress' | 'egress';

export interface Policy extends Provenance {
  id: string;
  namespace: string;
  name: string;
  podSelector: Selector;
  /** Effective policyTypes after API defaulting. */
  policyTypes: Direction[];
  /** Whether policyTypes was written (else defaulted: Ingress, plus Egress when egress has a rule). */
  policyTypesExplicit: boolean;
  ingress: PolicyRule[];
  egress: PolicyRule[];
  origin: Origin;
  /**
   * Why the API server would reject this policy (empty/absent = valid as far as NetLens checks). The
   * connectivity engine ignores invalid policies (they never exist in the cluster) and says so in caveats.
   */
  invalid?: string[];
}

/** A CiliumCIDRGroup: a cluster-scoped, named list of external CIDRs that Cilium CIDRSet peers name or select. */
export interface CidrGroupInfo {
  name: string;
  labels: Record<string, string>;
  /** spec.externalCIDRs as written (the CRD checks each is a CIDR; a group with a bad one is never created). */
  cidrs: string[];
  /**
   * Entries of `cidrs` through which the configured Cilium selects no address: zero-length prefixes (0.0.0.0/0,
   * ::/0) since groups are selected by label (Cilium 1.17), cilium#39688 (fix pending in cilium#48366).
   */
  blind?: string[];
  origin: Origin;
}

export interface Model {
  namespaces: Map<string, NamespaceInfo>;
  workloads: Workload[];
  services: ServiceInfo[];
  /** CiliumCIDRGroups by name (Cilium CIDRSet peers resolve through them); absent in hand-made models. */
  cidrGroups?: Map<string, CidrGroupInfo>;
  /** NetworkPolicies in their own typed shape (kind-specific rules and hover read them). */
  policies: Policy[];
  /** NetworkPolicies by namespace. */
  policiesByNamespace: Map<string, Policy[]>;
  /**
   * Every policy of every kind in the one policy form (policy/types.ts): the list the rules judge (a scoped
   * analysis narrows it to some files).
   */
  policyIR: PolicyIR[];
  /** The full IR tables isolation reads (never narrowed): namespaced policies by namespace, cluster-wide ones. */
  policyIndex: { byNamespace: Map<string, PolicyIR[]>; clusterwide: PolicyIR[] };
  /** Namespaces kustomizations place a file's objects in (only files some kustomization lists, by uri). */
  fileNamespaces?: Map<string, string[]>;
  /** Objects declared more than once (same kind/namespace/name) whose declarations differ. */
  duplicates?: DuplicateObject[];
  /** What kustomizations ask that NetLens does not model, per kustomization uri. */
  kustomizeNotes?: Map<string, { span: Span; message: string }[]>;
  /** Files a kustomize build reads (resources, patches): they exist only as the builds' copies. */
  kustomizeCovered?: ReadonlySet<string>;
  /** Namespaces where a kustomize build places objects NetLens does not see that may run pods, with what brings them. */
  kustomizeOpaque?: ReadonlyMap<string, readonly string[]>;
  /** Files a kustomize build applies as strategic-merge patches: partial objects (rules judging absence skip them). */
  kustomizePatches?: ReadonlySet<string>;
  /** Manifests beside a kustomization that no build lists (uri -> the kustomization's uri): never deployed. */
  kustomizeUnlisted?: ReadonlyMap<string, { kustomization: string; span: Span }>;
  /** `netlens.cluster.podCIDRs`: lets ipBlock peers be related to pods (with a caveat). */
  podCIDRs?: string[];
  /** Per-model memo of the selection module and the connectivity engine (filled lazily; never serialised). */
  memo?: ModelMemo;
}

export interface DuplicateObject {
  kind: string;
  id: string;
  origins: Origin[];
}

/**
 * Lazily computed facts about one model, so many queries over it stay cheap (policy/select.ts owns them).
 * The object-keyed memos stay WeakMaps: a model outlives its analyses (WorkspaceCache.last serves the next edit's
 * analysis when the model is unchanged), and each analysis asks with objects of its own (the stand-in pods the
 * DNS rules build): as Maps they grew by every analysis's stand-ins (bench/heap.mjs measured it).
 */
export interface ModelMemo {
  /** Valid policies of any kind whose subject selects the workload. */
  policiesOf?: Map<Workload, PolicyIR[]>;
  /** Each workload's position in `workloads` (to put lists gathered per namespace back in model order). */
  order?: Map<Workload, number>;
  /** Workloads per namespace (filled on first use). */
  byNamespace?: Map<string, Workload[]>;
  /** Cilium identity labels per workload. */
  identity?: WeakMap<Workload, Record<string, string>>;
  /** Namespace selector results per selector object and namespace name. */
  namespaceMatches?: WeakMap<Selector, Map<string, boolean>>;
  /** Workloads a policy's subject selects. */
  selected?: WeakMap<object, readonly Workload[]>;
  /** Workloads a peer (NetworkPolicy or IR peer object) of a policy matches, per policy and peer object. */
  peerHits?: WeakMap<object, WeakMap<object, readonly Workload[]>>;
  /** Posting lists of workload labels per label space, per namespace and for the whole model (policy/label-index.ts). */
  labelIndex?: Partial<Record<'pod' | 'identity', unknown>>;
  /** Policies by a label their subject requires, per namespace (undefined: the cluster-wide ones) (policy/policy-index.ts). */
  policyLabelIndex?: Map<string | undefined, unknown>;
  /** Parsed CIDRs (undefined = invalid), so CIDR peers are not re-parsed per query. */
  cidrs?: Map<string, unknown>;
  /** Selection results by selector content: repositories repeat the same selectors across many policies. */
  byContent?: Map<string, Workload[]>;
  /** Whether the workspace holds a Service a toServices peer names, by the peer's content key. */
  servicesSeen?: Map<string, boolean>;
  /** Per-analysis results of the workspace rules that several rules share (keyed by the files map). */
  rulePorts?: { files: unknown; value: unknown };
  /** The workspace rules' workload index (rules/ws-policy.ts), shared by every rule of one analysis. */
  wsIndex?: unknown;
  /** Models the content-keyed memos have been carried through since they were new (policy/carry.ts). */
  carried?: number;
}
