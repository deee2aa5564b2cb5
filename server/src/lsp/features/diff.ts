// `netlens/gitRefs` and `netlens/connectivityDiff`: the editor's "Compare Connectivity with...". The base
// revision is read through git here (host/git.ts), analysed with the folder's settings, and compared with the
// live workspace (unsaved edits included) by the pure core/diff.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import {
  connectivityDiff,
  diffView,
  parseFile,
  wayInOf,
  type Finding,
  type Options,
  type ParsedFile,
  type RuleRef,
  type WorkspaceAnalysis,
  workspaceResults,
} from '../../core/index.ts';
import { GitError, listRefs, renames, repoRoot, resolveCommit, revisionFiles } from '../../host/git.ts';
import {
  ConnectivityDiffRequest,
  GitRefsRequest,
  type ConnectivityDiffResult,
  type DiffFindingJson,
  type DiffFlowJson,
  type DiffRuleJson,
  type SourceLocation,
} from '../../protocol.ts';
import { spanToRange } from '../convert.ts';
import { globsMatcher } from '../glob.ts';
import { onCustomRequest } from '../requests.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';

interface FolderLike {
  key: string;
  options: Options;
  files: ReadonlyMap<string, ParsedFile>;
  analysis: WorkspaceAnalysis;
}

interface IndexLike {
  readonly folderUris: readonly string[];
  folderOf(uri: string): string | undefined;
  analysisFor(uri: string, whole?: boolean): Promise<FolderLike | undefined>;
}

interface BaseSide {
  key: string;
  root: string;
  commit: string;
  files: Map<string, ParsedFile & { repoPath?: string }>;
  repoPaths: Map<string, string>;
  model: WorkspaceAnalysis['model'];
  findings: ReadonlyMap<string, readonly Finding[]>;
  renamed: Map<string, string>;
}

/** The folder to compare: the one holding `uri`, else the first. */
function folderUri(service: Service, uri: string | undefined): string | undefined {
  const index = (service as unknown as { index?: IndexLike }).index;
  if (!index) return undefined;
  return (uri ? index.folderOf(uri) : undefined) ?? index.folderUris[0];
}

function rootOf(folder: string): string {
  return repoRoot(fileURLToPath(folder));
}

/** One base analysis is kept: the preview asks again after every edit, while the base stays the same. */
let lastBase: BaseSide | undefined;

function loadBase(folder: string, root: string, commit: string, options: Options): BaseSide {
  const dir = fileURLToPath(folder);
  const key = JSON.stringify([folder, commit, options]);
  if (lastBase?.key === key) return lastBase;
  const rel = path.relative(root, dir).split(path.sep).join('/');
  const exclude = globsMatcher(options.exclude);
  const excluded = exclude ? (repoPath: string) => exclude(path.relative(dir, path.join(root, repoPath)).split(path.sep).join('/')) : undefined;
  const files = revisionFiles(root, commit, [rel === '' ? '.' : rel], excluded);
  const parsed = new Map<string, ParsedFile>();
  const repoPaths = new Map<string, string>();
  for (const f of files) {
    const uri = pathToFileURL(f.path).href;
    parsed.set(uri, parseFile(uri, f.text, options));
    repoPaths.set(uri, f.repoPath);
  }
  const renamed = new Map<string, string>();
  for (const [from, to] of renames(root, commit)) renamed.set(pathToFileURL(path.join(root, from)).href, pathToFileURL(path.join(root, to)).href);
  const results = workspaceResults([...parsed.values()], options);
  lastBase = { key, root, commit, files: parsed, repoPaths, model: results.analysis.model, findings: results.findings, renamed };
  return lastBase;
}

function loc(files: ReadonlyMap<string, ParsedFile>, uri: string | undefined, span: { start: number; end: number } | undefined): SourceLocation | undefined {
  const f = uri ? files.get(uri) : undefined;
  return f && span ? { uri: f.uri, range: spanToRange(f.lines, span) } : undefined;
}

function ruleJson(r: RuleRef, side: 'head' | 'base', files: ReadonlyMap<string, ParsedFile>, base?: BaseSide): DiffRuleJson {
  const location = loc(files, r.uri, r.span);
  const basePath = side === 'base' && r.uri ? base?.repoPaths.get(r.uri) : undefined;
  return { policy: r.policy, direction: r.direction, ruleIndex: r.ruleIndex, side, ...(location ? { location } : {}), ...(basePath ? { basePath } : {}) };
}

function relative(folder: string, uri: string): string {
  const dir = fileURLToPath(folder);
  try {
    return path.relative(dir, fileURLToPath(uri)).split(path.sep).join('/');
  } catch {
    return uri;
  }
}

function findingJson(f: Finding, status: 'added' | 'removed', files: ReadonlyMap<string, ParsedFile>, folder: string, base?: BaseSide): DiffFindingJson {
  const location = loc(files, f.uri, f.span);
  const line = (location?.range.start.line ?? 0) + 1;
  const out: DiffFindingJson = { status, code: f.code, severity: f.severity, message: f.message, where: `${relative(folder, f.uri)}:${line}` };
  if (location && status === 'added') out.location = location;
  else if (location && base) out.location = location; // the base's position: the client opens it through git
  return out;
}

const EMPTY = (base: string, error: string): ConnectivityDiffResult => ({ base, mermaid: 'flowchart LR\n', graph: { nodes: [], edges: [] }, edgeStatus: {}, locations: {}, edgeRules: {}, flows: [], findings: [], undecided: 0, error });

export async function connectivityDiffResult(service: Service, uri: string | undefined, baseRef: string): Promise<ConnectivityDiffResult> {
  const folder = folderUri(service, uri);
  const index = (service as unknown as { index?: IndexLike }).index;
  if (!folder || !index) return EMPTY(baseRef, 'Compare needs a workspace folder (in a git repository).');
  const head = await index.analysisFor(uri && index.folderOf(uri) ? uri : `${folder}/`, true);
  if (!head) return EMPTY(baseRef, 'NetLens is not analysing this folder (netlens.enable is off?).');
  let base: BaseSide;
  try {
    const root = rootOf(folder);
    base = loadBase(folder, root, resolveCommit(root, baseRef), head.options);
  } catch (e) {
    if (e instanceof GitError) return EMPTY(baseRef, e.message);
    throw e;
  }
  // The index's whole-folder analysis runs no workspace rule (the model is what most requests need): findings
  // are judged here like the base's, every rule and each file's inline exceptions, so none looks fixed by mistake.
  const headFindings = workspaceResults([...head.files.values()], head.options).findings;
  const diff = connectivityDiff(
    { model: base.model, findings: base.findings, wayIn: wayInOf(base.model, base.files, head.options) },
    { model: head.analysis.model, findings: headFindings, wayIn: wayInOf(head.analysis.model, head.files, head.options) },
    base.renamed,
  );
  const view = diffView(diff, base.model, head.analysis.model);
  const locations: Record<string, SourceLocation> = {};
  for (const n of view.graph.nodes) {
    const l = n.location && loc(head.files, n.location.uri, n.location.span);
    if (l) locations[n.id] = l;
  }
  const edgeRules: Record<string, DiffRuleJson[]> = {};
  const edgeOf = new Map<string, string>();
  for (const e of view.graph.edges) {
    const status = view.status[e.id] ?? 'unchanged';
    const side = status === 'removed' ? 'base' : 'head';
    edgeRules[e.id] = e.rules.map((r) => ruleJson(r, side, side === 'base' ? base.files : head.files, base));
    edgeOf.set(`${e.from}>${e.to}>${status}`, e.id);
    const first = edgeRules[e.id]?.find((r) => r.location && r.side === 'head')?.location;
    if (first) locations[e.id] = first;
  }
  const flows: DiffFlowJson[] = [];
  for (const [status, list] of [['added', diff.added], ['removed', diff.removed]] as const) {
    for (const c of list) {
      const side = status === 'added' ? 'head' : 'base';
      const edge = edgeOf.get(`${c.from.id}>${c.to.id}>${status}`);
      flows.push({
        status,
        source: c.from.name,
        destination: c.to.name,
        port: c.port,
        protocol: c.protocol,
        allowedBy: c.rules.map((r) => ruleJson(r, side, side === 'base' ? base.files : head.files, base)),
        deniedBy: (c.deniedBy ?? []).map((r) => ruleJson(r, 'head', head.files)),
        ...(edge ? { edge } : {}),
      });
    }
  }
  // Exposure: the URL, the entry, the Service, and the route that routes it (opened from the side holding it).
  for (const [status, list] of [['added', diff.exposure.exposed], ['removed', diff.exposure.hidden]] as const) {
    for (const x of list) {
      const side = status === 'added' || x.change === 'blocked' ? 'head' : 'base';
      const files = side === 'base' ? base.files : head.files;
      const location = loc(files, x.uri, x.span);
      const basePath = side === 'base' && x.uri ? base.repoPaths.get(x.uri) : undefined;
      const via: DiffRuleJson[] = x.via ? [{ policy: x.via, direction: 'ingress', ruleIndex: -1, side, ...(location ? { location } : {}), ...(basePath ? { basePath } : {}) }] : [];
      const [svc = ''] = x.service.split(':');
      const edge = view.graph.edges.find((e) => view.status[e.id] === status && e.kind === 'way' && e.label.includes(` ${x.url} `) && e.to.endsWith(`__${svc.split('/')[1] ?? ''}`))?.id;
      flows.push({ status, source: x.entry, destination: x.service, port: x.url, protocol: 'exposure', allowedBy: via, deniedBy: [], exposure: x.change, ...(edge ? { edge } : {}) });
    }
  }
  const findings = [
    ...diff.findings.added.map((f) => findingJson(f, 'added', head.files, folder)),
    ...diff.findings.removed.map((f) => findingJson(f, 'removed', base.files, folder, base)),
  ];
  const result: ConnectivityDiffResult = {
    base: baseRef,
    commit: base.commit.slice(0, 12),
    mermaid: view.mermaid,
    graph: view.graph,
    edgeStatus: view.status,
    locations,
    edgeRules,
    flows,
    findings,
    undecided: view.undecided,
  };
  if (flows.length === 0 && findings.length === 0) result.message = `No flow opened or closed, no URL exposed or hidden, and no finding added or fixed, since ${baseRef}.`;
  return result;
}

export const diff: Feature = {
  name: 'diff',
  register(connection: Connection, service: Service): void {
    onCustomRequest(connection, service, GitRefsRequest, { refs: [], error: 'The revisions could not be listed; the NetLens output has details.' }, (params) => {
      const folder = folderUri(service, params.uri);
      if (!folder) return { refs: [], error: 'Open a folder in a git repository to compare with a revision.' };
      try {
        return { refs: listRefs(rootOf(folder)) };
      } catch (e) {
        if (e instanceof GitError) return { refs: [], error: e.message };
        throw e;
      }
    });
    onCustomRequest(connection, service, ConnectivityDiffRequest, EMPTY('', 'The comparison failed; the NetLens output has details.'), (params) =>
      connectivityDiffResult(service, params.uri, typeof params.base === 'string' && params.base !== '' ? params.base : 'HEAD'),
    );
  },
};
