// Flux `Kustomization` objects (kustomize.toolkit.fluxcd.io): each builds the folder of its spec.path (relative
// to the source's root, which NetLens finds as the nearest ancestor folder holding that path) with the kustomize
// fields Flux passes on (targetNamespace, namePrefix, nameSuffix, patches, components: fluxcd/pkg's generator
// writes them into the kustomization it builds) and commonMetadata labels on every object's metadata;
// `${VAR}` is substituted from spec.postBuild.substitute in spec.path and targetNamespace.
import { isMap, isSeq } from 'yaml';
import { entries, get, scalarString, seqItems, spanOf } from '../../parse/access.ts';
import type { ParsedFile } from '../../parse/parse.ts';
import type { Span } from '../../source.ts';
import { readStringMap } from '../read.ts';
import { dirname, normalizePath, splitUri } from './paths.ts';
import { readPatches, type KustNote, type LabelOp, type PatchRef } from './read.ts';

export interface FluxKustomization {
  uri: string;
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

export function readFluxKustomizations(files: readonly ParsedFile[]): FluxKustomization[] {
  const out: FluxKustomization[] = [];
  let dirs: Set<string> | undefined;
  for (const f of files) {
    for (const obj of f.objects) {
      if (obj.kind !== 'Kustomization' || !obj.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/')) continue;
      dirs ??= folderKeys(files);
      const doc = obj.doc;
      const spec = get(doc, obj.node, 'spec');
      const vars = readStringMap(doc, get(doc, get(doc, spec, 'postBuild'), 'substitute')).map;
      const fx: FluxKustomization = { uri: f.uri, resources: [], components: [], namePrefix: scalarString(get(doc, spec, 'namePrefix')) ?? '', nameSuffix: scalarString(get(doc, spec, 'nameSuffix')) ?? '', labels: [], patches: [], notes: [] };
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
      const path = substitute(rawPath, vars);
      const tns = scalarString(get(doc, spec, 'targetNamespace'));
      if (tns !== undefined) {
        const ns = substitute(tns, vars);
        if (ns) fx.namespace = ns;
        else fx.notes.push({ span: spanOf(get(doc, spec, 'targetNamespace')) ?? obj.span, message: `targetNamespace "${tns}" depends on a variable NetLens does not know: the objects keep their own namespaces.` });
      }
      const { prefix, path: filePath } = splitUri(f.uri);
      const dir = path === undefined ? undefined : findFolder(prefix, dirname(normalizePath(filePath)), path, dirs);
      if (dir) {
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
