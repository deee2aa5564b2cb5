// The kind registry: apiVersion/kind -> the folder that reads the object into the model (and the routing model),
// with its schema, hover, completion and quick fixes. Model build, routing, hover, completion and the rules'
// fixes dispatch through it; a new kind is one folder plus one line here.
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import type { Options } from '../options.ts';
import type { CidrGroupInfo, Model, NamespaceInfo, Policy } from '../model/types.ts';
import type { PolicyIR } from '../policy/types.ts';
import type { FieldSchema } from '../schema/types.ts';
import type { YamlLocation, PathSegment } from '../parse/locate.ts';
import type { Span } from '../source.ts';
import type { CompletionEntry } from '../completion/types.ts';
import type { Finding, Fix } from '../types.ts';
import type { GatewayModel } from './gateway/types.ts';
import { readNamespace, isNamespace } from '../model/namespaces.ts';
import { isService, readService, type ServiceDraft } from '../model/services.ts';
import { readWorkload, workloadKind, type WorkloadDraft } from '../model/workloads.ts';
import { networkPolicyKind } from './networkpolicy/index.ts';
import { ciliumCidrGroupKind, ciliumClusterwideNetworkPolicyKind, ciliumNetworkPolicyKind } from './cilium/index.ts';
import { gatewayKinds, readEntryServiceInto } from './gateway/index.ts';

/** The analysis' files and options (routing questions are answered over the whole workspace). */
export interface KindWorkspace {
  files: ReadonlyMap<string, ParsedFile>;
  options: Options;
}

export interface KindHoverArgs {
  file: ParsedFile;
  obj: ManifestObject;
  loc: YamlLocation;
  model: Model;
  workspace: KindWorkspace | undefined;
}

export interface KindValueCompletionArgs {
  loc: YamlLocation;
  /** Path (from the object) of the value being typed. */
  path: readonly PathSegment[];
  span: Span;
  /** Insert a space first (the cursor is right after `key:`). */
  space: boolean;
  model: Model;
  workspace: KindWorkspace | undefined;
  /** The namespace the object names (else the default). */
  namespace: string;
}

/** The finding a fix is asked for (its span and the payload its rule attached). */
export type FixableFinding = Pick<Finding, 'span' | 'message' | 'data'>;

/** Quick fixes for one finding of a rule on an object of the kind, computed when the finding is reported. */
export type KindFixProvider = (finding: FixableFinding, file: ParsedFile, obj: ManifestObject, ctx: { options: Options }) => Fix[];

/** Quick fixes that need the workspace (a Service's ports, ...): computed when the editor asks for actions. */
export type KindWorkspaceFixProvider = (finding: FixableFinding, file: ParsedFile, obj: ManifestObject, ctx: { model: Model; options: Options }) => Fix[];

/** What a kind folder may plug in besides its reader; every hook is optional. */
export interface KindFeatures {
  /** The field schema the API server validates the object against (defaults, patterns, CEL rules). */
  schema?(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): FieldSchema | undefined;
  /** What the object contributes to the routing model (Gateway API, Ingress, entry Services, TLS Secrets). */
  readRouting?(out: GatewayModel, obj: ManifestObject, namespaces: readonly string[]): void;
  /** Hover inside the object; undefined leaves the cursor to the generic hovers (metadata placement, fields). */
  hover?(a: KindHoverArgs): { markdown: string | undefined } | undefined;
  /** Value completion inside the object; undefined leaves it to the generic completion. */
  completeValue?(a: KindValueCompletionArgs): CompletionEntry[] | undefined;
  /** Quick fixes by finding code, travelling with the finding. */
  fixes?: Readonly<Record<string, KindFixProvider>>;
  /** Quick fixes by finding code that read the workspace model (code actions: core/fixes/index.ts). */
  workspaceFixes?: Readonly<Record<string, KindWorkspaceFixProvider>>;
}

/** The object of `file` whose text contains `span` (where a finding or a cursor is). */
export function objectAt(file: ParsedFile, span: Span): ManifestObject | undefined {
  return file.objects.find((o) => o.span.start <= span.start && span.end <= o.span.end);
}

interface EntryBase extends KindFeatures {
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
/** A cluster-scoped list of addresses policies refer to (CiliumCIDRGroup). */
export interface CidrGroupKindEntry extends EntryBase {
  family: 'cidrGroup';
  read(obj: ManifestObject, options: Options): CidrGroupInfo | undefined;
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

/** A kind only the routing model reads (Gateway API objects, Ingress, TLS Secrets): `readRouting` is its reader. */
export interface RoutingKindEntry extends EntryBase {
  family: 'routing';
  readRouting(out: GatewayModel, obj: ManifestObject, namespaces: readonly string[]): void;
}

export type KindEntry = NamespaceKindEntry | WorkloadKindEntry | ServiceKindEntry | CidrGroupKindEntry | PolicyKindEntry | RoutingKindEntry;

const namespaceKind: NamespaceKindEntry = { family: 'namespace', keys: ['v1/Namespace'], matches: isNamespace, read: readNamespace };
const workloadKinds: WorkloadKindEntry = {
  family: 'workload',
  keys: ['v1/Pod', 'apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'apps/v1/ReplicaSet', 'batch/v1/Job', 'batch/v1/CronJob', 'argoproj.io/v1alpha1/Rollout'],
  matches: (obj) => workloadKind(obj) !== undefined,
  read: readWorkload,
};
// A LoadBalancer or NodePort Service is also a way in: the routing model reads it as an entry point.
const serviceKind: ServiceKindEntry = { family: 'service', keys: ['v1/Service'], matches: isService, read: readService, readRouting: readEntryServiceInto };

/**
 * Every kind the model reads. A static table: a new kind adds its entry here. Built on first use: the kind
 * folders import hover, routing and fixes modules that import this one back.
 */
let entries: readonly KindEntry[] | undefined;
function allEntries(): readonly KindEntry[] {
  entries ??= [
    namespaceKind,
    workloadKinds,
    serviceKind,
    networkPolicyKind as PolicyKindEntry,
    ciliumNetworkPolicyKind as PolicyKindEntry,
    ciliumClusterwideNetworkPolicyKind as PolicyKindEntry,
    ciliumCidrGroupKind,
    ...gatewayKinds,
  ];
  return entries;
}

/** Entries by kind name (the apiVersion is checked by each entry's `matches`, which tolerates what it must). */
let byKind: ReadonlyMap<string, readonly KindEntry[]> | undefined;
function entriesByKind(): ReadonlyMap<string, readonly KindEntry[]> {
  if (byKind) return byKind;
  const m = new Map<string, KindEntry[]>();
  for (const e of allEntries()) {
    for (const key of e.keys) {
      const kind = key.slice(key.lastIndexOf('/') + 1);
      const list = m.get(kind) ?? [];
      if (!list.includes(e)) list.push(e);
      m.set(kind, list);
    }
  }
  byKind = m;
  return m;
}

/** The entry that reads this object, by its kind and apiVersion. */
export function kindEntryOf(obj: Pick<ManifestObject, 'kind' | 'apiVersion'>): KindEntry | undefined {
  if (!obj.kind) return undefined;
  return (entriesByKind().get(obj.kind) ?? []).find((e) => e.matches(obj));
}

/** Every registered `apiVersion/kind` key. */
export function registeredKinds(): string[] {
  return allEntries().flatMap((e) => [...e.keys]);
}
