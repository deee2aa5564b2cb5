// Shared lookups for the semantic (workspace) rules: a policy's source object, the workloads its selectors
// pick, the DNS workloads from settings, and a stand-in pod for a policy that selects nothing in the workspace.
import { isMap, isPair, isSeq, type Node } from 'yaml';
import { matchesSelector, memoOf, peerNamespaceNames, peerWorkloads as selectPeerWorkloads, selectedWorkloads as selectSelected } from '../policy/select.ts';
import type { Model, Peer, Policy, Selector, Workload } from '../model/types.ts';
import type { PolicyIR } from '../policy/types.ts';
import type { Options } from '../options.ts';
import { get, getPair } from '../parse/access.ts';
import type { ManifestObject, ParsedFile } from '../parse/parse.ts';
import { npParts, type NpItem, type NpRule } from './np-walk.ts';
import { slot } from '../slots.ts';
export { opaqueNamespaces } from '../model/deployers.ts';

/** The object a policy was read from (undefined for policies not from a file, or files not in the map). */
export function policyObject(files: ReadonlyMap<string, ParsedFile>, p: Policy | PolicyIR): ManifestObject | undefined {
  const o = p.origin;
  if (o.kind !== 'file' || o.docIndex === undefined) return undefined;
  const file = files.get(o.uri);
  // The first object at the place, as a scan from the start finds it.
  return file && objectsByDocument(file).get(o.docIndex)?.find((x) => x.listIndex === o.listIndex && x.span.start === o.span.start);
}

// A file's objects by document (one each, but a List's items), built once per parse: rules look up the object of
// every policy they report on, and scanning the objects each time was quadratic in a file of thousands of policies.
// Keyed by number: a string key per object took 4-9 ms at once for the 8,000 objects of the near-limit file.
// A slot on the parse, not a WeakMap: the objects hold their parse, and a WeakMap value that holds its own key
// survives every scavenge until a full GC (core/slots.ts).
const BY_DOCUMENT = slot<ParsedFile, Map<number, ManifestObject[]>>();

function objectsByDocument(file: ParsedFile): Map<number, ManifestObject[]> {
  let map = BY_DOCUMENT.get(file);
  if (!map) {
    map = new Map();
    for (const x of file.objects) {
      const list = map.get(x.docIndex);
      if (list) list.push(x);
      else map.set(x.docIndex, [x]);
    }
    BY_DOCUMENT.set(file, map);
  }
  return map;
}

export function isValidPolicy(p: Policy): boolean {
  return !p.invalid || p.invalid.length === 0;
}

/** Workloads declared in the repository (not the cluster workloads from settings). */
export function isRepoWorkload(w: Workload): boolean {
  return w.kind !== 'ClusterWorkload';
}

/** Workloads by namespace, built once per rule run so selector lookups scan one namespace, not the workspace. */
export interface WsIndex {
  model: Model;
  byNamespace: Map<string, Workload[]>;
  /** Namespaces in which the repository declares workloads. */
  repoNamespaces: Set<string>;
}

export function indexModel(model: Model): WsIndex {
  // Every workspace rule asks for it in the same analysis: built once per model (it lives on the model's memo).
  const memo = memoOf(model);
  if (memo.wsIndex) return memo.wsIndex as WsIndex;
  const byNamespace = new Map<string, Workload[]>();
  const repoNamespaces = new Set<string>();
  for (const w of model.workloads) {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(w);
    else byNamespace.set(w.namespace, [w]);
    if (isRepoWorkload(w)) repoNamespaces.add(w.namespace);
  }
  const ix: WsIndex = { model, byNamespace, repoNamespaces };
  memo.wsIndex = ix;
  return ix;
}

/** Whether the workspace declares workloads in `ns` (the condition for "selects nothing" findings). */
export function namespaceHasWorkloads(ix: WsIndex, ns: string): boolean {
  return ix.repoNamespaces.has(ns);
}

/** Workloads (repository and settings) whose pods the policy's spec.podSelector selects (memoised on the model). */
export function selectedWorkloads(ix: WsIndex, p: Policy | PolicyIR): readonly Workload[] {
  return selectSelected(ix.model, p);
}

/**
 * Workloads a selector peer matches: pods of the namespaces it names (its namespaceSelector's, else the
 * policy's) that its podSelector (if any) matches. ipBlock and invalid peers match none here. Memoised on the model.
 */
export function peerWorkloads(ix: WsIndex, p: Policy, peer: Peer): readonly Workload[] {
  return selectPeerWorkloads(ix.model, p, peer);
}

/** Namespaces (of the model) a selector peer speaks about: its namespaceSelector's matches, or the policy's. */
export function peerNamespaces(model: Model, p: Policy, peer: Peer): string[] {
  return peerNamespaceNames(model, p, peer);
}

/**
 * The cluster DNS: the workloads of `netlens.cluster.workloads` named kube-dns or labelled k8s-app=kube-dns,
 * as they stand in the model (a repository workload with the same namespace/name replaces the setting).
 */
export function dnsWorkloads(model: Model, options: Options): Workload[] {
  const entries = options.clusterWorkloads.filter((c) => c.name === 'kube-dns' || c.labels['k8s-app'] === 'kube-dns');
  const ids = new Set(entries.map((c) => `${c.namespace}/${c.name}`));
  const seen = new Set<string>();
  // Only the namespaces the settings name: a scan of every workload per rule run adds up in large repositories.
  const candidates = [...new Set(entries.map((c) => c.namespace))].flatMap((ns) => indexModel(model).byNamespace.get(ns) ?? []);
  return candidates.filter((w) => ids.has(w.id) && !seen.has(w.id) && (seen.add(w.id), true));
}

/** The settings entry the DNS fix targets (namespace and pod labels). */
export function dnsTarget(options: Options): { namespace: string; labels: Record<string, string> } | undefined {
  const c = options.clusterWorkloads.find((x) => x.name === 'kube-dns' || x.labels['k8s-app'] === 'kube-dns');
  return c ? { namespace: c.namespace, labels: c.labels } : undefined;
}

/**
 * A stand-in pod for a policy that selects no workload of the workspace: the minimal labels its podSelector
 * requires (matchLabels, one value of each `In`, a placeholder for `Exists`; keys under NotIn/DoesNotExist
 * left out). Undefined when no pod can satisfy the selector.
 */
export function hypotheticalPod(p: Policy): Workload | undefined {
  const labels = standInLabels(p.podSelector);
  const w: Workload = {
    id: `${p.namespace}/(pods of ${p.name})`,
    kind: 'Pod',
    namespace: p.namespace,
    name: `(pods of ${p.name})`,
    podLabels: labels,
    ports: [],
    origin: { kind: 'implied' },
  };
  return matchesSelector(p.podSelector, w.podLabels) ? w : undefined;
}

/**
 * The labels a stand-in pod carries to match `sel`: its matchLabels, the first value of each `In`, a placeholder for
 * `Exists` (NotIn and DoesNotExist hold without a label). The caller checks that the result matches.
 */
export function standInLabels(sel: Pick<Selector, 'matchLabels' | 'matchExpressions'>): Record<string, string> {
  const labels: Record<string, string> = { ...sel.matchLabels };
  for (const r of sel.matchExpressions) {
    if (r.operator === 'In' && !Object.hasOwn(labels, r.key) && r.values[0] !== undefined) labels[r.key] = r.values[0];
    if (r.operator === 'Exists' && !Object.hasOwn(labels, r.key)) labels[r.key] = 'any';
  }
  return labels;
}

/** `a=b, c=d` for messages (`no labels` when empty). */
export function showLabels(labels: Record<string, string>): string {
  const e = Object.entries(labels);
  return e.length > 0 ? e.map(([k, v]) => `${k}=${v}`).join(', ') : 'no labels';
}

/** Up to `max` names, then "and N more". */
export function listNames(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** The rule item of a policy object at (direction, index), from the source (for spans of ports and peers). */
export function ruleNode(obj: ManifestObject, direction: 'ingress' | 'egress', index: number): NpRule | undefined {
  return npParts(obj).rules.find((r) => r.direction === direction && r.index === index);
}

/** The `port:` value node of a rule's port item. */
export function portValueNode(obj: ManifestObject, item: NpItem | undefined): Node | undefined {
  return item && isMap(item.node) ? get(obj.doc, item.node, 'port') : undefined;
}

/** spec's pair `key` of a policy object (for key spans). */
export function specPair(obj: ManifestObject, key: string) {
  const spec = get(obj.doc, obj.node, 'spec');
  return isMap(spec) ? getPair(spec, key) : undefined;
}

/** Keeps the first of identical findings (the same object placed in several namespaces by kustomize). */
export function dedupe<T extends { uri: string; span: { start: number; end: number }; message: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = `${r.uri}\u0000${r.span.start}\u0000${r.span.end}\u0000${r.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Where a policy's egress findings go: its `egress` key when written, else the `Egress` entry of
 * policyTypes, else its name. Short on purpose: the whole policy would drown the editor in squiggles.
 */
export function egressSpan(obj: ManifestObject): { start: number; end: number } {
  const egress = specPair(obj, 'egress');
  const k = egress?.key as { range?: [number, number, number] } | undefined;
  if (k?.range) return { start: k.range[0], end: k.range[1] };
  const types = specPair(obj, 'policyTypes');
  const seq = types?.value as { items?: unknown[] } | undefined;
  for (const item of seq?.items ?? []) {
    const s = item as { value?: unknown; range?: [number, number, number] };
    if (s.value === 'Egress' && s.range) return { start: s.range[0], end: s.range[1] };
  }
  const meta = get(obj.doc, obj.node, 'metadata');
  const name = isMap(meta) ? (get(obj.doc, meta, 'name') as { range?: [number, number, number] } | undefined) : undefined;
  if (name?.range) return { start: name.range[0], end: name.range[1] };
  return obj.span;
}

/** A node's span without the trailing comments and line breaks a block collection's range takes in. */
export function contentSpan(node: unknown): { start: number; end: number } | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  if (!r) return undefined;
  return { start: r[0], end: contentEnd(node) ?? r[1] };
}

function contentEnd(node: unknown): number | undefined {
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1];
    if (last === undefined) return undefined;
    if (isPair(last)) return contentEnd(last.value) ?? (last.key as { range?: number[] } | null)?.range?.[1];
    return contentEnd(last);
  }
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[1];
}
