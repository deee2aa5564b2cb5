// The kind registry: apiVersion/kind -> the folder that reads the object into the model. Model build
// dispatches through it; a new kind is one folder plus one line here.
import type { ManifestObject } from '../parse/parse.ts';
import type { Options } from '../options.ts';
import type { NamespaceInfo, Policy } from '../model/types.ts';
import type { PolicyIR } from '../policy/types.ts';
import { readNamespace, isNamespace } from '../model/namespaces.ts';
import { isService, readService, type ServiceDraft } from '../model/services.ts';
import { readWorkload, workloadKind, type WorkloadDraft } from '../model/workloads.ts';
import { networkPolicyKind } from './networkpolicy/index.ts';
import { ciliumClusterwideNetworkPolicyKind, ciliumNetworkPolicyKind } from './cilium/index.ts';

interface EntryBase {
  /** `apiVersion/kind` keys it serves (documentation and lookup; `matches` decides tolerance). */
  keys: readonly string[];
  matches(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean;
}

export interface NamespaceKindEntry extends EntryBase {
  family: 'namespace';
  read(obj: ManifestObject): NamespaceInfo | undefined;
}
export interface WorkloadKindEntry extends EntryBase {
  family: 'workload';
  read(obj: ManifestObject): WorkloadDraft | undefined;
}
export interface ServiceKindEntry extends EntryBase {
  family: 'service';
  read(obj: ManifestObject): ServiceDraft | undefined;
}

/** A policy kind: reads a namespace-independent draft, then instantiates it per namespace as IR. */
export interface PolicyKindEntry<D = unknown> extends EntryBase {
  family: 'policy';
  /** Cluster-scoped objects (CCNP) ignore namespaces: instantiated once, with namespace undefined. */
  clusterScoped: boolean;
  /** `options` decide validity only (validate/isRejected); the draft is namespace-independent. */
  read(obj: ManifestObject, text: string, options: Options): D | undefined;
  /** `np`: the NetworkPolicy's own typed shape (kind-specific rules read it). */
  instantiate(draft: D, namespace: string | undefined): { np?: Policy; ir: PolicyIR[] };
}

export type KindEntry = NamespaceKindEntry | WorkloadKindEntry | ServiceKindEntry | PolicyKindEntry;

const namespaceKind: NamespaceKindEntry = { family: 'namespace', keys: ['v1/Namespace'], matches: isNamespace, read: readNamespace };
const workloadKinds: WorkloadKindEntry = {
  family: 'workload',
  keys: ['v1/Pod', 'apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'apps/v1/ReplicaSet', 'batch/v1/Job', 'batch/v1/CronJob'],
  matches: (obj) => workloadKind(obj) !== undefined,
  read: readWorkload,
};
const serviceKind: ServiceKindEntry = { family: 'service', keys: ['v1/Service'], matches: isService, read: readService };

/** Every kind the model reads. A static table: a new kind adds its entry here. */
const ENTRIES: readonly KindEntry[] = [
  namespaceKind,
  workloadKinds,
  serviceKind,
  networkPolicyKind as PolicyKindEntry,
  ciliumNetworkPolicyKind as PolicyKindEntry,
  ciliumClusterwideNetworkPolicyKind as PolicyKindEntry,
];

/** Entries by kind name (the apiVersion is checked by each entry's `matches`, which tolerates what it must). */
const BY_KIND: ReadonlyMap<string, readonly KindEntry[]> = (() => {
  const m = new Map<string, KindEntry[]>();
  for (const e of ENTRIES) {
    for (const key of e.keys) {
      const kind = key.slice(key.lastIndexOf('/') + 1);
      const list = m.get(kind) ?? [];
      if (!list.includes(e)) list.push(e);
      m.set(kind, list);
    }
  }
  return m;
})();

/** The entry that reads this object, by its kind and apiVersion. */
export function kindEntryOf(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): KindEntry | undefined {
  if (!obj.kind) return undefined;
  return (BY_KIND.get(obj.kind) ?? []).find((e) => e.matches(obj));
}

/** Every registered `apiVersion/kind` key. */
export function registeredKinds(): string[] {
  return ENTRIES.flatMap((e) => [...e.keys]);
}
