// Applies what a kustomize build did to one object onto its draft: labels on kustomize's default field specs
// (metadata, pod templates, Service selectors, NetworkPolicy podSelector/peer podSelector matchLabels when
// present) and strategic-merge patches (smp.ts: kyaml merge2 with the Kubernetes list keys) of workloads, Services,
// Namespaces and a NetworkPolicy's spec (file or inline patches).
import { Document } from 'yaml';
import { get, spanOf } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { readPolicy, type PolicyDraft } from '../../kinds/networkpolicy/read.ts';
import type { Options } from '../../options.ts';
import { readService, type ServiceDraft } from '../services.ts';
import { readNamespace } from '../namespaces.ts';
import type { Direction, NamespaceInfo, Peer, PolicyRule, Selector } from '../types.ts';
import { readSelector, trimmedSpan } from '../read.ts';
import { isOffsetKey } from '../../fingerprint.ts';
import type { Span } from '../../source.ts';
import { readWorkload, type WorkloadDraft } from '../workloads.ts';
import type { Instance, PatchObject } from './build.ts';
import { podSpecListKeys, serviceListKeys, strategicMerge, toJson, type Json, type ListKeys } from './smp.ts';

type JsonMap = { [key: string]: Json };
const NO_LIST_KEYS: ListKeys = () => undefined;
const asMap = (v: Json | undefined): JsonMap | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined);
const noKeys = (): undefined => undefined;

const withLabels = (sel: Selector, labels: Record<string, string>): Selector => ({ ...sel, matchLabels: { ...sel.matchLabels, ...labels } });

export function transformWorkload(draft: WorkloadDraft, inst: Instance): WorkloadDraft {
  const patched = inst.patches.length > 0 ? patchedWorkload(draft, inst) : draft;
  const out: WorkloadDraft = { ...patched, name: inst.name, podLabels: { ...patched.podLabels }, ports: [...patched.ports] };
  // A bare Pod's labels are its metadata labels (every label op); controllers' pod templates only take
  // commonLabels and labels with includeTemplates/includeSelectors. Kustomize's field specs name the built-in
  // controllers only: a Rollout's template takes none without a `configurations` entry (not modelled).
  for (const op of inst.labels) if (draft.kind === 'Pod' || (op.templates && draft.kind !== 'Rollout')) Object.assign(out.podLabels, op.labels);
  return out;
}

/**
 * The workload as its patches leave it, read again: pod labels merge (null deletes one), containers merge by name
 * (`$patch: delete` drops one and its ports), their ports by containerPort and protocol, hostNetwork and the
 * service account are overridden. The origin stays the base object's.
 */
function patchedWorkload(draft: WorkloadDraft, inst: Instance): WorkloadDraft {
  // Kustomize knows the built-in kinds' schemas (containers merge by name); a Rollout, a custom resource, has none
  // there: its lists are replaced, as a JSON merge patch would.
  const read = readWorkload(patchedObject(inst, draft.kind === 'Rollout' ? NO_LIST_KEYS : podSpecListKeys) ?? inst.obj);
  // A patch that leaves no pod template (kustomize would still build it; the API server refuses it): unchanged.
  return read ? { ...read, origin: draft.origin } : draft;
}

/**
 * The object as its strategic-merge patches leave it, as an object the kind's reader takes (plain data: no place in
 * any file); undefined when the merge leaves no map. The readers read it as they read the written object.
 */
function patchedObject(inst: Instance, keys: ListKeys): ManifestObject | undefined {
  let merged = toJson(inst.obj.doc, inst.obj.node);
  for (const patch of inst.patches) merged = strategicMerge(merged, toJson(patch.obj.doc, patch.obj.node), keys);
  if (!asMap(merged)) return undefined;
  const doc = new Document(merged);
  return { ...inst.obj, doc, node: doc.contents } as ManifestObject;
}

export function transformService(draft: ServiceDraft, inst: Instance): ServiceDraft {
  // Patched: the selector merges as a map (null deletes a label), ports by port and protocol.
  const patched = inst.patches.length > 0 ? readService(patchedObject(inst, serviceListKeys) ?? inst.obj) : undefined;
  const out: ServiceDraft = { ...(patched ? { ...patched, origin: draft.origin } : draft), name: inst.name };
  for (const op of inst.labels) {
    // spec/selector has create: true: a Service without a selector gets one.
    if (op.selectors) out.selector = { ...(out.selector ?? {}), ...op.labels };
  }
  return out;
}

export function transformNamespace(ns: NamespaceInfo, inst: Instance): NamespaceInfo {
  // Patched labels (a namespaceSelector's target is often labelled by an overlay): merged as a map, null deletes.
  const patched = inst.patches.length > 0 ? readNamespace(patchedObject(inst, noKeys) ?? inst.obj) : undefined;
  const labels = { ...(patched?.labels ?? ns.labels) };
  for (const op of inst.labels) Object.assign(labels, op.labels);
  // The API server's name label follows the (possibly renamed) name.
  return { ...ns, name: inst.name, labels: { ...labels, 'kubernetes.io/metadata.name': inst.name } };
}

export function transformPolicy(draft: PolicyDraft, inst: Instance, options: Options): PolicyDraft {
  let out: PolicyDraft = { ...draft, name: inst.name };
  // The spec as the patches leave it: the label transformer (create: false) adds labels only to the matchLabels
  // maps that exist after them.
  let spec = asMap(toJson(inst.obj.doc, get(inst.obj.doc, inst.obj.node, 'spec')));
  for (const patch of inst.patches) {
    const merged = patchPolicy(out, patch, options);
    if (merged) {
      out = merged;
      spec = asMap(strategicMerge(spec ?? {}, specPatch(patch.obj), noKeys));
    }
  }
  const selOps = inst.labels.filter((op) => op.selectors);
  if (selOps.length === 0) return out;
  const labels = Object.assign({}, ...selOps.map((op) => op.labels)) as Record<string, string>;
  const hasMatchLabels = (sel: Json | undefined): boolean => asMap(asMap(sel)?.matchLabels) !== undefined;
  if (hasMatchLabels(spec?.podSelector)) out = { ...out, podSelector: withLabels(out.podSelector, labels) };
  const peers = (dir: Direction, rules: PolicyRule[]): PolicyRule[] => {
    const nodes = Array.isArray(spec?.[dir]) ? (spec[dir] as Json[]) : [];
    return rules.map((rule) => {
      const list = asMap(nodes[rule.index])?.[dir === 'ingress' ? 'from' : 'to'];
      const peerNodes = Array.isArray(list) ? list : [];
      const labelled = (p: Peer): boolean => p.podSelector !== undefined && hasMatchLabels(asMap(peerNodes[p.index])?.podSelector);
      if (!rule.peers?.some(labelled)) return rule;
      return { ...rule, peers: rule.peers.map((p) => (labelled(p) ? { ...p, podSelector: withLabels(p.podSelector as Selector, labels) } : p)) };
    });
  };
  return { ...out, ingress: peers('ingress', out.ingress), egress: peers('egress', out.egress) };
}

/** What a patch object does to spec, as a merge2 patch of it (a whole-object `$patch: replace` replaces spec). */
function specPatch(obj: ManifestObject): Json | undefined {
  const root = asMap(toJson(obj.doc, obj.node));
  if (!root) return undefined;
  if (root.$patch === 'replace') return root.spec === undefined || root.spec === null ? null : { ...(asMap(root.spec) ?? {}), $patch: 'replace' };
  return root.spec;
}

const EMPTY_SELECTOR = (): Selector => ({ matchLabels: {}, matchExpressions: [] });

/**
 * A NetworkPolicy patch, as merge2 applies it with the Kubernetes schema (no list of the spec has merge keys):
 * podSelector merges as a map (null deletes a label, `$patch: replace` or `delete` act on it); ingress, egress,
 * policyTypes and matchExpressions are replaced whole, null deletes them; `$patch: delete`/`replace` on spec
 * clear it or keep only what the patch writes. Rules the patch writes keep the patch file's spans and origin;
 * policyTypes that end up unwritten are defaulted from the merged egress, as the API server does.
 */
function patchPolicy(base: PolicyDraft, { obj, text, at }: PatchObject, options: Options): PolicyDraft | undefined {
  const inline = at !== undefined;
  const read = readPolicy({ ...obj, apiVersion: obj.apiVersion ?? 'networking.k8s.io/v1', name: obj.name ?? base.name }, text, options);
  // An inline patch's offsets index its string, not a file, and the rules look the policy's object up through its
  // origin (a missing DNS rule is reported at the base's egress key): the policy keeps the base's origin, and what
  // the patch writes has no place of its own (its findings and verdicts point at the base object).
  const p = read && inline ? { ...unspanned(read), origin: base.origin } : read;
  const patch = specPatch(obj);
  if (!p || patch === undefined) return undefined;
  const doc = obj.doc;
  const specNode = get(doc, obj.node, 'spec');
  const fields = asMap(patch);
  if (patch !== null && !fields) return undefined; // a spec that is no map: not a patch anyone could apply
  const mode = patch === null || fields?.$patch === 'delete' ? 'delete' : fields?.$patch === 'replace' ? 'replace' : 'merge';
  /** How the field comes out: the base's, the patch's, or absent. */
  const fate = (k: string): 'base' | 'patch' | 'gone' =>
    mode === 'delete' ? 'gone' : fields && k in fields ? (fields[k] === null ? 'gone' : 'patch') : mode === 'merge' ? 'base' : 'gone';
  const out: PolicyDraft = { ...base, origin: p.origin };

  const sel = fate('podSelector');
  if (sel === 'gone') out.podSelector = EMPTY_SELECTOR(); // not a pointer: absent decodes to every pod
  else if (sel === 'patch') out.podSelector = mergedSelector(mode === 'merge' ? base.podSelector : undefined, fields?.podSelector, text, get(doc, specNode, 'podSelector'), inline ? (base.podSelector.span ?? null) : undefined);
  for (const dir of ['ingress', 'egress'] as const) {
    const f = fate(dir);
    if (f === 'gone') out[dir] = [];
    else if (f === 'patch') out[dir] = p[dir];
  }
  const types = fate('policyTypes');
  if (types === 'patch' && p.policyTypesExplicit) {
    out.policyTypes = p.policyTypes;
    out.policyTypesExplicit = true;
  } else if (types !== 'base' || !base.policyTypesExplicit) {
    // Unwritten or empty: SetDefaults_NetworkPolicy on the merged object.
    out.policyTypes = out.egress.length > 0 ? ['ingress', 'egress'] : ['ingress'];
    out.policyTypesExplicit = false;
  }
  const invalid = [...(base.invalid ?? []), ...(p.invalid ?? [])];
  if (invalid.length > 0) out.invalid = invalid;
  else delete out.invalid;
  return out;
}

/** The podSelector merged as a map onto the base one (absent base: the patch's alone), read as the model reads one. */
/** `at`: where the merged selector points (null: nowhere); undefined: at the patch's own podSelector. */
function mergedSelector(base: Selector | undefined, patch: Json | undefined, text: string, node: unknown, at: Span | null | undefined): Selector {
  const from: JsonMap = {};
  if (base) {
    from.matchLabels = { ...base.matchLabels };
    if (base.matchExpressions.length > 0) from.matchExpressions = base.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, values: [...e.values] }));
  }
  const merged = strategicMerge(from, patch, noKeys);
  const doc = new Document(merged ?? {});
  const sel = readSelector(doc, doc.contents) ?? EMPTY_SELECTOR();
  delete sel.span;
  const span = at === undefined ? (trimmedSpan(text, node) ?? spanOf(node)) : (at ?? undefined);
  if (span) sel.span = span;
  // A base selector the API server rejects stays rejected unless the patch replaced it.
  if (base?.invalid && asMap(patch)?.$patch !== 'replace') sel.invalid ??= base.invalid;
  return sel;
}

/** `value` without its spans (the keys fingerprint.ts isOffsetKey names), the origin excepted (the caller sets it). */
function unspanned<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (!isOffsetKey(k)) out[k] = k === 'origin' ? x : walk(x);
    return out;
  };
  return walk(value) as T;
}
