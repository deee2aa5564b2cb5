// The model after an edit of one file, made from the model before it: the edited file's objects put in the places of
// its earlier ones. Taken only when that gives exactly what buildModelSteps would: no kustomize build reads the
// file, it declares no namespace or CIDR group, and it holds the same objects (kinds, namespaces, names, in order),
// each the one the earlier model kept (no copy of it elsewhere in the workspace). Else undefined: build it anew.
// Why: every policy edit rebuilt the whole workspace's model, 80 ms at 8,000 files, for one file's change.
import { modelOptionsKey, sameModelOptions, type Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { PolicyIR } from '../policy/types.ts';
import { extractCachedSteps, type FileResolved, type ModelCache } from './extract.ts';
import { readsKustomize, type KustomizeResult } from './kustomize/build.ts';
import { resolveFileSteps } from './resolve.ts';
import { KUSTOMIZATION_NAMES } from './kustomize/paths.ts';
import type { Model, Policy, ServiceInfo, Workload } from './types.ts';

/** Per table of a model, each object's identity key -> its place (shared by the models spliced from it). */
export interface Places {
  workloads: Map<string, number>;
  services: Map<string, number>;
  policies: Map<string, number>;
  ir: Map<string, number>;
}

/** How a model was built (its sorted input list and kustomize builds): the next edit may splice it. */
const BUILT = new WeakMap<Model, { files: readonly ParsedFile[]; kz: KustomizeResult; places?: Places }>();

export function recordBuild(model: Model, files: readonly ParsedFile[], kz: KustomizeResult, places?: Places): void {
  BUILT.set(model, { files, kz, ...(places ? { places } : {}) });
}

export function buildRecordOf(model: Model): { files: readonly ParsedFile[]; kz: KustomizeResult; places?: Places } | undefined {
  return BUILT.get(model);
}

let spliced = 0;

/** Models made by splicing so far (tests prove the path is taken). */
export function splicedModels(): number {
  return spliced;
}

// The identity of an object as model/identity.ts merges them (build.ts: kind/id; a Cilium rule of `specs` apart).
const workloadKey = (w: Workload): string => `${w.kind}\u0000${w.id}`;
const serviceKey = (s: ServiceInfo): string => s.id;
const policyKey = (p: Policy): string => p.id;
const irKey = (p: PolicyIR): string => `${p.specIndex === undefined ? p.kind : `${p.kind}#${p.specIndex}`}\u0000${p.id}`;

/**
 * The model of `files` (sorted by uri, like the build's list) from `prev`, the model of the list before an edit of
 * one of them, with the edited file read through `cache`; undefined when the edit may change more than that file's
 * objects in place (then the caller builds the model).
 */
export function* spliceModelSteps(prev: Model, files: readonly ParsedFile[], options: Options, cache: ModelCache): Generator<void, Model | undefined, void> {
  const rec = buildRecordOf(prev);
  if (!rec || rec.files.length !== files.length) return undefined;
  let at = -1;
  for (let i = 0; i < files.length; i++) {
    const a = rec.files[i] as ParsedFile;
    const b = files[i] as ParsedFile;
    if (a === b) continue;
    if (at !== -1 || a.uri !== b.uri) return undefined;
    at = i;
  }
  if (at === -1) return undefined;
  const before = rec.files[at] as ParsedFile;
  const after = files[at] as ParsedFile;
  // Kustomize: the builds read neither version of the file, and no kustomization beside it could list it.
  if (readsKustomize(before) || readsKustomize(after) || rec.kz.covered.has(after.uri) || kustomizationBeside(after.uri, files)) return undefined;
  const key = modelOptionsKey(options);
  const old = cache.files.get(before);
  const res0 = cache.resolved.get(before);
  if (!old || !sameModelOptions(old.options, options) || !res0 || res0.key !== key) return undefined;
  const ex = yield* extractCachedSteps(after, options, cache);
  // Namespaces and CIDR groups are tables of their own (first declaration by file order wins): built anew.
  if (old.extract.namespaces.length + old.extract.cidrGroups.length + ex.namespaces.length + ex.cidrGroups.length > 0) return undefined;
  let res = cache.resolved.get(after);
  if (!res || res.key !== key) {
    res = yield* resolveFileSteps(ex, options.defaultNamespace, key);
    cache.resolved.set(after, res);
  }
  const places = rec.places ?? (rec.places = yield* placesOfSteps(prev));
  const workloads = yield* replacedSteps(prev.workloads, res0.workloads, res.workloads, places.workloads, workloadKey);
  const services = workloads && (yield* replacedSteps(prev.services, res0.services, res.services, places.services, serviceKey));
  const policies = services && (yield* replacedSteps(prev.policies, res0.policies, res.policies, places.policies, policyKey));
  const ir = policies && (yield* replacedSteps(prev.policyIR, res0.ir, res.ir, places.ir, irKey));
  // The same names in the same namespaces: the namespace table and the file namespaces stay; the policy tables get
  // the new policies in the old ones' places.
  const tables = ir && policyTablesAfter(prev, res0, res);
  if (!tables) return undefined;
  const next: Model = { ...prev, workloads, services, policies, policyIR: ir, ...tables };
  delete next.memo;
  recordBuild(next, files, rec.kz, places);
  spliced++;
  return next;
}

/** Whether a kustomization file lies in the folder of `uri` (its build may leave the file out: unlisted). */
function kustomizationBeside(uri: string, files: readonly ParsedFile[]): boolean {
  const dir = uri.slice(0, uri.lastIndexOf('/') + 1);
  for (const name of KUSTOMIZATION_NAMES) if (indexOfUri(files, dir + name) !== -1) return true;
  return false;
}

/** Where the file of `uri` is in a list sorted by uri (a model build's order, the index's), or -1: by bisection. */
export function indexOfUri(files: readonly ParsedFile[], uri: string): number {
  let lo = 0;
  let hi = files.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const u = (files[mid] as ParsedFile).uri;
    if (u === uri) return mid;
    if (u < uri) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Items a splice loop handles between two yields: a file near the size limit holds thousands of objects, and one
 * unbroken pass over the model's lists kept a hover waiting 20 ms (bench/hostile.mjs near-limit, policy edit).
 */
const ITEMS_PER_STEP = 2048;

function* placesOfSteps(m: Model): Generator<void, Places, void> {
  function* index<T>(list: readonly T[], keyOf: (x: T) => string): Generator<void, Map<string, number>, void> {
    const out = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const key = keyOf(list[i] as T);
      if (!out.has(key)) out.set(key, i);
    }
    return out;
  }
  return { workloads: yield* index(m.workloads, workloadKey), services: yield* index(m.services, serviceKey), policies: yield* index(m.policies, policyKey), ir: yield* index(m.policyIR, irKey) };
}

/**
 * `list` with each of `was` (the file's objects in the earlier model) replaced by the one of `now` at the same
 * index; undefined unless both hold the same identities in the same namespaces, each of `was` being the very object
 * at its place (not merged with, or dropped for, a copy elsewhere).
 */
function* replacedSteps<T extends { id: string; namespace?: string }>(list: readonly T[], was: readonly T[], now: readonly T[], places: ReadonlyMap<string, number>, keyOf: (x: T) => string): Generator<void, T[] | undefined, void> {
  if (was.length !== now.length) return undefined;
  if (was.length === 0) return list as T[];
  const out = list.slice();
  for (let k = 0; k < was.length; k++) {
    if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const a = was[k] as T;
    const b = now[k] as T;
    const key = keyOf(a);
    const place = places.get(key);
    if (place === undefined || list[place] !== a || keyOf(b) !== key || a.namespace !== b.namespace) return undefined;
    out[place] = b;
  }
  return out;
}

/**
 * The policy tables with the file's policies replaced in their namespaces' lists (the same places: policyTables
 * lists them in model order); undefined if one is missing there.
 */
function policyTablesAfter(prev: Model, was: FileResolved, now: FileResolved): Pick<Model, 'policiesByNamespace' | 'policyIndex'> | undefined {
  let policiesByNamespace = prev.policiesByNamespace;
  if (was.policies.length > 0) {
    policiesByNamespace = new Map(prev.policiesByNamespace);
    if (!swapIn(policiesByNamespace, was.policies, now.policies, (p) => p.namespace)) return undefined;
  }
  let { byNamespace, clusterwide } = prev.policyIndex;
  if (was.ir.length > 0) {
    byNamespace = new Map(byNamespace);
    const wide = new Map([['', clusterwide]]);
    const namespaced = (p: PolicyIR): boolean => p.namespace !== undefined;
    const global = (p: PolicyIR): boolean => p.namespace === undefined;
    if (!swapIn(byNamespace, was.ir.filter(namespaced), now.ir.filter(namespaced), (p) => p.namespace as string)) return undefined;
    if (!swapIn(wide, was.ir.filter(global), now.ir.filter(global), () => '')) return undefined;
    clusterwide = wide.get('') as PolicyIR[];
  }
  return { policiesByNamespace, policyIndex: { byNamespace, clusterwide } };
}

/** In `table` (its lists copied once each), each of `was` replaced by the one of `now` at the same index. */
function swapIn<T>(table: Map<string, T[]>, was: readonly T[], now: readonly T[], groupOf: (x: T) => string): boolean {
  if (was.length !== now.length) return false;
  const copied = new Set<string>();
  for (let k = 0; k < was.length; k++) {
    const g = groupOf(was[k] as T);
    let list = table.get(g);
    if (!list) return false;
    if (!copied.has(g)) {
      list = list.slice();
      table.set(g, list);
      copied.add(g);
    }
    const i = list.indexOf(was[k] as T);
    if (i === -1) return false;
    list[i] = now[k] as T;
  }
  return true;
}
