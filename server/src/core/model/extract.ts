// Per-file extraction for the model: what each object of a parsed file contributes (through the kind registry),
// carried over an edit for documents it did not touch, and memoised per ParsedFile in the adapter's ModelCache.
// Depends on one file's text and the Options only; model/build.ts places and resolves what this reads.
import { finish } from '../steps.ts';
import { slot, slotTables, type SlotTable } from '../slots.ts';
import { sameModelOptions, type Options } from '../options.ts';
import { servedNoMore } from '../removed-apis.ts';
import { carriedFrom, consumed } from '../parse/incremental.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import { shiftedDraft } from './carry.ts';
import { isKustomizationUri } from './kustomize/paths.ts';
import type { ServiceDraft } from './services.ts';
import type { CidrGroupInfo, NamespaceInfo, Policy, ServiceInfo, Workload } from './types.ts';
import type { WorkloadDraft } from './workloads.ts';
import { kindEntryOf, type PolicyKindEntry } from '../kinds/registry.ts';
import type { PolicyIR } from '../policy/types.ts';

export interface Drafted<T> {
  draft: T;
  obj: ManifestObject;
  /** metadata.namespace as written. */
  namespace: string | undefined;
}

export type PolicyDrafted = Drafted<{ entry: PolicyKindEntry; draft: unknown }>;

/** What one file contributes, independent of other files (options only decide validity: the cache keeps them). */
export interface FileExtract {
  namespaces: NamespaceInfo[];
  workloads: Drafted<WorkloadDraft>[];
  services: Drafted<ServiceDraft>[];
  /** CiliumCIDRGroups (cluster-scoped, read whole: no namespace to resolve). */
  cidrGroups: CidrGroupInfo[];
  /** Drafts of policies of any kind, with the registry entry that instantiates them. */
  policies: PolicyDrafted[];
  /** Each object's draft, for the copies kustomize builds make of it. */
  byObject: Map<ManifestObject, Entry>;
}

export type Entry =
  | { type: 'namespace'; value: NamespaceInfo }
  | { type: 'workload'; value: Drafted<WorkloadDraft> }
  | { type: 'service'; value: Drafted<ServiceDraft> }
  | { type: 'cidrGroup'; value: CidrGroupInfo }
  | { type: 'policy'; value: PolicyDrafted };

/** A file's objects with their namespaces resolved, valid while the options a model is built from stay the same. */
export interface FileResolved {
  /** modelOptionsKey of the options it was resolved under (the default namespace, the versions that decide lowering). */
  key: string;
  workloads: Workload[];
  services: ServiceInfo[];
  policies: Policy[];
  ir: PolicyIR[];
}

/** Adapter-owned memo: unchanged ParsedFile objects (cached per document version) are not re-read. */
export interface ModelCache {
  files: SlotTable<ParsedFile, { options: Options; extract: FileExtract }>;
  resolved: SlotTable<ParsedFile, FileResolved>;
}

// On the parsed files, not in WeakMaps: a reading holds the file's objects, and they their file (core/slots.ts).
const FILE_TABLES = slotTables<ParsedFile, { options: Options; extract: FileExtract }>();
const RESOLVED_TABLES = slotTables<ParsedFile, FileResolved>();

export function createModelCache(): ModelCache {
  return { files: FILE_TABLES(), resolved: RESOLVED_TABLES() };
}

/** The objects of one file (templated documents have none); kustomization files contribute nothing. */
export function extractFile(file: ParsedFile, options: Options): FileExtract {
  return finish(extractFileSteps(file, options));
}

/** Objects read between two stops of extractFileSteps. */
const OBJECTS_PER_STEP = 10;

/** extractFile, stopping (`yield`) every OBJECTS_PER_STEP objects (a 5 MB file holds thousands). */
export function* extractFileSteps(file: ParsedFile, options: Options): Generator<void, FileExtract, void> {
  const out: FileExtract = { namespaces: [], workloads: [], services: [], cidrGroups: [], policies: [], byObject: new Map() };
  if (isKustomizationUri(file.uri)) return out;
  // Drafts are kept per object only for a parse no edit consumed: a consumed parse's later documents were moved in
  // place into the new parse, and what is read of them now would be moved again by its objects (carriedEntry). A
  // parse consumed during a stop ends the reading there (the rest would be read for nothing).
  const keep = !consumed(file);
  for (const [i, obj] of file.objects.entries()) {
    if (i > 0 && i % OBJECTS_PER_STEP === 0) {
      yield;
      if (consumed(file)) return out;
    }
    const carried = carriedEntry(obj, options);
    const e = carried ? carried.entry : extractObject(file, obj, options);
    if (keep) READ.set(obj, { options, entry: e });
    if (!e) continue;
    if (e.type === 'namespace') out.namespaces.push(e.value);
    else if (e.type === 'workload') out.workloads.push(e.value);
    else if (e.type === 'service') out.services.push(e.value);
    else if (e.type === 'cidrGroup') out.cidrGroups.push(e.value);
    else out.policies.push(e.value);
    out.byObject.set(obj, e);
  }
  return out;
}

// What extractFile read per object: the fingerprint of the file's first edit (core/fingerprint.ts) keys every object
// of the previous parse, which the model has read already. Lifetime: the parsed object's (a slot on it, core/slots.ts).
const READ = slot<ManifestObject, { options: Options; entry: Entry | undefined }>();

const UNREAD = { entry: undefined };

/**
 * What the previous parse's object read, for the same object of a document an edit did not touch (parse/
 * incremental.ts carriedFrom: same Document and nodes, same place in the file, moved or not), with the new object
 * in it and its offsets moved; undefined when it must be read again. Reading thousands of objects again made each
 * keystroke in a large file cost most of a second.
 */
function carriedEntry(obj: ManifestObject, options: Options): { entry: Entry | undefined } | undefined {
  const carried = carriedFrom(obj);
  if (!carried || carried.from.docIndex !== obj.docIndex || carried.from.doc !== obj.doc) return undefined;
  const hit = READ.get(carried.from);
  if (!hit || !sameModelOptions(hit.options, options)) return undefined;
  const e = hit.entry;
  if (!e) return UNREAD;
  // A document the edit moved: the same reading at moved offsets (model/carry.ts), else read again.
  const value = carried.delta === 0 ? e.value : shiftedDraft(e.value, carried.delta);
  if (!value) return undefined;
  return { entry: e.type === 'namespace' || e.type === 'cidrGroup' ? ({ type: e.type, value } as Entry) : ({ type: e.type, value: { ...value, obj } } as Entry) };
}

/** extractObject, from what extractFile read when it read this object under these Options. */
export function extractedObject(file: ParsedFile, obj: ManifestObject, options: Options): Entry | undefined {
  const hit = READ.get(obj);
  return hit && sameModelOptions(hit.options, options) ? hit.entry : extractObject(file, obj, options);
}

/**
 * What one object of `file` contributes to the model (undefined: nothing, or read by the routing model). Depends
 * on the object's own text and the Options only (core/fingerprint.ts keys an edit's semantic change on it).
 */
export function extractObject(file: ParsedFile, obj: ManifestObject, options: Options): Entry | undefined {
  try {
    // The kind registry says who reads the object; each family lands in its table.
    const entry = kindEntryOf(obj);
    const namespace = obj.namespace || undefined;
    // Routing-only kinds (Gateway API, Ingress, Secrets) are read by the routing model (kinds/gateway/model.ts).
    if (!entry || entry.family === 'routing') return undefined;
    if (entry.family === 'namespace') {
      const ns = entry.read(obj);
      return ns ? { type: 'namespace', value: ns } : undefined;
    }
    if (entry.family === 'workload') {
      // Written in an API version the configured Kubernetes release no longer serves (removed-api-version): the
      // API server refuses it, so its pods never exist.
      if (servedNoMore(obj, options)) return undefined;
      const w = entry.read(obj);
      return w ? { type: 'workload', value: { draft: w, obj, namespace } } : undefined;
    }
    if (entry.family === 'service') {
      const s = entry.read(obj);
      return s ? { type: 'service', value: { draft: s, obj, namespace } } : undefined;
    }
    if (entry.family === 'cidrGroup') {
      const g = entry.read(obj, options);
      return g ? { type: 'cidrGroup', value: g } : undefined;
    }
    const draft = entry.read(obj, file.text, options);
    return draft ? { type: 'policy', value: { draft: { entry, draft }, obj, namespace } } : undefined;
  } catch {
    // A malformed object we did not anticipate: skipped, never fatal.
    return undefined;
  }
}

/** extractFile through the adapter's cache (an unchanged ParsedFile under the same Options is read once). */
export function extractCached(file: ParsedFile, options: Options, cache: ModelCache | undefined): FileExtract {
  return finish(extractCachedSteps(file, options, cache));
}

/**
 * Whether the cache holds `file`'s reading under options the model reads alike (extractCached would read nothing).
 * A file kept without its trees (core/offload.ts) that is not read must be parsed again first: an adapter does it
 * in slices rather than let the reading parse the whole text in one go.
 */
export function extractKept(file: ParsedFile, options: Options, cache: ModelCache | undefined): boolean {
  const hit = cache?.files.get(file);
  return hit !== undefined && sameModelOptions(hit.options, options);
}

/** extractCached, stopping between slices of objects (an adapter warms the cache this way for a large file). */
export function* extractCachedSteps(file: ParsedFile, options: Options, cache: ModelCache | undefined): Generator<void, FileExtract, void> {
  const hit = cache?.files.get(file);
  // Kept across a settings change of rule severities: no reading of an object reads them (options.ts).
  let ex = hit && sameModelOptions(hit.options, options) ? hit.extract : undefined;
  if (!ex) {
    ex = yield* extractFileSteps(file, options);
    // A consumed file's reading may have ended early (nothing reads that parse again).
    if (!consumed(file)) cache?.files.set(file, { options, extract: ex });
  }
  return ex;
}
