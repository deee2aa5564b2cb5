// Flux `Kustomization` objects (kustomize.toolkit.fluxcd.io): each builds the folder of its spec.path (relative
// to the source's root, which NetLens finds as the nearest ancestor folder holding that path) with the kustomize
// fields Flux passes on (targetNamespace, namePrefix, nameSuffix, patches, components: fluxcd/pkg's generator
// writes them into the kustomization it builds) and commonMetadata labels on every object's metadata;
// `${VAR}` is substituted from spec.postBuild.substitute in spec.path and targetNamespace.
import { isMap, isSeq } from 'yaml';
import { entries, get, scalarString, seqItems, spanOf } from '../../parse/access.ts';
import type { ManifestObject, ParsedFile } from '../../parse/parse.ts';
import type { Span } from '../../source.ts';
import { readStringMap } from '../read.ts';
import { dirname, normalizePath, splitUri } from './paths.ts';
import { readPatches, type KustNote, type LabelOp, type PatchRef } from './read.ts';
import { isFluxGitRepository, isFluxKustomization } from './select.ts';

export interface FluxKustomization {
  uri: string;
  /** How messages name it: `Kustomization flux-system/apps`. */
  label: string;
  /** The resolved folder key of spec.path (one entry), or none when it is not in the workspace. */
  resources: string[];
  /** Resolved keys of spec.components (relative to spec.path). */
  components: string[];
  namespace?: string;
  namePrefix: string;
  nameSuffix: string;
  /** commonMetadata.labels: on every object's metadata (not selectors, not pod templates). */
  labels: LabelOp[];
  patches: PatchRef[];
  notes: KustNote[];
  /** Where postBuild.substitute is written, when it is: objects built with `${...}` in them are read as written. */
  substitutes?: Span;
}

/** Fields Flux acts on that NetLens does not follow. */
const UNMODELLED: Record<string, string> = {
  patchesStrategicMerge: 'patchesStrategicMerge (deprecated) is not modelled: the objects keep their unpatched fields',
  patchesJson6902: 'JSON 6902 patches are not modelled: the objects keep their unpatched fields',
};

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}/g;

/** `${VAR}` replaced from the substitutions (or the written default); undefined when a variable stays unknown. */
function substitute(value: string, vars: Record<string, string>): string | undefined {
  let unknown = false;
  const out = value.replace(VAR, (_, name: string, def: string | undefined) => {
    const v = vars[name] ?? def;
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

/**
 * A Git URL as host and path, lower-cased, without scheme, user, port, `.git` or trailing slash: the https, ssh and
 * scp-style (`git@host:owner/repo`, which has no port) forms of one GitHub-style repository compare equal.
 */
function repoKey(url: string): string {
  let u = url.trim().toLowerCase();
  const scheme = /^[a-z][\w+.-]*:\/\//.exec(u);
  u = u.slice(scheme?.[0].length ?? 0).replace(/^[^@/]*@/, '');
  u = scheme ? u.replace(/^([^/:]+):\d+(?=\/|$)/, '$1') : u.replace(/^([^/:]+):/, '$1/');
  return u.replace(/(\.git)?\/*$/, '');
}

/**
 * Declared Git sources, `GitRepository/namespace/name` -> URL. Only Git URLs are compared: an OCIRepository or a
 * Bucket may hold an artifact built from this very repository, so a Kustomization reading one is taken to read this
 * repository, as before.
 */
function declaredSources(files: readonly ParsedFile[]): Map<string, string> {
  const out = new Map<string, string>();
  // One name declared with two URLs (a folder per cluster, each with its own `sources/`): which one a Kustomization
  // reads depends on the cluster, so the name counts as not declared.
  const ambiguous = new Set<string>();
  for (const f of files) {
    for (const obj of f.objects) {
      if (!isFluxGitRepository(obj) || !obj.name) continue;
      const url = scalarString(get(obj.doc, get(obj.doc, obj.node, 'spec'), 'url'));
      const key = `GitRepository/${obj.namespace ?? ''}/${obj.name}`;
      // A URL holding a Flux variable is not known.
      if (!url || url.includes('${')) ambiguous.add(key);
      else if (out.has(key) && repoKey(out.get(key) as string) !== repoKey(url)) ambiguous.add(key);
      else out.set(key, url);
    }
  }
  for (const key of ambiguous) out.delete(key);
  return out;
}

/** The `Kind/namespace/name` key of the source a Kustomization names (sourceRef.namespace defaults to its own). */
function sourceKey(obj: ManifestObject, spec: unknown): string | undefined {
  const ref = get(obj.doc, spec, 'sourceRef');
  const kind = scalarString(get(obj.doc, ref, 'kind'));
  const name = scalarString(get(obj.doc, ref, 'name'));
  return kind && name ? `${kind}/${scalarString(get(obj.doc, ref, 'namespace')) ?? obj.namespace ?? ''}/${name}` : undefined;
}

/**
 * The URLs of this repository as its Flux sources name it: `GitRepository flux-system/flux-system` (what `flux
 * bootstrap` writes), and any source a Kustomization builds its own file's folder from (a Kustomization that
 * manages itself reads this repository).
 */
function ownUrls(files: readonly ParsedFile[], sources: Map<string, string>, folderOf: (f: ParsedFile, obj: ManifestObject, spec: unknown) => string | undefined): Set<string> {
  const out = new Set<string>();
  const bootstrap = sources.get('GitRepository/flux-system/flux-system');
  if (bootstrap !== undefined) out.add(repoKey(bootstrap));
  for (const f of files) {
    for (const obj of f.objects) {
      if (!isFluxKustomization(obj)) continue;
      const spec = get(obj.doc, obj.node, 'spec');
      const key = sourceKey(obj, spec);
      const url = key === undefined ? undefined : sources.get(key);
      const dir = url === undefined ? undefined : folderOf(f, obj, spec);
      if (url !== undefined && dir !== undefined && f.uri.startsWith(`${dir}/`)) out.add(repoKey(url));
    }
  }
  return out;
}

/**
 * The source a Kustomization builds from when the workspace shows it is another repository: a declared source whose
 * URL is none of this repository's (ownUrls). When the workspace does not say which is its own, or the source is
 * not declared here, the source is taken to be this repository.
 */
function externalSource(obj: ManifestObject, spec: unknown, sources: Map<string, string>, own: Set<string>): { label: string; url: string; span: Span | undefined } | undefined {
  const key = sourceKey(obj, spec);
  const url = key === undefined ? undefined : sources.get(key);
  if (url === undefined || own.size === 0 || own.has(repoKey(url))) return undefined;
  const [kind, ns, name] = (key as string).split('/');
  return { label: `${kind} ${ns ? `${ns}/` : ''}${name}`, url, span: spanOf(get(obj.doc, spec, 'sourceRef')) };
}

export function readFluxKustomizations(files: readonly ParsedFile[]): FluxKustomization[] {
  const out: FluxKustomization[] = [];
  let dirs: Set<string> | undefined;
  let sources: Map<string, string> | undefined;
  let own: Set<string> | undefined;
  /** The workspace folder a Kustomization's spec.path names, `${VAR}` substituted; undefined when none does. */
  // Asked twice per Kustomization (ownUrls, then its build): read once.
  const folders = new Map<ManifestObject, string | undefined>();
  const folderOf = (f: ParsedFile, obj: ManifestObject, spec: unknown): string | undefined => {
    if (folders.has(obj)) return folders.get(obj);
    const dir = resolveFolder(f, obj, spec);
    folders.set(obj, dir);
    return dir;
  };
  const resolveFolder = (f: ParsedFile, obj: ManifestObject, spec: unknown): string | undefined => {
    const vars = readStringMap(obj.doc, get(obj.doc, get(obj.doc, spec, 'postBuild'), 'substitute')).map;
    const path = substitute(scalarString(get(obj.doc, spec, 'path')) ?? './', vars);
    const { prefix, path: filePath } = splitUri(f.uri);
    return path === undefined ? undefined : findFolder(prefix, dirname(normalizePath(filePath)), path, (dirs ??= folderKeys(files)));
  };
  for (const f of files) {
    for (const obj of f.objects) {
      if (!isFluxKustomization(obj)) continue;
      sources ??= declaredSources(files);
      own ??= ownUrls(files, sources, folderOf);
      const doc = obj.doc;
      const spec = get(doc, obj.node, 'spec');
      const vars = readStringMap(doc, get(doc, get(doc, spec, 'postBuild'), 'substitute')).map;
      const fx: FluxKustomization = { uri: f.uri, label: `Kustomization ${obj.namespace ? `${obj.namespace}/` : ''}${obj.name ?? '?'}`, resources: [], components: [], namePrefix: scalarString(get(doc, spec, 'namePrefix')) ?? '', nameSuffix: scalarString(get(doc, spec, 'nameSuffix')) ?? '', labels: [], patches: [], notes: [] };
      const common = readStringMap(doc, get(doc, get(doc, spec, 'commonMetadata'), 'labels')).map;
      if (Object.keys(common).length > 0) fx.labels.push({ labels: common, selectors: false, templates: false });
      // Flux's patches are inline only (a path would have no file to read); targets as in kustomize.
      readPatches(doc, spec, { patches: fx.patches, nonObjects: [], notes: fx.notes }, () => '');
      fx.patches = fx.patches.filter((p) => p.inline !== undefined).map((p) => ({ ...p, uri: f.uri }));
      const substitutions = get(doc, get(doc, spec, 'postBuild'), 'substitute');
      if (isMap(substitutions) && substitutions.items.length > 0) fx.substitutes = spanOf(substitutions) ?? obj.span;
      for (const e of entries(doc, spec)) {
        const why = UNMODELLED[e.key];
        if (why && !(isSeq(e.value) && e.value.items.length === 0)) fx.notes.push({ span: spanOf(e.pair.key) ?? obj.span, message: `${why}.` });
      }
      const rawPath = scalarString(get(doc, spec, 'path')) ?? './';
      const tns = scalarString(get(doc, spec, 'targetNamespace'));
      if (tns !== undefined) {
        const ns = substitute(tns, vars);
        if (ns) fx.namespace = ns;
        else fx.notes.push({ span: spanOf(get(doc, spec, 'targetNamespace')) ?? obj.span, message: `targetNamespace "${tns}" depends on a variable NetLens does not know: the objects keep their own namespaces.` });
      }
      const { prefix } = splitUri(f.uri);
      const external = externalSource(obj, spec, sources, own);
      // Another repository's folders are not this workspace's, even where a path of the same name exists here.
      const dir = external ? undefined : folderOf(f, obj, spec);
      if (external) fx.notes.push({ span: external.span ?? obj.span, message: `Its source, ${external.label} (${external.url}), is another repository: the objects Flux builds from it are not in NetLens's view.` });
      else if (dir) {
        fx.resources.push(dir);
        for (const c of seqItems(doc, get(doc, spec, 'components'))) {
          const rel = scalarString(c);
          if (rel) fx.components.push(prefix + normalizePath(`${dir.slice(prefix.length)}/${rel}`));
        }
      }
      else fx.notes.push({ span: spanOf(get(doc, spec, 'path')) ?? obj.span, message: `spec.path "${rawPath}" is not a folder of this workspace: the objects Flux builds from it are not in NetLens's view.` });
      out.push(fx);
    }
  }
  return out;
}

/** Every folder key that holds a file (at any depth). */
function folderKeys(files: readonly ParsedFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const { prefix, path } = splitUri(f.uri);
    for (let d = dirname(normalizePath(path)); ; d = dirname(d)) {
      const key = prefix + d;
      if (out.has(key)) break;
      out.add(key);
      if (d === '/' || d === '.') break;
    }
  }
  return out;
}

/** spec.path is relative to the source root: the nearest ancestor of the Flux file that holds that folder. */
function findFolder(prefix: string, from: string, rel: string, dirs: Set<string>): string | undefined {
  for (let d = from; ; d = dirname(d)) {
    const candidate = prefix + normalizePath(`${d}/${rel}`);
    // "./" (the whole source) cannot be told from the Flux file's own folder: not followed.
    if (normalizePath(`${d}/${rel}`) === d) return undefined;
    if (dirs.has(candidate)) return candidate;
    if (d === '/' || d === '.') return undefined;
  }
}
