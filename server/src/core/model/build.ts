// Builds the workspace model from parsed files: per-file extraction (memoised per ParsedFile through an
// optional cache the adapter owns), then namespace resolution (a kustomization's namespace, else metadata.namespace,
// else the default) and the namespace table. Linear in the number of objects; never throws.
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { isKustomizationUri, kustomizePlacements } from './kustomize.ts';
import { namespaceTable } from './namespaces.ts';
import type { ServiceDraft } from './services.ts';
import type { Model, NamespaceInfo, Policy, ServiceInfo, Workload } from './types.ts';
import type { WorkloadDraft } from './workloads.ts';
import { kindEntryOf, type PolicyKindEntry } from '../kinds/registry.ts';
import type { PolicyIR } from '../policy/types.ts';
import { lowerNetworkPolicy } from '../kinds/networkpolicy/lower.ts';

interface Drafted<T> {
  draft: T;
  /** metadata.namespace as written. */
  namespace: string | undefined;
}

/** What one file contributes, independent of other files (options only decide validity: the cache keeps them). */
export interface FileExtract {
  namespaces: NamespaceInfo[];
  workloads: Drafted<WorkloadDraft>[];
  services: Drafted<ServiceDraft>[];
  /** Drafts of policies of any kind, with the registry entry that instantiates them. */
  policies: Drafted<{ entry: PolicyKindEntry; draft: unknown }>[];
}

/** A file's objects with their namespaces resolved, valid while its placement and the default stay the same. */
interface FileResolved {
  key: string;
  workloads: Workload[];
  services: ServiceInfo[];
  policies: Policy[];
  ir: PolicyIR[];
}

/** Adapter-owned memo: unchanged ParsedFile objects (cached per document version) are not re-read. */
export interface ModelCache {
  files: WeakMap<ParsedFile, { options: Options; extract: FileExtract }>;
  resolved: WeakMap<ParsedFile, FileResolved>;
}

export function createModelCache(): ModelCache {
  return { files: new WeakMap(), resolved: new WeakMap() };
}

const EMPTY: FileExtract = { namespaces: [], workloads: [], services: [], policies: [] };

/** The objects of one file. Templated (Helm/Jinja) files and kustomization files contribute nothing. */
export function extractFile(file: ParsedFile, options: Options): FileExtract {
  if (file.template && file.template.kind !== 'flux') return EMPTY;
  if (isKustomizationUri(file.uri)) return EMPTY;
  const out: FileExtract = { namespaces: [], workloads: [], services: [], policies: [] };
  for (const obj of file.objects) {
    try {
      // The kind registry says who reads the object; each family lands in its table.
      const entry = kindEntryOf(obj);
      const namespace = obj.namespace || undefined;
      if (!entry) continue;
      if (entry.family === 'namespace') {
        const ns = entry.read(obj);
        if (ns) out.namespaces.push(ns);
      } else if (entry.family === 'workload') {
        const w = entry.read(obj);
        if (w) out.workloads.push({ draft: w, namespace });
      } else if (entry.family === 'service') {
        const s = entry.read(obj);
        if (s) out.services.push({ draft: s, namespace });
      } else {
        const draft = entry.read(obj, file.text, options);
        if (draft) out.policies.push({ draft: { entry, draft }, namespace });
      }
    } catch {
      // A malformed object we did not anticipate: skipped, never fatal.
    }
  }
  return out;
}

export function buildModel(files: readonly ParsedFile[], options: Options, cache?: ModelCache): Model {
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const placements = kustomizePlacements(sorted);
  const referenced = new Set<string>();
  const declared: NamespaceInfo[] = [];
  const workloads: Workload[] = [];
  const services: ServiceInfo[] = [];
  const policies: Policy[] = [];
  const ir: PolicyIR[] = [];
  const fileNamespaces = new Map<string, string[]>();

  for (const file of sorted) {
    const hit = cache?.files.get(file);
    let ex = hit?.options === options ? hit.extract : undefined;
    if (!ex) {
      ex = extractFile(file, options);
      cache?.files.set(file, { options, extract: ex });
    }
    for (const ns of ex.namespaces) declared.push(ns);
    const placed = placements.get(file.uri);
    const fileNs = placed ? unique(placed.map((p) => p ?? options.defaultNamespace)) : [options.defaultNamespace];
    if (placed) fileNamespaces.set(file.uri, fileNs);
    const key = `${options.defaultNamespace}\u0001${placed ? placed.map((p) => p ?? '\u0002').join('\u0000') : ''}`;
    let res = cache?.resolved.get(file);
    if (!res || res.key !== key) {
      res = resolveFile(ex, placed, options.defaultNamespace, key);
      cache?.resolved.set(file, res);
    }
    for (const w of res.workloads) workloads.push(w);
    for (const x of res.services) services.push(x);
    for (const p of res.policies) policies.push(p);
    for (const p of res.ir) ir.push(p);
  }

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

  for (const w of workloads) referenced.add(w.namespace);
  for (const s of services) referenced.add(s.namespace);
  for (const p of ir) if (p.namespace !== undefined) referenced.add(p.namespace);
  for (const list of fileNamespaces.values()) for (const ns of list) referenced.add(ns);

  return {
    namespaces: namespaceTable(declared, options.clusterNamespaces, referenced),
    workloads,
    services,
    ...policyTables(policies, ir),
    fileNamespaces,
    podCIDRs: [...options.podCIDRs],
  };
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
 * Instantiates a file's drafts in their namespaces. As `kustomize build` does, a kustomization's `namespace:`
 * overrides what the object says; a build without one keeps metadata.namespace, else the default.
 */
function resolveFile(ex: FileExtract, placed: (string | undefined)[] | undefined, defaultNs: string, key: string): FileResolved {
  const res: FileResolved = { key, workloads: [], services: [], policies: [], ir: [] };
  const nsOf = (written: string | undefined): string[] =>
    placed ? unique(placed.map((p) => p ?? written ?? defaultNs)) : [written ?? defaultNs];
  for (const { draft, namespace } of ex.workloads) {
    for (const ns of nsOf(namespace)) res.workloads.push({ ...draft, id: `${ns}/${draft.name}`, namespace: ns });
  }
  for (const { draft, namespace } of ex.services) {
    for (const ns of nsOf(namespace)) res.services.push({ ...draft, id: `${ns}/${draft.name}`, namespace: ns });
  }
  for (const { draft, namespace } of ex.policies) {
    // Cluster-scoped kinds (CCNP) are one object whatever namespace a kustomization names.
    const targets = draft.entry.clusterScoped ? [undefined] : nsOf(namespace);
    for (const ns of targets) {
      const made = draft.entry.instantiate(draft.draft, ns);
      if (made.np) res.policies.push(made.np);
      for (const p of made.ir) res.ir.push(p);
    }
  }
  return res;
}

function unique(list: string[]): string[] {
  return [...new Set(list)].sort();
}
