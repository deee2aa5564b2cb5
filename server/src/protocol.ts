// Custom `netlens/...` requests shared by the language server and the client (which never imports the engine).
// Plain JSON shapes only: positions are LSP ranges (0-based, UTF-16), never engine offsets.
// No runtime imports: the server's vscode-languageserver and the client's vscode-languageclient bundle
// different vscode-jsonrpc copies, whose RequestType classes do not type-check against each other. Each side
// registers/sends by `method` through a typed helper (lsp/requests.ts onCustomRequest, client Ctx.request).

/** A request: its method name, with the param and result types carried for the helpers. */
export interface RequestDef<P, R> {
  readonly method: string;
  /** Type carrier only; never set. */
  readonly types?: { params: P; result: R };
}

/** A notification: its method name, with the param type carried for the helpers. */
export interface NotificationDef<P> {
  readonly method: string;
  readonly types?: { params: P };
}

/**
 * Node flags the language server runs with: the client starts it so, and the benchmark, the fuzzer and the protocol
 * tests do too (the corpus survival test does not: it asks only that the server lives). A young generation of at
 * most 4 MB per semi-space: the server keeps most of what it builds (the workspace's trees and model), and a
 * scavenge copies every survivor, so with plain Node's default (16 MB here) each scavenge held the thread up to
 * 26-27 ms while the index ran; capped, at most 14-17 ms. Over a 2,000-file cold index hover p95 fell from 25-35 to
 * 16-20 ms and peak RSS by about 20 MB, the index's CPU within noise (bench/README.md, third session of 2026-12-04).
 * No memory reducer: after a full GC, once the server goes quiet (a pause in typing), V8 runs up to three more
 * to shrink the heap, each marking all of it. At 2,000 files that is about 200 MB marked three times, 1.2-1.4 s of
 * CPU for about 30 MB of RSS back (used heap 213 -> 194 MB), every time the edits' garbage brought a full GC: a
 * cost that grows with the workspace, where the allocation-driven GCs cost about the same per edit at any size
 * (their interval grows with the heap). Peak RSS is unchanged (bench/README.md, seventh session of 2026-12-04).
 * The heap grows by two between full GCs (`--heap-growing-percent=100`). V8's own factor swung from four while the
 * index allocated (8,000-file peaks of 1,034 MB, 433 MB fixed) to about 1.13 while edits came one by one: a full GC of
 * the whole index every 30 edits, 17 against 9 ms per edit at 2,000 files (bench/README.md, fourteenth session).
 * No allocation-site pretenuring: what the index builds survives, so V8 then allocates the parser's and reader's
 * objects straight into the old generation, an edit's too; dead there once the next edit replaces them, they keep the
 * young objects they point at (the text, the line table, the objects) through every scavenge until a full GC. Without
 * it (and with no WeakMap value holding its key, core/slots.ts), the old generation grows 14 instead of about 250 KB
 * per edit of the 5,000-line file (bench/gc-promotion.mjs; bench/README.md, seventeenth session).
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4', '--no-memory-reducer', '--heap-growing-percent=100', '--no-allocation-site-pretenuring'];

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** A place in a file the editor can reveal. */
export interface SourceLocation {
  uri: string;
  range: LspRange;
}

// ---- netlens/workloads: the workloads of the workspace model (quick picks of "Can A reach B?", topology) ----

export interface WorkloadsParams {
  /** Restrict to the namespaces of the objects in this file; the whole workspace when absent. */
  uri?: string;
}

export interface WorkloadSummary {
  /** `namespace/name`, the id `reach` takes. */
  id: string;
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ports: { port: number; protocol: Protocol; name?: string }[];
  /** Absent for workloads declared in settings (`netlens.cluster.workloads`). */
  location?: SourceLocation;
}

export interface WorkloadsResult {
  workloads: WorkloadSummary[];
  namespaces: string[];
}

export const WorkloadsRequest = { method: 'netlens/workloads' } as RequestDef<WorkloadsParams, WorkloadsResult>;

// ---- netlens/reach: "can A reach B?" (same verdict shape as `netlens reach --format json`) ----

export interface ReachParams {
  /** `namespace/name` (or `kind/namespace/name`) of a workload, or an IP address. */
  from: string;
  to: string;
  /** `8080`, `53/UDP`, `8/ICMP`, or a number (TCP unless `protocol` says otherwise). */
  port: number | string;
  /** Defaults to TCP. */
  protocol?: Protocol | 'ICMP';
  /** A file of the workspace folder to ask (multi-root); the first folder that knows both sides otherwise. */
  uri?: string;
}

export interface RuleRefJson {
  /** `namespace/name` of the policy. */
  policy: string;
  direction: 'ingress' | 'egress';
  ruleIndex: number;
  location?: SourceLocation;
}

export interface DirectionVerdictJson {
  isolated: boolean;
  allowed: boolean;
  allowedBy: RuleRefJson[];
  isolatedBy: RuleRefJson[];
  /** Why an isolated side lets the traffic through without a rule (the local node into its pods). */
  allowedBecause?: string;
  /** Why this side is not analysed (a node under host policies, which NetLens does not model). */
  unmodelled?: string;
}

export interface ReachResult {
  allowed: boolean;
  egress: DirectionVerdictJson;
  ingress: DirectionVerdictJson;
  caveats: string[];
  /** Set instead of a verdict when an endpoint or the port is invalid (with close matches in the text). */
  error?: string;
  /** Close matches for an unknown workload. */
  candidates?: string[];
}

export const ReachRequest = { method: 'netlens/reach' } as RequestDef<ReachParams, ReachResult>;

// ---- netlens/trace: a URL through the Gateways to the pods (same steps as `netlens trace --format json`) ----

export interface TraceParams {
  /** e.g. `https://shop.example.net/api`; a bare host is taken as http. */
  url: string;
  /**
   * A file of the workspace folder to ask first (multi-root): its answer when something there serves the URL;
   * otherwise, as without a file, the first folder where the URL reaches a pod.
   */
  uri?: string;
}

export interface TraceStepJson {
  kind: string;
  text: string;
  /** false when this step stops the request. */
  ok: boolean;
  /** A conditional path: what the request needs beyond its URL to take this step (`method GET`, `header version: two`). */
  condition?: string;
  location?: SourceLocation;
}

export interface TracePathJson {
  entry: string;
  reaches: boolean;
  undecided?: boolean;
  steps: TraceStepJson[];
}

export interface TraceResultJson {
  url: string;
  paths: TracePathJson[];
  /** Why nothing serves the URL, or what NetLens cannot know. */
  notes: string[];
  /** Set instead of paths when the URL cannot be traced (not a URL, not http/https, no folder). */
  error?: string;
}

export const TraceRequest = { method: 'netlens/trace' } as RequestDef<TraceParams, TraceResultJson>;

// ---- netlens/topology: the graph for the live preview ----

export interface TopologyParams {
  /** The file whose namespaces scope the graph (scope `file`). */
  uri?: string;
  scope: 'file' | 'workspace';
  /** Only these namespaces (all when absent). */
  namespaces?: string[];
  /** Show CIDR blocks, the internet and cluster workloads from settings. */
  externalPeers?: boolean;
  /** Namespaces to show expanded when the graph is collapsed to namespace level. */
  expand?: string[];
  /** Focus mode: one workload's flows (by node id), or the flows one policy (`namespace/name`) decides. */
  focus?: { kind: 'node'; id: string } | { kind: 'policy'; name: string };
  /** Draw DNS flows to the cluster DNS as arrows (default: a badge on the source). */
  dnsEdges?: boolean;
  /** Fold to namespaces above this many nodes (the preview's default is smaller than the CLI's). */
  collapseAbove?: number;
  /** Fold dense namespaces, then to namespaces, above this many arrows (default 200, the CLI's). */
  maxEdges?: number;
}

/**
 * What the preview's search box finds: workloads (focus), namespaces (expand/filter), policies (focus), and the
 * way in: gateways, routes and Ingress/IngressRoute objects (focus on their node).
 */
export interface SearchEntryJson {
  kind: 'workload' | 'namespace' | 'policy' | 'gateway' | 'route' | 'ingress';
  /** Node id for workloads and the way in, the namespace, or `namespace/name` of a policy. */
  id: string;
  label: string;
  detail: string;
}

export interface TopologyResult {
  /** Mermaid flowchart text, ready to render. */
  mermaid: string;
  /** The graph as JSON (nodes, edges), shape owned by core/topology. */
  graph: unknown;
  /** Whether the graph was collapsed to namespace level because it was too large. */
  collapsed: boolean;
  /** Where a click on a node or edge leads, by Mermaid node/edge id. */
  locations: Record<string, SourceLocation>;
  /** A message to show instead of (or above) the graph: empty workspace, broken files. */
  message?: string;
  /** Every namespace of the model (for the namespace filter). */
  namespaces?: string[];
  /** Every rule that allows each edge (a click offers them all when there are several), by edge id. */
  edgeRules?: Record<string, TopologyRuleJson[]>;
  /** Everything the search box can find in the workspace (not only what is drawn). */
  search?: SearchEntryJson[];
}

export interface TopologyRuleJson {
  policy: string;
  direction: 'ingress' | 'egress';
  ruleIndex: number;
  location?: SourceLocation;
}

export const TopologyRequest = { method: 'netlens/topology' } as RequestDef<TopologyParams, TopologyResult>;

// ---- netlens/report: the connection matrix, coverage report or inventory as Markdown (opened as a preview) ----

export interface ReportParams {
  kind: 'matrix' | 'coverage' | 'inventory';
  /** The workspace folder of this file (the first folder when absent). */
  uri?: string;
}

export interface ReportResult {
  markdown: string;
}

export const ReportRequest = { method: 'netlens/report' } as RequestDef<ReportParams, ReportResult>;

// ---- netlens/status: what the server is doing, for the status bar ----

export interface ServerStatusParams {
  /**
   * `busy` while analysing or indexing, `ok` when idle; `warning` when idle but the analysis is incomplete
   * (files that could not be read: the message says how many); `error` after a handler failed.
   */
  health: 'ok' | 'busy' | 'warning' | 'error';
  /** busy: what is running; error: what failed; ok: what was not analysed (the same lines as `netlens check`). */
  message?: string;
}

export const ServerStatusNotification = { method: 'netlens/status' } as NotificationDef<ServerStatusParams>;

// ---- netlens/gitRefs and netlens/connectivityDiff: "Compare Connectivity with..." (the diff view) ----

export interface GitRefsParams {
  /** A file of the workspace folder whose repository to list (the first folder when absent). */
  uri?: string;
}

export interface GitRefJson {
  /** What `--base` takes: `HEAD`, a branch, a tag. */
  name: string;
  kind: 'head' | 'branch' | 'remote' | 'tag';
  /** Short commit hash and subject. */
  description: string;
}

export interface GitRefsResult {
  refs: GitRefJson[];
  /** Why there are none: not a git repository, git missing. */
  error?: string;
}

export const GitRefsRequest = { method: 'netlens/gitRefs' } as RequestDef<GitRefsParams, GitRefsResult>;

export interface ConnectivityDiffParams {
  /** A file of the workspace folder to compare (the first folder when absent). */
  uri?: string;
  /** The revision to compare with: `HEAD`, a branch, a tag, a commit. */
  base: string;
}

export interface DiffRuleJson extends TopologyRuleJson {
  /** `head`: a rule of the working tree (its location opens in the editor); `base`: as it was at the base. */
  side: 'head' | 'base';
  /** For base rules: the repository-relative path at the base, to open through git. */
  basePath?: string;
}

export interface DiffFlowJson {
  status: 'added' | 'removed';
  source: string;
  destination: string;
  port: string;
  protocol: string;
  /** Opened: rules that allow it now. Closed: rules that allowed it at the base. Empty: no policy decides. */
  allowedBy: DiffRuleJson[];
  /** Closed flows: the policies that now deny it (isolating, with no allowing rule). */
  deniedBy: DiffRuleJson[];
  /** The Mermaid edge that draws it, when drawn (flows of unisolated pods are listed only). */
  edge?: string;
  /**
   * Set for exposure changes: `source` is the entry (`Gateway infra/edge`), `destination` the Service port,
   * `port` the URL, `protocol` `exposure`, and `allowedBy` the route that routes it (rule index -1).
   */
  exposure?: 'exposed' | 'hidden' | 'blocked';
}

export interface DiffFindingJson {
  status: 'added' | 'removed';
  code: string;
  severity: string;
  message: string;
  /** Display path (workspace-relative) and 1-based line. */
  where: string;
  location?: SourceLocation;
}

export interface ConnectivityDiffResult {
  base: string;
  /** The commit `base` named, abbreviated. */
  commit?: string;
  mermaid: string;
  graph: unknown;
  /** Per edge id: `added`, `removed` or `unchanged`. */
  edgeStatus: Record<string, 'added' | 'removed' | 'unchanged'>;
  locations: Record<string, SourceLocation>;
  edgeRules: Record<string, DiffRuleJson[]>;
  flows: DiffFlowJson[];
  findings: DiffFindingJson[];
  /** Changed flows of unisolated pods (listed in `flows`, not drawn). */
  undecided: number;
  /** Not a repository, unknown revision, nothing to compare. */
  error?: string;
  message?: string;
}

export const ConnectivityDiffRequest = { method: 'netlens/connectivityDiff' } as RequestDef<ConnectivityDiffParams, ConnectivityDiffResult>;

// ---- netlens/openFromDisk, netlens/documentText: large saved files are opened from disk (protocol-disk.ts) ----
export * from './protocol-disk.ts';

// ---- netlens/indexStats: counters of the workspace index (protocol-stats.ts; tests assert them, the bench reads them) ----
export * from './protocol-stats.ts';
