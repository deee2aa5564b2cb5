// Reads a kustomization file into the fields that change what policies see; everything else it asks of
// kustomize that NetLens does not model (Helm inflation, remote bases, replacements, JSON patches) becomes a note.
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { entries, get, scalarString, scalarValue, seqItems, spanOf } from '../../parse/access.ts';
import type { ParsedFile } from '../../parse/parse.ts';
import type { Span } from '../../source.ts';
import { readStringMap } from '../read.ts';
import { dirname, normalizePath, splitUri } from './paths.ts';

/** Labels a kustomization adds, and where (kustomize's field specs: metadata only, + pod templates, + selectors). */
export interface LabelOp {
  labels: Record<string, string>;
  /** commonLabels, or `labels` with includeSelectors: Service selectors, NetworkPolicy (peer) podSelectors. */
  selectors: boolean;
  /** commonLabels, or `labels` with includeTemplates or includeSelectors: workload pod templates. */
  templates: boolean;
}

/** A patch: a file (strategic merge or JSON 6902) or inline text, with the target kustomize would pick. */
export interface PatchRef {
  /** Resolved key of the patch file, or undefined for an inline patch. */
  path?: string;
  inline?: string;
  target?: { group?: string; version?: string; kind?: string; name?: string; namespace?: string };
  span: Span;
  /** The file the entry is written in, when not the kustomization's own (a Flux Kustomization's patches). */
  uri?: string;
}

export interface KustNote {
  span: Span;
  message: string;
}

export interface Kustomization {
  uri: string;
  /** URI prefix (`file://`) and decoded, normalised directory path; `dir` = prefix + dirPath, its key. */
  prefix: string;
  dirPath: string;
  dir: string;
  component: boolean;
  /** Resolved keys of resources, bases and components (remote ones are notes). */
  resources: string[];
  components: string[];
  namespace?: string;
  namePrefix: string;
  nameSuffix: string;
  labels: LabelOp[];
  patches: PatchRef[];
  /** Files this kustomization reads that are not objects (patches, configurations, replacements). */
  nonObjects: string[];
  /** It runs generator, transformer or validator plugins (which may read files it does not list). */
  plugins?: true;
  /**
   * It builds objects NetLens does not see: `workloads` (remote bases or components, generator plugins not in the
   * workspace: anything, pods included), or only `config` (the ConfigMaps and Secrets of its generators).
   */
  unseen?: 'workloads' | 'config';
  /** Its Helm charts (`helmCharts`), each with the namespace its entry gives the chart's objects, if any. */
  charts?: { namespace?: string }[];
  /** Keys of its generator plugins' configuration files (build.ts reads their kinds). */
  generatorFiles?: string[];
  /** Where its `kind` is written (a component no build includes is said there). */
  kindSpan?: Span;
  notes: KustNote[];
}

const REMOTE = /^(?:[a-z][\w+.-]*:\/\/|git@|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i;

/** Fields kustomize acts on that NetLens does not follow, and why that matters. */
const UNMODELLED: Record<string, string> = {
  helmCharts: 'Helm chart inflation (helmCharts) is not modelled: the chart\'s objects are not in NetLens\'s view; render them (kustomize build --enable-helm) and check the output',
  helmChartInflationGenerator: 'Helm chart inflation is not modelled: the chart\'s objects are not in NetLens\'s view',
  replacements: 'replacements are not modelled: values they copy between objects keep their written form',
  vars: 'vars are not modelled: $(VAR) references keep their written form',
  patchesJson6902: 'JSON 6902 patches are not modelled: the objects keep their unpatched fields',
  generators: 'generator plugins are not modelled: the objects they generate are not in NetLens\'s view',
  transformers: 'transformer plugins are not modelled: their changes are not in NetLens\'s view',
  // Builtin name references are followed (an Ingress backend follows its renamed Service); custom ones are not.
  configurations: 'transformer configurations are not modelled: a name reference they add (a route\'s parentRefs or backendRefs to a prefixed Gateway or Service, say) keeps its written name here',
};

export function readKustomization(file: ParsedFile): Kustomization | undefined {
  const doc = file.docs[0];
  const root = doc?.contents;
  if (!doc || !isMap(root)) return undefined;
  const kind = scalarString(get(doc, root, 'kind'));
  if (kind !== undefined && kind !== 'Kustomization' && kind !== 'Component') return undefined;
  if (scalarString(get(doc, root, 'apiVersion'))?.startsWith('kustomize.toolkit.fluxcd.io')) return undefined; // a Flux object
  const { prefix, path } = splitUri(file.uri);
  const dirPath = dirname(normalizePath(path));
  const resolve = (rel: string): string => prefix + normalizePath(`${dirPath}/${rel}`);
  const k: Kustomization = {
    uri: file.uri,
    prefix,
    dirPath,
    dir: prefix + dirPath,
    component: kind === 'Component',
    ...(kind !== undefined ? { kindSpan: spanOf(get(doc, root, 'kind')) } : {}),
    resources: [],
    components: [],
    namePrefix: scalarString(get(doc, root, 'namePrefix')) ?? '',
    nameSuffix: scalarString(get(doc, root, 'nameSuffix')) ?? '',
    labels: [],
    patches: [],
    nonObjects: [],
    notes: [],
  };
  const ns = scalarString(get(doc, root, 'namespace'));
  if (ns) k.namespace = ns;
  for (const field of ['resources', 'bases', 'components'] as const) {
    for (const item of seqItems(doc, get(doc, root, field))) {
      const s = scalarString(item);
      if (!s) continue;
      if (REMOTE.test(s)) {
        k.unseen = 'workloads';
        k.notes.push({ span: spanOf(item) ?? { start: 0, end: 0 }, message: `Remote ${field === 'components' ? 'component' : 'base'} "${s}" is not followed: its objects are not in NetLens's view.` });
        continue;
      }
      (field === 'components' ? k.components : k.resources).push(resolve(s));
    }
  }
  readLabelOps(doc, root, k);
  readPatches(doc, root, k, resolve);
  for (const field of ['configurations', 'crds', 'openapi'] as const) {
    for (const item of seqItems(doc, get(doc, root, field))) {
      const s = scalarString(item);
      if (s) k.nonObjects.push(resolve(s));
    }
  }
  for (const r of seqItems(doc, get(doc, root, 'replacements'))) {
    const p = scalarString(get(doc, r, 'path'));
    if (p) k.nonObjects.push(resolve(p));
  }
  // Files kustomize reads as plugin configurations or generator input, never as objects to deploy (beside the
  // kustomization they would otherwise look unlisted: not-in-kustomization).
  for (const field of ['generators', 'transformers', 'validators'] as const) {
    for (const item of seqItems(doc, get(doc, root, field))) {
      const s = scalarString(item);
      if (!(field === 'transformers' && s !== undefined && readsNoFile(s))) k.plugins = true;
      const local = s && !REMOTE.test(s) && !s.includes('\n') ? resolve(s) : undefined;
      if (local) k.nonObjects.push(local);
      // A remote or inline generator's kind is not read: it may make anything.
      if (field === 'generators') {
        if (local) (k.generatorFiles ??= []).push(local);
        else k.unseen = 'workloads';
      }
    }
  }
  for (const field of ['configMapGenerator', 'secretGenerator'] as const) {
    for (const gen of seqItems(doc, get(doc, root, field))) {
      // NetLens does not make the generated ConfigMaps and Secrets (a patch may target them).
      k.unseen ??= 'config';
      for (const list of ['files', 'envs'] as const) {
        for (const item of seqItems(doc, get(doc, gen, list))) {
          const s = scalarString(item);
          // `key=path` names the key of a file entry.
          if (s) k.nonObjects.push(resolve(s.includes('=') ? s.slice(s.indexOf('=') + 1) : s));
        }
      }
      const env = scalarString(get(doc, gen, 'env'));
      if (env) k.nonObjects.push(resolve(env));
    }
  }
  for (const chart of seqItems(doc, get(doc, root, 'helmCharts'))) {
    const namespace = scalarString(get(doc, chart, 'namespace'));
    (k.charts ??= []).push(namespace ? { namespace } : {});
    const values = scalarString(get(doc, chart, 'valuesFile'));
    if (values) k.nonObjects.push(resolve(values));
  }
  for (const e of entries(doc, root)) {
    const why = UNMODELLED[e.key];
    if (why && !(isSeq(e.value) && e.value.items.length === 0)) {
      k.notes.push({ span: spanOf(e.pair.key) ?? { start: 0, end: 0 }, message: `${why}.` });
      if (e.key === 'helmChartInflationGenerator') k.unseen = 'workloads';
    }
  }
  return k;
}

/**
 * The label transformers in kustomize's order: one per `labels` entry, then commonLabels last (kusttarget's
 * LabelTransformer configurator appends it), so commonLabels wins a key both set.
 */
function readLabelOps(doc: Document, root: unknown, k: Kustomization): void {
  for (const item of seqItems(doc, get(doc, root, 'labels'))) {
    const labels = readStringMap(doc, get(doc, item, 'pairs')).map;
    if (Object.keys(labels).length === 0) continue;
    const selectors = scalarValue(get(doc, item, 'includeSelectors')) === true;
    // includeSelectors uses commonLabels' field specs, which hold the pod templates too.
    const templates = selectors || scalarValue(get(doc, item, 'includeTemplates')) === true;
    k.labels.push({ labels, selectors, templates });
    const fields = get(doc, item, 'fields');
    if (isSeq(fields) && fields.items.length > 0) {
      k.notes.push({ span: spanOf(fields) ?? { start: 0, end: 0 }, message: 'Custom field specs (labels[].fields) are not modelled: these labels are placed only where kustomize puts them by default (metadata, and pod templates and selectors as includeTemplates/includeSelectors say).' });
    }
  }
  const common = readStringMap(doc, get(doc, root, 'commonLabels')).map;
  if (Object.keys(common).length > 0) k.labels.push({ labels: common, selectors: true, templates: true });
}

/** The patches of a kustomization (or of a Flux Kustomization's spec, which takes the same `patches` list). */
export function readPatches(doc: Document, root: unknown, k: Pick<Kustomization, 'patches' | 'nonObjects' | 'notes'>, resolve: (rel: string) => string): void {
  for (const item of seqItems(doc, get(doc, root, 'patchesStrategicMerge'))) {
    const span = spanOf(item) ?? { start: 0, end: 0 };
    const s = scalarString(item);
    if (s === undefined) continue;
    // An entry is a file path, or the patch itself written inline as a string.
    if (/\n/.test(s) || /^\s*(apiVersion|kind):/m.test(s)) k.patches.push({ inline: s, span });
    else {
      k.patches.push({ path: resolve(s), span });
      k.nonObjects.push(resolve(s));
    }
  }
  for (const item of seqItems(doc, get(doc, root, 'patches'))) {
    const span = spanOf(item) ?? { start: 0, end: 0 };
    const ref: PatchRef = { span };
    const path = scalarString(get(doc, item, 'path'));
    const inline = scalarString(get(doc, item, 'patch'));
    if (path) {
      ref.path = resolve(path);
      k.nonObjects.push(ref.path);
    } else if (inline !== undefined) ref.inline = inline;
    else continue;
    const target = get(doc, item, 'target');
    if (isMap(target)) {
      const t: NonNullable<PatchRef['target']> = {};
      for (const key of ['group', 'version', 'kind', 'name', 'namespace'] as const) {
        const v = scalarString(get(doc, target, key));
        if (v) t[key] = v;
      }
      const selectorKeys = ['labelSelector', 'annotationSelector'].filter((key) => get(doc, target, key) !== undefined);
      if (selectorKeys.length > 0) {
        k.notes.push({ span, message: `A patch targeting objects by ${selectorKeys.join(' and ')} is not modelled: the objects keep their unpatched fields.` });
        continue;
      }
      ref.target = t;
    }
    k.patches.push(ref);
  }
}

/** kustomize's own transformers that read no file whatever their configuration: their `path`s are fields'. */
const FILELESS_BUILTINS = new Set(['LabelTransformer', 'AnnotationsTransformer', 'NamespaceTransformer', 'PrefixSuffixTransformer', 'PrefixTransformer', 'SuffixTransformer', 'ImageTagTransformer', 'ReplicaCountTransformer', 'HashTransformer', 'SortOrderTransformer', 'ValueAddTransformer']);
/** The patch transformers: a top-level `path` (`paths`) names a patch file; an inline `patch` reads none. */
const PATCH_BUILTINS = new Set(['PatchTransformer', 'PatchJson6902Transformer', 'PatchStrategicMergeTransformer']);

/**
 * An inline transformer entry of kustomize's own that reads nothing beside the kustomization, so the folder's
 * unlisted manifests are still judged: every document of the string (kustomize reads each as a transformer) a
 * map with `apiVersion: builtin` and a kind that names no file here (labels, annotations, a namespace, prefixes,
 * images, replicas; a patch given inline; replacements given inline). Anything else, or text that does not parse,
 * may read files NetLens cannot tell from objects.
 */
function readsNoFile(config: string): boolean {
  if (!config.includes('\n')) return false;
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(config, { uniqueKeys: false }) as Document.Parsed[];
  } catch {
    return false;
  }
  if (!Array.isArray(docs) || docs.length === 0) return false;
  try {
    return docs.every(fileless);
  } catch {
    return false; // toJS refuses a document (too many aliases): not judged
  }
}

/** One document of an inline transformer entry: a builtin transformer that names no file. */
function fileless(doc: Document.Parsed): boolean {
  if (doc.errors.length > 0) return false;
  const c: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!c || typeof c !== 'object' || Array.isArray(c)) return false;
  const o = c as Record<string, unknown>;
  if (o['apiVersion'] !== 'builtin' || typeof o['kind'] !== 'string') return false;
  const kind = o['kind'];
  if (FILELESS_BUILTINS.has(kind)) return true;
  if (PATCH_BUILTINS.has(kind)) return o['path'] === undefined && o['paths'] === undefined;
  if (kind === 'ReplacementTransformer') {
    const list = o['replacements'];
    return Array.isArray(list) && list.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && (r as Record<string, unknown>)['path'] === undefined);
  }
  return false;
}
