// `kustomize build` over the workspace's files, as far as policies care: roots (kustomizations nothing includes,
// and Flux Kustomization objects), each producing its own copy of every object it reaches, with the namespace,
// name and labels its chain of kustomizations gives it and the patches that target it. Pure; never throws.
import { isScalar, isSeq } from 'yaml';
import { get } from '../../parse/access.ts';
import { parseFile, type ManifestObject, type ParsedFile } from '../../parse/parse.ts';
import { finish } from '../../steps.ts';
import { readFluxKustomizations } from './flux.ts';
import { KUSTOMIZATION_NAMES, basename, normalizePath, splitUri } from './paths.ts';
import { readKustomization, type KustNote, type Kustomization, type PatchRef } from './read.ts';
import { EMPTY, type Hidden, type Instance, type KustomizeResult, type Step } from './result.ts';
import { slot } from '../../slots.ts';
import { isFluxGitRepository, isFluxKustomization, nameMatches, targetMatches, unlistedFiles } from './select.ts';

export type { Instance, KustomizeResult, PatchObject, Step } from './result.ts';

/** A strategic-merge patch that is `$patch: delete` on the whole object. */
function isDeletePatch(patch: ManifestObject): boolean {
  const v = get(patch.doc, patch.node, '$patch');
  return isScalar(v) && v.value === 'delete';
}

/**
 * Inline patches are text of a kustomization file that the size limit already admitted (never longer than the
 * file), so they parse without a limit of their own: the same for every caller, whatever its settings.
 */
const parseInline = (uri: string, text: string): ParsedFile => parseFile(uri, text, { maxFileSize: Math.max(text.length, 1) });

/**
 * The last build of each file list (keyed by its first file): the model and the gateway model of one analysis ask for
 * the same list. A slot on the file: the entry holds the list, the file with it (core/slots.ts).
 */
const LAST = slot<ParsedFile, { files: readonly ParsedFile[]; result: KustomizeResult }>();

/** How messages name a kustomization: by its folder's last two segments, `kustomization apps/argocd`. */
function kustomizationLabel(k: Kustomization): string {
  return `kustomization ${k.dirPath.split('/').filter(Boolean).slice(-2).join('/') || '/'}`;
}

const sameList = (a: readonly ParsedFile[], b: readonly ParsedFile[]): boolean => a.length === b.length && a.every((f, i) => f === b[i]);

/**
 * What the kustomizations (and Flux Kustomizations) among `files` build. The model and the routing (gateway)
 * model each need it for the same list of parsed files (sorted by uri); it is built once for both (issue 12).
 * Parsed files never change, so an equal list of the same objects has the same build.
 */
export function kustomizeBuild(files: readonly ParsedFile[]): KustomizeResult {
  return finish(kustomizeBuildSteps(files));
}

/** Files looked at between two stops of kustomizeBuildSteps' search for a kustomization. */
const FILES_PER_STEP = 256;

/**
 * kustomizeBuild, stopping while it looks for a kustomization (most workspaces have none, and 8,000 files took
 * tens of milliseconds to find that out); a workspace with one is built in one go.
 */
export function* kustomizeBuildSteps(files: readonly ParsedFile[]): Generator<void, KustomizeResult, void> {
  const first = files[0];
  const hit = first ? LAST.get(first) : undefined;
  if (hit && sameList(hit.files, files)) return hit.result;
  let any = false;
  for (const [i, f] of files.entries()) {
    if (i > 0 && i % FILES_PER_STEP === 0) yield;
    if (readsKustomize(f)) {
      any = true;
      break;
    }
  }
  const result = any ? build(files) : EMPTY;
  if (first) LAST.set(first, { files: [...files], result });
  if (result !== EMPTY) BY_COVERED.set(result.covered, result);
  return result;
}

/** Builds by their `covered` set, which a model keeps as `kustomizeCovered` (also when an edit splices it). */
const BY_COVERED = new WeakMap<ReadonlySet<string>, KustomizeResult>();

/**
 * The build a model was made with, by its `kustomizeCovered`: a model spliced after an edit keeps the build of
 * the list it was first built from, which a build of the current list would repeat in full (valid: a splice
 * happens only when no build reads the edited file).
 */
export function buildOfCovered(covered: ReadonlySet<string>): KustomizeResult | undefined {
  return BY_COVERED.get(covered);
}

/** Per parse: every model build (each edit) asks of every file, and the path's name took 3 ms at 2,000 files. */
const READS = new WeakMap<ParsedFile, boolean>();

/** What build() reads: kustomization files, Flux Kustomization objects and the GitRepositories they name (flux.ts). */
export function readsKustomize(f: ParsedFile): boolean {
  let hit = READS.get(f);
  if (hit === undefined) {
    hit = KUSTOMIZATION_NAMES.has(basename(f.uri)) || f.objects.some((o) => isFluxKustomization(o) || isFluxGitRepository(o));
    READS.set(f, hit);
  }
  return hit;
}

/** Counts the builds made (tests: an edit's analysis builds nothing again unless a build reads the edited file). */
export const kustomizeStats = { builds: 0 };

function build(files: readonly ParsedFile[]): KustomizeResult {
  kustomizeStats.builds++;
  const flux = readFluxKustomizations(files);
  const hasKust = files.some((f) => KUSTOMIZATION_NAMES.has(basename(f.uri)));
  if (!hasKust && flux.length === 0) return EMPTY;
  const byKey = new Map<string, ParsedFile>();
  const kusts = new Map<string, Kustomization>();
  for (const f of files) {
    const { prefix, path } = splitUri(f.uri);
    byKey.set(prefix + normalizePath(path), f);
    if (KUSTOMIZATION_NAMES.has(basename(path))) {
      const k = readKustomization(f);
      if (k && !kusts.has(k.dir)) kusts.set(k.dir, k);
    }
  }
  const keys = [...byKey.keys()].sort();
  const notes = new Map<string, KustNote[]>();
  // A component or base built by several roots says the same once.
  const note = (uri: string, n: KustNote): void => {
    const list = notes.get(uri) ?? [];
    if (!list.some((m) => m.span.start === n.span.start && m.span.end === n.span.end && m.message === n.message)) list.push(n);
    notes.set(uri, list);
  };
  for (const k of kusts.values()) for (const n of k.notes) note(k.uri, n);
  const covered = new Set<string>();
  for (const k of kusts.values()) {
    covered.add(k.uri);
    for (const p of k.nonObjects) {
      const f = byKey.get(p);
      if (f) covered.add(f.uri);
    }
  }
  const included = new Set<string>();
  for (const k of kusts.values()) for (const r of [...k.resources, ...k.components]) if (kusts.has(r)) included.add(r);
  for (const fx of flux) for (const r of fx.resources) if (kusts.has(r)) included.add(r);

  const outermostKust = (top: string, key: string): Kustomization | undefined => {
    const { prefix, path } = splitUri(key);
    let found: Kustomization | undefined;
    for (let d = path.slice(0, path.lastIndexOf('/')); (prefix + d).startsWith(top); d = d.slice(0, d.lastIndexOf('/'))) {
      found = kusts.get(prefix + d) ?? found;
      if (prefix + d === top || !d.includes('/')) break;
    }
    return found;
  };
  const reached = new Set<string>();
  const patchFiles = new Set<string>();
  /** The hidden objects of each list build() returned. */
  const hiddenOf = new WeakMap<Instance[], Hidden[]>();
  const build = (k: Kustomization, stack: Set<string>, autodetect: boolean, by = kustomizationLabel(k)): Instance[] => {
    reached.add(k.dir);
    stack.add(k.dir);
    const out: Instance[] = [];
    const hidden: Hidden[] = k.unseen ? [{ by, workloads: k.unseen === 'workloads' }] : [];
    for (const chart of k.charts ?? []) hidden.push({ by, workloads: true, ...chart });
    // A generator plugin makes what its kind says: Helm chart inflation runs pods; KSOPS and the like make Secrets.
    for (const g of k.generatorFiles ?? []) hidden.push({ by, workloads: byKey.get(g)?.objects.some((o) => /helm/i.test(o.kind ?? '')) ?? true });
    hiddenOf.set(out, hidden);
    const take = (list: Instance[]): void => {
      out.push(...list);
      hidden.push(...(hiddenOf.get(list) ?? []));
    };
    const addFile = (f: ParsedFile): void => {
      covered.add(f.uri);
      if (KUSTOMIZATION_NAMES.has(basename(f.uri))) return;
      for (const obj of f.objects) if (obj.name) out.push({ file: f, obj, name: obj.name, labels: [], patches: [], steps: [] });
    };
    for (const r of k.resources) {
      const child = kusts.get(r);
      if (child) {
        if (!stack.has(child.dir)) take(build(child, stack, false));
        continue;
      }
      const f = byKey.get(r);
      if (f) {
        addFile(f);
        continue;
      }
      // A directory without a kustomization: Flux generates one holding every manifest below it.
      const under = keys.filter((key) => key.startsWith(`${r}/`));
      // Nothing of the workspace: a remote form NetLens does not recognise, or a path kustomize would fail on.
      if (!autodetect || under.length === 0) hidden.push({ by, workloads: true });
      // Folders holding a kustomization are built by it (Flux's generator does not walk into them).
      if (autodetect && under.length > 0) {
        const built = new Set<string>();
        for (const key of under) {
          const nested = outermostKust(r, key);
          if (!nested) {
            const file = byKey.get(key);
            if (file) addFile(file);
          } else if (!built.has(nested.dir) && !stack.has(nested.dir)) {
            built.add(nested.dir);
            take(build(nested, stack, false));
          }
        }
      }
    }
    for (const c of k.components) {
      const comp = kusts.get(c);
      if (!comp) hidden.push({ by, workloads: true });
      if (!comp || stack.has(comp.dir)) continue;
      // A component adds its resources, then applies its transformers to everything accumulated so far.
      take(build({ ...comp, namespace: undefined, namePrefix: '', nameSuffix: '', labels: [], patches: [] }, stack, false));
      transform(comp, out, hidden);
    }
    transform(k, out, hidden);
    stack.delete(k.dir);
    return out;
  };

  /** `hidden`: objects the build takes from where NetLens does not look (a patch may target those). */
  const transform = (k: Kustomization, list: Instance[], hidden: Hidden[]): void => {
    const patched = new Map<Instance, string[]>();
    for (const p of k.patches) applyPatch(k, p, list, patched, hidden.length > 0);
    // The namespace transformer sets the namespace of every object, the ones NetLens does not see too.
    if (k.namespace) for (const h of hidden) h.namespace = k.namespace;
    for (const inst of list) {
      const step: Step = { uri: k.uri };
      if (k.namespace) {
        if (inst.obj.kind === 'Namespace') inst.name = k.namespace; // the namespace transformer renames Namespaces
        else inst.namespace = k.namespace;
        step.namespace = k.namespace;
      }
      if ((k.namePrefix || k.nameSuffix) && inst.obj.kind !== 'Namespace' && inst.obj.kind !== 'CustomResourceDefinition') {
        inst.name = `${k.namePrefix}${inst.name}${k.nameSuffix}`;
        if (k.namePrefix) step.namePrefix = k.namePrefix;
        if (k.nameSuffix) step.nameSuffix = k.nameSuffix;
      }
      if (k.labels.length > 0) {
        inst.labels.push(...k.labels);
        step.labels = Object.assign({}, ...k.labels.map((l) => l.labels)) as Record<string, string>;
      }
      const by = patched.get(inst);
      if (by) step.patchedBy = by;
      inst.steps.push(step);
    }
  };

  const applyPatch = (k: Kustomization, p: PatchRef, list: Instance[], patched: Map<Instance, string[]>, unseen: boolean): void => {
    // Where the patch entry is written: the kustomization, or the Flux Kustomization that added it.
    const at = p.uri ?? k.uri;
    const file = p.path ? byKey.get(p.path) : p.inline !== undefined ? parseInline(`${at}#patch`, p.inline) : undefined;
    if (!file) return;
    if (file.objects.length === 0 && file.docs.some((d) => isSeq(d.contents))) {
      note(at, { span: p.span, message: 'A JSON 6902 patch is not modelled: the objects it targets keep their unpatched fields.' });
      return;
    }
    if (p.path) patchFiles.add(file.uri);
    for (const patch of file.objects) {
      // With a target, the target alone picks the objects (a field it leaves out matches every object: reswrangler
      // Select), and the patch's own kind and name are ignored (ApplySmPatch keeps each object's); without one, the
      // patch names its single object.
      const kind = p.target ? p.target.kind : patch.kind;
      const name = p.target ? p.target.name : patch.name;
      const target = p.target;
      // The name as this build sees it, or the name the object was written with (kustomize accepts both).
      const hits = target ? list.filter((i) => targetMatches(target, i)) : list.filter((i) => i.obj.kind === kind && (nameMatches(name, i.name) || nameMatches(name, i.obj.name ?? '')));
      // A patch naming no single object (or several, without a target) is ambiguous: kustomize would fail.
      if (hits.length === 0 || (hits.length > 1 && !p.target)) {
        const what = p.target ? `The patch target (${kind ?? 'any kind'}, ${name === undefined ? 'any name' : `name "${name}"`})` : `A patch for ${kind ?? '?'} "${name ?? '?'}"`;
        const message = hits.length === 0 && unseen
          ? `${what} matches no object NetLens sees in this build; the build also takes objects NetLens does not follow (a remote base, a Helm chart, a generator, a Flux source outside the workspace), which it may patch.`
          : `${what} matches ${hits.length === 0 ? 'no object' : `${hits.length} objects`} of this build; it is not applied.`;
        note(at, { span: p.span, message });
        continue;
      }
      // `$patch: delete` on the object itself: kustomize's merge clears it, so it leaves this build.
      if (isDeletePatch(patch)) {
        for (const inst of hits) list.splice(list.indexOf(inst), 1);
        continue;
      }
      for (const inst of hits) {
        inst.patches.push({ obj: patch, text: file.text, ...(p.path === undefined ? { at: { uri: at, span: p.span } } : {}) });
        const list2 = patched.get(inst) ?? [];
        list2.push(file.uri.replace(/#patch$/, ''));
        patched.set(inst, list2);
      }
    }
  };

  const instances: Instance[] = [];
  const opaque = new Map<string, string[]>();
  /** A root's build: its instances, and the namespaces its hidden objects that may run pods end in. */
  const addRoot = (built: Instance[]): void => {
    instances.push(...built);
    for (const h of hiddenOf.get(built) ?? []) {
      if (!h.workloads || h.namespace === undefined) continue;
      const list = opaque.get(h.namespace) ?? [];
      if (!list.includes(h.by)) list.push(h.by);
      opaque.set(h.namespace, list);
    }
  };
  for (const fx of flux) {
    const { namePrefix, nameSuffix, labels, patches, components } = fx;
    for (const n of fx.notes) note(fx.uri, n);
    // Flux's generator edits the folder's own kustomization when there is one (targetNamespace, namePrefix and
    // nameSuffix replace its values when set; components and patches are appended; commonMetadata comes after the
    // build), and writes one holding every manifest below the folder when there is none.
    const own = fx.resources.length === 1 ? kusts.get(fx.resources[0] as string) : undefined;
    const root: Kustomization = own
      ? { ...own, namePrefix: namePrefix || own.namePrefix, nameSuffix: nameSuffix || own.nameSuffix, components: [...own.components, ...components], patches: [...own.patches, ...patches], labels: [...own.labels, ...labels] }
      : { uri: fx.uri, prefix: '', dirPath: '', dir: `${fx.uri}#flux`, component: false, resources: fx.resources, components, namePrefix, nameSuffix, labels, patches, nonObjects: [], notes: [], ...(fx.resources.length === 0 ? { unseen: 'workloads' as const } : {}) };
    if (fx.namespace) root.namespace = fx.namespace;
    const built = build(root, new Set(), !own, fx.label);
    addRoot(built);
    // Flux substitutes `${VAR}` in every object it builds; NetLens reads them as written (their offsets are the files').
    if (fx.substitutes && (built.some((i) => i.file.text.includes('${')) || fx.patches.some((p) => p.inline?.includes('${')))) {
      note(fx.uri, { span: fx.substitutes, message: 'postBuild.substitute is not applied to the objects this Kustomization builds: NetLens reads them as written, `${...}` included (a label, selector or hostname holding a variable keeps its written form).' });
    }
  }
  const sorted = [...kusts.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));
  // A kustomization a Flux folder's generated build reached is not a root of its own either.
  for (const k of sorted) if (!included.has(k.dir) && !reached.has(k.dir) && !k.component) addRoot(build(k, new Set(), false));
  // Cycles have no root (kustomize fails on them): build what no earlier build reached, so files are still placed.
  for (const k of sorted) if (!reached.has(k.dir) && !k.component) addRoot(build(k, new Set(), false));
  // A component no build includes adds nothing anywhere: the files it lists are never deployed (not loose objects).
  for (const k of sorted) {
    if (!k.component || reached.has(k.dir)) continue;
    for (const r of k.resources) {
      const f = byKey.get(r);
      if (f && !KUSTOMIZATION_NAMES.has(basename(f.uri))) covered.add(f.uri);
    }
    if (k.resources.length > 0) note(k.uri, { span: k.kindSpan ?? { start: 0, end: 0 }, message: 'No kustomization includes this component, so nothing it lists is deployed: NetLens leaves its objects out of the analysis.' });
  }
  const unlisted = unlistedFiles(files, kusts, covered);
  return { instances, covered, notes, patchFiles, unlisted, opaque };
}
