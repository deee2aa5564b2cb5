// `netlens/topology` (graph for the live preview) and `netlens/report` (matrix / coverage Markdown) requests.
import type { Connection } from 'vscode-languageserver';
import {
  buildModel,
  connectionMatrixOf,
  coverageMarkdown,
  coverageOf,
  gatewayNodeId,
  ingressNodeId,
  inventoryMarkdown,
  inventoryOf,
  matrixMarkdown,
  routeNodeId,
  topologyView,
  wayInOf,
  type Model,
  type Options,
  type ParsedFile,
  type Span,
  type TopologyGraph,
  type WayInInput,
  workloadNodeId,
} from '../../core/index.ts';
import { ReportRequest, TopologyRequest, type ReportResult, type SearchEntryJson, type SourceLocation, type TopologyParams, type TopologyResult, type TopologyRuleJson } from '../../protocol.ts';
import { spanToRange } from '../convert.ts';
import { onCustomRequest } from '../requests.ts';
import type { Service } from '../service.ts';
import { isYamlDocument } from '../workspace.ts';
import type { Feature } from './feature.ts';

/** What the feature needs from a workspace: a model and the parsed files behind it (for spans -> ranges). */
export interface ModelSource {
  model: Model;
  files: ReadonlyMap<string, ParsedFile>;
}

/** The workspace index when the server has one (its analyses cover every YAML file of the folder). */
interface IndexLike {
  readonly folderUris: readonly string[];
  folderOf(uri: string): string | undefined;
  analysisFor(uri: string, whole?: boolean): Promise<{ files: ReadonlyMap<string, ParsedFile>; analysis: { model: Model } } | undefined>;
  allAnalyses(): Promise<{ files: ReadonlyMap<string, ParsedFile>; analysis: { model: Model } }[]>;
}

/** The model for `uri`'s folder from the workspace index, else from the open YAML documents. */
export async function modelFor(service: Service, uri: string | undefined): Promise<ModelSource | undefined> {
  const index = (service as unknown as { index?: IndexLike }).index;
  // A file outside every workspace folder would be analysed alone: the open documents say more then.
  if (index && (uri ? index.folderOf(uri) !== undefined : index.folderUris.length > 0)) {
    const a = uri ? await index.analysisFor(uri, true) : (await index.allAnalyses())[0];
    if (a) return { model: a.analysis.model, files: a.files };
  }
  const docs = service.documents.all().filter(isYamlDocument);
  if (docs.length === 0) return undefined;
  const options: Options = await service.settings.get(uri ?? docs[0]?.uri ?? '');
  const files = new Map(docs.map((d) => [d.uri, service.workspace.parse(d, options)] as const));
  return { model: buildModel([...files.values()], options), files };
}

function location(src: ModelSource, uri: string | undefined, span: Span | undefined): SourceLocation | undefined {
  const f = uri ? src.files.get(uri) : undefined;
  return f && span ? { uri: f.uri, range: spanToRange(f.lines, span) } : undefined;
}

const EMPTY: TopologyResult = { mermaid: 'flowchart LR\n', graph: { nodes: [], edges: [] }, collapsed: false, locations: {}, message: 'NetLens could not build the graph; the NetLens output channel has details.' };

const VIEWS = new WeakMap<Model, Map<string, TopologyResult>>();

export async function topologyResult(service: Service, params: TopologyParams): Promise<TopologyResult> {
  const src = await modelFor(service, params.uri);
  if (!src) return { ...EMPTY, message: 'Open a Kubernetes YAML file (or a folder with manifests) to see its topology.' };
  const scope = params.scope === 'file' && params.uri ? { kind: 'file' as const, uri: params.uri } : { kind: 'workspace' as const };
  const options = {
    externalPeers: params.externalPeers !== false,
    namespaces: params.namespaces ?? [],
    expand: params.expand ?? [],
    ...(params.focus ? { focus: params.focus } : {}),
    // The preview asks for the decluttered view (DNS badges, fan markers); older clients get the plain graph.
    ...(params.dnsEdges !== undefined ? { declutter: true, dnsEdges: params.dnsEdges } : {}),
    ...(typeof params.collapseAbove === 'number' ? { collapseAbove: params.collapseAbove } : {}),
    ...(typeof params.maxEdges === 'number' ? { maxEdges: params.maxEdges } : {}),
  };
  // The index hands out the same Model object until an input changes: a re-shown panel or a repeated request
  // costs a lookup, not a new all-pairs pass.
  const key = JSON.stringify([scope, options]);
  let perModel = VIEWS.get(src.model);
  if (!perModel) VIEWS.set(src.model, (perModel = new Map()));
  let result = perModel.get(key);
  if (!result) {
    const settings: Options = await service.settings.get(params.uri ?? [...src.files.keys()][0] ?? '');
    const wayIn = wayInOf(src.model, src.files, settings);
    const view = topologyView(src.model, options, scope, wayIn);
    result = toResult(src, view.graph, view.mermaid, view.message, wayIn);
    if (perModel.size > 16) perModel.clear();
    perModel.set(key, result);
  }
  return result;
}

export function toResult(src: ModelSource, graph: TopologyGraph, mermaid: string, message: string | undefined, wayIn?: WayInInput): TopologyResult {
  const locations: Record<string, SourceLocation> = {};
  const edgeRules: Record<string, TopologyRuleJson[]> = {};
  for (const n of graph.nodes) {
    const loc = n.location && location(src, n.location.uri, n.location.span);
    if (loc) locations[n.id] = loc;
  }
  for (const e of graph.edges) {
    edgeRules[e.id] = e.rules.map((r) => {
      const loc = location(src, r.uri, r.span);
      return { policy: r.policy, direction: r.direction, ruleIndex: r.ruleIndex, ...(loc ? { location: loc } : {}) };
    });
    const first = edgeRules[e.id]?.find((r) => r.location)?.location;
    if (first) locations[e.id] = first;
  }
  const namespaces = [...new Set([...src.model.namespaces.keys(), ...src.model.workloads.map((w) => w.namespace)])].sort();
  const result: TopologyResult = { mermaid, graph, collapsed: graph.collapsed, locations, namespaces, edgeRules, search: searchEntries(src.model, namespaces, wayIn) };
  if (message) result.message = message;
  return result;
}

/** Workloads (by node id), namespaces, policies and the way in (gateways, routes, ingresses by node id) for the preview's search box. */
export function searchEntries(model: Model, namespaces: readonly string[], wayIn?: WayInInput): SearchEntryJson[] {
  const out: SearchEntryJson[] = [];
  for (const w of model.workloads) out.push({ kind: 'workload', id: workloadNodeId(w.kind, w.namespace, w.name), label: w.id, detail: w.kind === 'ClusterWorkload' ? 'cluster workload (settings)' : w.kind });
  for (const ns of namespaces) out.push({ kind: 'namespace', id: ns, label: ns, detail: 'namespace' });
  for (const p of model.policyIR) out.push({ kind: 'policy', id: p.id, label: p.id, detail: p.kind });
  const gw = wayIn?.routing.gw;
  if (!gw) return out;
  // One entry per node: a build that places the same object twice in one namespace draws it once.
  const seen = new Set<string>();
  const add = (e: SearchEntryJson): void => {
    if (!seen.has(e.id)) out.push(e);
    seen.add(e.id);
  };
  for (const g of gw.gateways) add({ kind: 'gateway', id: gatewayNodeId(g.namespace, g.name), label: g.id, detail: 'Gateway' });
  for (const r of gw.routes) add({ kind: 'route', id: routeNodeId(r.kind, r.namespace, r.name), label: r.id, detail: r.kind });
  for (const i of gw.ingresses) add({ kind: 'ingress', id: ingressNodeId(i.kind, i.namespace, i.name), label: i.id, detail: i.kind });
  return out;
}

export async function reportResult(service: Service, kind: 'matrix' | 'coverage' | 'inventory', uri: string | undefined): Promise<ReportResult> {
  const src = await modelFor(service, uri);
  if (!src) return { markdown: '_Open a Kubernetes YAML file (or a folder with manifests) first._\n' };
  if (kind === 'inventory') {
    const options: Options = await service.settings.get(uri ?? [...src.files.keys()][0] ?? '');
    // The inventory's own "# Inventory" heading, under the NetLens title.
    return { markdown: `# NetLens inventory\n\n${inventoryMarkdown(inventoryOf(src.model, src.files, options)).replace(/^# Inventory\n\n/, '')}` };
  }
  const title = kind === 'matrix' ? '# NetLens connection matrix' : '# NetLens coverage report';
  const body = kind === 'matrix' ? matrixMarkdown(connectionMatrixOf(src.model)) : coverageMarkdown(coverageOf(src.model));
  return { markdown: `${title}\n\n${body}` };
}

export const topology: Feature = {
  name: 'topology',
  register(connection: Connection, service: Service): void {
    onCustomRequest(connection, service, TopologyRequest, EMPTY, (params) => topologyResult(service, params));
    onCustomRequest(connection, service, ReportRequest, { markdown: '_The report could not be built; the NetLens output channel has details._\n' }, (params) =>
      reportResult(service, params.kind === 'coverage' || params.kind === 'inventory' ? params.kind : 'matrix', params.uri),
    );
  },
};
