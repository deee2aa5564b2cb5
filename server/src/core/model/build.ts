// Builds the workspace model from parsed files: each file's extraction (model/extract.ts, memoised per ParsedFile
// through an optional cache the adapter owns), kustomize builds (model/kustomize/), namespace resolution, one
// object per kind/namespace/name (model/identity.ts) and the namespace table. Linear in the number of objects;
// never throws.
import { finish } from '../steps.ts';
import { modelOptionsKey, type Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { extractCached, extractCachedSteps, extractFile, extractObject, type FileExtract, type FileResolved, type ModelCache } from './extract.ts';
import { mergeIdentitiesSteps } from './identity.ts';
import { kustomizeBuildSteps, type Instance } from './kustomize/build.ts';
import { resolveFileSteps } from './resolve.ts';
import { recordBuild } from './splice.ts';
import { patchedNodes } from './kustomize/nodes.ts';
import { transformNamespace, transformPolicy, transformService, transformWorkload } from './kustomize/transform.ts';
import { namespaceTable } from './namespaces.ts';
import type { CidrGroupInfo, DuplicateObject, Model, NamespaceInfo, PlacementStep, Policy, ServiceInfo, Workload } from './types.ts';
import type { PolicyKindEntry } from '../kinds/registry.ts';
import type { PolicyIR } from '../policy/types.ts';
import { lowerNetworkPolicy } from '../kinds/networkpolicy/lower.ts';
import { networkPolicyKind } from '../kinds/networkpolicy/index.ts';
import type { PolicyDraft } from '../kinds/networkpolicy/read.ts';
import { sameShapeCopy } from '../same-shape.ts';

/** A file's share of the model when no kustomization reads it, as plain data (another thread may compute it). */
export interface FileModelData {
  namespaces: NamespaceInfo[];
  cidrGroups: CidrGroupInfo[];
  resolved: FileResolved;
}

/** What `file` contributes under `options`, resolved in the default namespace (see seedFileModel); `cache`: what is read already. */
export function fileModelData(file: ParsedFile, options: Options, cache?: ModelCache): FileModelData {
  const ex = cache ? extractCached(file, options, cache) : extractFile(file, options);
  const key = modelOptionsKey(options);
  const hit = cache?.resolved.get(file);
  const resolved = hit && hit.key === key ? hit : finish(resolveFileSteps(ex, options.defaultNamespace, key));
  return { namespaces: ex.namespaces, cidrGroups: ex.cidrGroups, resolved };
}

/**
 * Takes `data` (fileModelData of the same text under equal options) as this file's share of the model, so the
 * model build reads none of its objects. Only a kustomize build that copies the file's objects reads their drafts:
 * those are extracted here then, from the file's own objects.
 */
export function seedFileModel(file: ParsedFile, options: Options, cache: ModelCache, data: FileModelData): void {
  cache.files.set(file, { options, extract: new SeededExtract(data, file, options) });
  cache.resolved.set(file, data.resolved);
}

/**
 * A seeded file's extract: namespaces and CIDR groups from the seed, the drafts read from the file only if a
 * kustomize build asks. A class, not an object literal with getters: each such literal got a hidden class of its
 * own (its getters close over the call), one per closed file of the index, kept as long as the file's cache entry.
 */
class SeededExtract implements FileExtract {
  readonly namespaces: FileExtract['namespaces'];
  readonly cidrGroups: FileExtract['cidrGroups'];
  #file: ParsedFile | undefined;
  #options: Options | undefined;
  #full: FileExtract | undefined;
  constructor(data: FileModelData, file: ParsedFile, options: Options) {
    this.namespaces = data.namespaces;
    this.cidrGroups = data.cidrGroups;
    this.#file = file;
    this.#options = options;
  }

  #real(): FileExtract {
    if (!this.#full) {
      this.#full = extractFile(this.#file as ParsedFile, this.#options as Options);
      this.#file = undefined;
      this.#options = undefined;
    }
    return this.#full;
  }

  get workloads(): FileExtract['workloads'] {
    return this.#real().workloads;
  }

  get services(): FileExtract['services'] {
    return this.#real().services;
  }

  get policies(): FileExtract['policies'] {
    return this.#real().policies;
  }

  get byObject(): FileExtract['byObject'] {
    return this.#real().byObject;
  }
}

export function buildModel(files: readonly ParsedFile[], options: Options, cache?: ModelCache): Model {
  return finish(buildModelSteps(files, options, cache));
}

/** Files (or kustomize copies) placed into the model between two stops of buildModelSteps. */
const PLACED_PER_STEP = 16;

/** buildModel, stopping between files (core/steps.ts): an adapter builds a large workspace's model in slices. */
export function* buildModelSteps(files: readonly ParsedFile[], options: Options, cache?: ModelCache): Generator<void, Model, void> {
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  yield;
  const kz = yield* kustomizeBuildSteps(sorted);
  const referenced = new Set<string>();
  const declared: NamespaceInfo[] = [];
  let workloads: Workload[] = [];
  let services: ServiceInfo[] = [];
  let policies: Policy[] = [];
  let ir: PolicyIR[] = [];
  const groups: CidrGroupInfo[] = [];
  const fileNamespaces = new Map<string, string[]>();
  const extract = (file: ParsedFile): FileExtract => extractCached(file, options, cache);

  for (const [i, file] of sorted.entries()) {
    if (i > 0 && i % PLACED_PER_STEP === 0) yield;
    // Files a kustomize build reads exist only as the copies the builds make (below); patches never.
    if (kz.covered.has(file.uri)) continue;
    // A file not read yet is read in slices of its objects (a large one holds thousands).
    const ex = yield* extractCachedSteps(file, options, cache);
    for (const ns of ex.namespaces) declared.push(ns);
    for (const g of ex.cidrGroups) groups.push(g);
    // Kept while the options the model reads stay the same: keyed by the default namespace alone, a file's policies
    // stayed lowered under the Cilium or Kubernetes version before a change of it.
    const key = modelOptionsKey(options);
    let res = cache?.resolved.get(file);
    if (!res || res.key !== key) {
      res = yield* resolveFileSteps(ex, options.defaultNamespace, key);
      cache?.resolved.set(file, res);
      // Lowering a file's policies takes a few ms: 16 of them between two stops held a waiting hover 30-60 ms.
      yield;
    }
    for (const w of res.workloads) workloads.push(w);
    for (const x of res.services) services.push(x);
    for (const p of res.policies) policies.push(p);
    for (const p of res.ir) ir.push(p);
  }

  for (const [i, inst] of kz.instances.entries()) {
    if (i > 0 && i % PLACED_PER_STEP === 0) yield;
    const entry = extract(inst.file).byObject.get(inst.obj);
    if (!entry) continue;
    if (entry.type === 'namespace') {
      declared.push(transformNamespace(entry.value, inst));
      continue;
    }
    if (entry.type === 'cidrGroup') {
      // Cluster-scoped: kustomize renames it and adds its labels, and no namespace applies.
      groups.push({ ...entry.value, name: inst.name, labels: Object.assign({ ...entry.value.labels }, ...inst.labels.map((op) => op.labels)) });
      continue;
    }
    const ns = inst.namespace ?? entry.value.namespace ?? options.defaultNamespace;
    const list = fileNamespaces.get(inst.file.uri) ?? [];
    if (!list.includes(ns)) fileNamespaces.set(inst.file.uri, [...list, ns].sort());
    const placement = placementOf(inst);
    if (entry.type === 'workload') {
      const d = transformWorkload(entry.value.draft, inst);
      workloads.push(sameShapeCopy(d, { id: `${ns}/${d.name}`, namespace: ns, placement }));
    } else if (entry.type === 'service') {
      const d = transformService(entry.value.draft, inst);
      services.push(sameShapeCopy(d, { id: `${ns}/${d.name}`, namespace: ns, placement }));
    } else {
      const { entry: kind, draft } = entry.value.draft;
      // NetworkPolicies take kustomize's names, labels and patches (their rules keep the patch file's spans); other
      // kinds take the name and patches by reading the built object again (kustomize has no schema for them: maps
      // merge, lists are replaced). No label op touches their selectors (not in kustomize's field specs).
      const made =
        kind === (networkPolicyKind as PolicyKindEntry)
          ? networkPolicyKind.instantiate({ ...transformPolicy(draft as PolicyDraft, inst, options), placement }, ns)
          : kind.instantiate(builtDraft(kind, draft, inst, options), kind.clusterScoped ? undefined : ns);
      if (made.np) policies.push(made.np);
      for (const p of made.ir) ir.push(p);
    }
  }

  // One object per kind/namespace/name: copies (a base built twice into one namespace, vendored trees) merge.
  const duplicates: DuplicateObject[] = [];
  yield;
  workloads = yield* mergeIdentitiesSteps(workloads, (w) => w.kind, duplicates);
  services = yield* mergeIdentitiesSteps(services, () => 'Service', duplicates);
  policies = yield* mergeIdentitiesSteps(policies, () => 'NetworkPolicy', duplicates);
  // A Cilium policy's `specs` rules share the policy's id: each rule is its own identity.
  ir = yield* mergeIdentitiesSteps(ir, (p) => (p.specIndex === undefined ? p.kind : `${p.kind}#${p.specIndex}`), []);
  yield;

  // Workloads from settings live outside the repository; a workload of the same namespace/name in the
  // repository is the real thing and wins.
  const known = new Set(workloads.map((w) => w.id));
  for (const cw of options.clusterWorkloads) {
    const id = `${cw.namespace}/${cw.name}`;
    if (known.has(id)) continue;
    known.add(id);
    workloads.push({
      id,
      kind: 'ClusterWorkload',
      namespace: cw.namespace,
      name: cw.name,
      podLabels: { ...cw.labels },
      ports: cw.ports.map((p) => ({ containerPort: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) })),
      origin: { kind: 'settings' },
    });
  }

  yield;
  for (const w of workloads) referenced.add(w.namespace);
  for (const s of services) referenced.add(s.namespace);
  for (const p of ir) if (p.namespace !== undefined) referenced.add(p.namespace);
  for (const list of fileNamespaces.values()) for (const ns of list) referenced.add(ns);
  for (const ns of declared) referenced.add(ns.name);
  yield;
  const tables = policyTables(policies, ir);
  yield;

  const model: Model = {
    namespaces: namespaceTable(declared, options.clusterNamespaces, referenced),
    workloads,
    services,
    ...(groups.length > 0 ? { cidrGroups: groupTable(groups) } : {}),
    ...tables,
    fileNamespaces,
    ...(duplicates.length > 0 ? { duplicates } : {}),
    ...(kz.notes.size > 0 ? { kustomizeNotes: kz.notes } : {}),
    ...(kz.covered.size > 0 ? { kustomizeCovered: kz.covered } : {}),
    ...(kz.opaque.size > 0 ? { kustomizeOpaque: kz.opaque } : {}),
    ...(kz.patchFiles.size > 0 ? { kustomizePatches: kz.patchFiles } : {}),
    ...(kz.unlisted.size > 0 ? { kustomizeUnlisted: kz.unlisted } : {}),
    podCIDRs: [...options.podCIDRs],
  };
  recordBuild(model, sorted, kz);
  return model;
}

/** A policy of a schema-less kind as the build leaves it: renamed and patched, read by its own reader. */
function builtDraft(kind: PolicyKindEntry, draft: unknown, inst: Instance, options: Options): unknown {
  if (inst.patches.length === 0 && inst.name === inst.obj.name) return draft;
  try {
    const obj = inst.patches.length > 0 ? patchedNodes(inst) : { ...inst.obj, name: inst.name };
    return (obj && kind.read(obj, inst.file.text, options)) ?? draft;
  } catch {
    // A merge or read we did not anticipate: the policy as written, never a failed model build.
    return draft;
  }
}

/** CiliumCIDRGroups by name: the first declaration by uri order wins, as for namespaces. */
function groupTable(groups: readonly CidrGroupInfo[]): Map<string, CidrGroupInfo> {
  const out = new Map<string, CidrGroupInfo>();
  for (const g of groups) if (!out.has(g.name)) out.set(g.name, g);
  return out;
}

/**
 * The model's policy tables: NetworkPolicies by namespace, and the IR of every kind (namespaced ones by namespace,
 * cluster-wide ones apart). Without `ir`, the NetworkPolicies are lowered (hand-made models in tests).
 */
export function policyTables(policies: Policy[], ir: PolicyIR[] = policies.map(lowerNetworkPolicy)): Pick<Model, 'policies' | 'policiesByNamespace' | 'policyIR' | 'policyIndex'> {
  const policiesByNamespace = new Map<string, Policy[]>();
  for (const p of policies) {
    const list = policiesByNamespace.get(p.namespace);
    if (list) list.push(p);
    else policiesByNamespace.set(p.namespace, [p]);
  }
  const byNamespace = new Map<string, PolicyIR[]>();
  const clusterwide: PolicyIR[] = [];
  for (const p of ir) {
    if (p.namespace === undefined) clusterwide.push(p);
    else {
      const list = byNamespace.get(p.namespace);
      if (list) list.push(p);
      else byNamespace.set(p.namespace, [p]);
    }
  }
  return { policies, policiesByNamespace, policyIR: ir, policyIndex: { byNamespace, clusterwide } };
}

/**
 * The policies (IR of every kind) of `file`'s objects lying in [from, to], read and instantiated as a model build
 * does for a file no kustomization reads: after an edit, those of the replaced documents as they were (the earlier
 * parse keeps their nodes; core/rejudge.ts). Only their meaning counts (the offsets are the earlier text's).
 */
export function policiesIn(file: ParsedFile, from: number, to: number, options: Options): PolicyIR[] {
  const out: PolicyIR[] = [];
  for (const obj of file.objects) {
    if (obj.span.start < from || obj.span.end > to) continue;
    const e = extractObject(file, obj, options);
    if (e?.type !== 'policy') continue;
    const { entry, draft } = e.value.draft;
    out.push(...entry.instantiate(draft, entry.clusterScoped ? undefined : (e.value.namespace ?? options.defaultNamespace)).ir);
  }
  return out;
}

function placementOf(inst: Instance): PlacementStep[] {
  return inst.steps.map((s) => ({ ...s }));
}
