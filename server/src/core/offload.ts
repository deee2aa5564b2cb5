// One file's share of an analysis as plain data, so an adapter can compute it on another thread: the file rules'
// findings, each object's validation problems, the parse without its trees and the file's share of the model;
// adopting it gives a ParsedFile that parses its trees only if something reads them, with the caches seeded.
import { isIncomplete, rawFileFindings } from './analyze.ts';
import { fileModelData, seedFileModel, type FileModelData } from './model/build.ts';
import type { Options } from './options.ts';
import { cachedRawFindings, fileFindings } from './file-findings.ts';
import { routingPart, seedRoutingPart } from './kinds/gateway/model.ts';
import type { GatewayModel } from './kinds/gateway/types.ts';
import type { ManifestObject, ParsedFile } from './parse/parse.ts';
import { npSpansWhole, seedNpSpans, type NpSpans } from './rules/np-spans.ts';
import { objectSpansWhole, seedObjectSpans, type ObjectSpans } from './rules/object-spans.ts';
import { dropTrees, hasTrees, isDroppable, lazyParsedFile, skeletonOf, type FileSkeleton } from './parse/skeleton.ts';
import { extractCached } from './model/extract.ts';
import { deployTarget, isDeployer, seedDeployTarget } from './model/deployers.ts';
import { forgetNpParts } from './rules/np-walk.ts';
import type { Finding } from './types.ts';
import { objectProblems, seedObjectProblems, type Problem } from './validate/index.ts';
import type { WorkspaceCache } from './workspace.ts';
import { isKustomizationUri } from './model/kustomize/paths.ts';
import { IGNORE_ANNOTATION } from './suppress/directives.ts';

/** The API group of Flux's Kustomization, whose builds read the files of a folder. */
const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io/';

/** Structured-clonable: strings, numbers, arrays, maps and plain objects only (findings and problems are data). */
export interface FileAnalysisData {
  uri: string;
  /** Length of the text analysed: a guard that both sides parsed the same text. */
  length: number;
  /** The file and object rules' raw findings (analyze.ts rawFileFindings: before the configured severities). */
  findings: Finding[];
  /** A rule the options turn off threw while the findings were gathered (analyze.ts isIncomplete): not adopted. */
  incomplete?: true;
  /** objectProblems of each object of `objects`, in order. */
  problems: (readonly Problem[])[];
  /** The parse minus its trees (with `model`: enough to assemble the file without parsing it, offloadedFile). */
  skeleton?: FileSkeleton;
  /** The file's share of the model, resolved in the options' default namespace. */
  model?: FileModelData;
  /** Per object of `skeleton`, what workspace rules read from its trees (see ObjectFacts). */
  facts?: ObjectFacts[];
}

/**
 * What the workspace analysis reads from an object's trees, so that a file assembled from another thread's parse
 * stays unparsed here: its routing model part placed as a file no kustomization reads places it, and the spans
 * the workspace rules report at (a NetworkPolicy's port values, port items, peers, egress place, podSelector and
 * policyTypes key: np-spans.ts; any object's name, a Cilium policy's egress keys and port items: object-spans.ts),
 * and the namespace a Helm chart's installer or an Argo CD Application names for its pods (model/deployers.ts).
 * The fixes, which read trees too, are built only where they are read (the editor keeps its trees; `netlens
 * check` prints none: WorkspaceCache.fixes).
 */
export interface ObjectFacts {
  routing?: { namespaces: string[]; part: GatewayModel };
  npSpans?: NpSpans;
  spans?: ObjectSpans;
  deployTarget?: string | null;
}

function objectFacts(obj: ManifestObject, options: Options): ObjectFacts {
  const out: ObjectFacts = { spans: objectSpansWhole(obj) };
  const namespaces = [obj.namespace ?? options.defaultNamespace];
  const part = routingPart(obj, namespaces);
  if (part) out.routing = { namespaces, part };
  if (obj.kind === 'NetworkPolicy') out.npSpans = npSpansWhole(obj);
  if (isDeployer(obj)) out.deployTarget = deployTarget(obj);
  return out;
}

/**
 * Analyses one parsed file as far as it goes without the rest of the workspace (`whole`: skeleton and model too).
 * `cache`: what an analysis on this thread has computed for `file` already is taken from it.
 */
export function fileAnalysisData(file: ParsedFile, options: Options, whole = false, cache?: WorkspaceCache): FileAnalysisData {
  const findings = cachedRawFindings(file, options, cache) ?? rawFileFindings(file, options);
  const out: FileAnalysisData = { uri: file.uri, length: file.text.length, findings, problems: file.objects.map((o) => objectProblems(o, options)) };
  if (isIncomplete(findings)) out.incomplete = true;
  if (whole) {
    out.skeleton = skeletonOf(file);
    out.model = fileModelData(file, options, cache?.model);
    out.facts = file.objects.map((o) => objectFacts(o, options));
  }
  return out;
}

/**
 * Takes `data` (computed from the same uri and text under equal options) as this parse's file findings and
 * validation, so neither runs again here. The parse is deterministic, so objects correspond by position; on
 * any mismatch nothing is adopted (the caller's analysis then computes them itself). Returns whether it was.
 */
export function adoptFileAnalysis(file: ParsedFile, options: Options, cache: WorkspaceCache, data: FileAnalysisData): boolean {
  if (data.incomplete || data.uri !== file.uri || data.length !== file.text.length || data.problems.length !== file.objects.length) return false;
  file.objects.forEach((obj, i) => seedObjectProblems(obj, options, data.problems[i] ?? []));
  cache.findings.set(file, { options, findings: data.findings });
  return true;
}

/**
 * The file of `text` assembled from `data` (fileAnalysisData(..., whole) of the same uri and text under equal
 * options) with its findings, validation and model share in `cache`: its YAML trees are parsed here only when
 * something reads them (a fix, hover, a kustomize build). Undefined when `data` does not fit the text.
 */
export function offloadedFile(uri: string, text: string, options: Options, cache: WorkspaceCache, data: FileAnalysisData): ParsedFile | undefined {
  const { skeleton, model } = data;
  if (!skeleton || !model || data.uri !== uri || data.length !== text.length || skeleton.length !== text.length) return undefined;
  const file = lazyParsedFile(uri, text, options, skeleton);
  if (!adoptFileAnalysis(file, options, cache, data)) return undefined;
  seedFileModel(file, options, cache.model, model);
  file.objects.forEach((obj, i) => {
    const facts = data.facts?.[i];
    if (facts?.routing) seedRoutingPart(obj, facts.routing.namespaces, facts.routing.part);
    if (facts?.npSpans) seedNpSpans(obj, facts.npSpans);
    if (facts?.spans) seedObjectSpans(obj, facts.spans);
    if (facts?.deployTarget !== undefined) seedDeployTarget(obj, facts.deployTarget);
  });
  return file;
}

/**
 * `file` as `netlens check` keeps a file once read: a new file equal to it without its YAML trees, parsed again
 * only if something reads them (parse/skeleton.ts), with its share of the analysis under `options` in `cache`
 * (fileAnalysisData, offloadedFile). At 2,000 files the trees were about two thirds of the heap, which every full GC
 * marks. (The editor's index makes each file droppable as it parses it and keeps it: dropOwnTrees.) `file` itself
 * when it has no trees to drop, when a later step reads them anyway (readsOwnTrees), or when its text does not
 * assemble. The caller decides about kustomize builds (buildsKustomize), which read the objects of the files they
 * list.
 */
export function withoutTrees(file: ParsedFile, options: Options, cache: WorkspaceCache): ParsedFile {
  if (!hasTrees(file) || readsOwnTrees(file)) return file;
  const data = fileAnalysisData(file, options, true, cache);
  return offloadedFile(file.uri, file.text, options, cache, data) ?? file;
}

/**
 * Lets a droppable file's trees go (parse/skeleton.ts droppableFile) once its share of the analysis under `options`
 * is in `cache`: its file rules' findings, each object's validation, its model extract and the facts workspace rules
 * read (ObjectFacts, kept on the objects). The same file and objects stay, so every analysis and cache holding them
 * stays valid; a later reader of a tree parses the text again. Returns whether the trees went: not for a file that
 * is not droppable, has none, reads its own trees anyway (readsOwnTrees), or whose findings cannot be kept (a rule
 * the options turn off threw: analyze.ts isIncomplete).
 */
export function dropOwnTrees(file: ParsedFile, options: Options, cache: WorkspaceCache): boolean {
  if (!isDroppable(file) || !hasTrees(file) || readsOwnTrees(file)) return false;
  fileFindings(file, options, cache);
  if (!cachedRawFindings(file, options, cache)) return false;
  extractCached(file, options, cache.model);
  for (const obj of file.objects) {
    objectProblems(obj, options);
    objectFacts(obj, options);
    // The only memo on an object that holds nodes of its tree (the rest hold offsets and plain data).
    forgetNpParts(obj);
  }
  return dropTrees(file);
}

/**
 * Whether an analysis of these files reads trees whatever its rules find: a kustomize build (a kustomization
 * file, or a Flux Kustomization) reads the objects of the files it lists. Decided on the texts before any parse:
 * a Flux apiVersion in a comment costs the saving; one spelt with an escape (`\u002F` in a quoted string) is
 * missed, and its build parses the files it lists again. Either way only time, never a finding.
 */
export function buildsKustomize(files: readonly { uri: string; text: string }[]): boolean {
  return files.some((f) => isKustomizationUri(f.uri) || f.text.includes(FLUX_KUSTOMIZE_GROUP));
}

/**
 * Whether a later step reads this file's own trees whatever the rules find: its inline exceptions
 * (suppress/directives.ts), the not-analysed summary of a document with a syntax error (skipped.ts), and the
 * editor's choice of which YAML-level findings to show, made per document (lsp/coexist.ts: any parse issue, a
 * duplicate key or a declined document, gives one; the Problems panel asked again on every pull).
 */
export function readsOwnTrees(file: ParsedFile): boolean {
  return file.text.includes('netlens-disable') || file.text.includes(IGNORE_ANNOTATION) || file.issues.length > 0;
}
