// Facts from the workspace model for completion: the policy's namespace, the pods or namespaces a selector
// speaks about (for label keys/values), and the destination pods of a rule's ports (for named ports).
import { isMap, isSeq, type Document } from 'yaml';
import { irPeerWorkloads, subjectWorkloads } from '../policy/select.ts';
import { readSelector } from '../model/read.ts';
import type { Model, Selector, Workload } from '../model/types.ts';
import { deref, get, getPair, scalarString, seqItems } from '../parse/access.ts';
import type { PathSegment, YamlLocation } from '../parse/locate.ts';

/** A node below the located object, by path; an alias is read as the node it names, as the readers do. */
export function nodeAtPath(loc: YamlLocation, path: readonly PathSegment[]): unknown {
  let cur: unknown = loc.object;
  for (const seg of path) {
    if (typeof seg === 'number') cur = isSeq(cur) ? deref(loc.doc, cur.items[seg]) : undefined;
    else cur = isMap(cur) ? get(loc.doc, cur, seg) : undefined;
    if (cur === undefined || cur === null) return undefined;
  }
  return cur;
}

export function policyNamespace(loc: YamlLocation, model: Model, uri: string, defaultNamespace: string): string {
  const written = scalarString(get(loc.doc, get(loc.doc, loc.object, 'metadata'), 'namespace'));
  return written || model.fileNamespaces?.get(uri)?.[0] || defaultNamespace;
}

/** Labeled things a selector can match, with a short "who" for details. */
export interface Labeled {
  labels: Readonly<Record<string, string>>;
  who: string;
}

/** A selector as far as it reads; half-typed parts (which make it invalid) are not held against it here. */
function selectorNode(doc: Document, node: unknown): Selector {
  const sel = readSelector(doc, node) ?? { matchLabels: {}, matchExpressions: [] };
  const { invalid: _invalid, ...rest } = sel;
  return rest;
}

/**
 * What the selector at `selPath` (ending with podSelector or namespaceSelector) selects from: namespaces for a
 * namespaceSelector; for a podSelector, the pods of the policy namespace, or of the namespaces the sibling
 * namespaceSelector matches.
 */
export function selectorCandidates(loc: YamlLocation, selPath: readonly PathSegment[], model: Model, policyNs: string): readonly Labeled[] {
  const last = selPath[selPath.length - 1];
  if (last === 'namespaceSelector') {
    return memo(model, 'namespaces', () => [...model.namespaces.values()].map((ns) => ({ labels: ns.labels, who: `namespace ${ns.name}` })));
  }
  const peer = selPath.length > 1 ? nodeAtPath(loc, selPath.slice(0, -1)) : undefined;
  const nsNode = selPath[0] === 'spec' && selPath.length > 2 && isMap(peer) && getPair(peer, 'namespaceSelector') ? get(loc.doc, peer, 'namespaceSelector') : undefined;
  if (nsNode !== undefined) return podsOf(model, { kind: 'selector', selector: selectorNode(loc.doc, nsNode) });
  return memo(model, `pods of ${policyNs}`, () => podsOf(model, { kind: 'names', names: [policyNs] }));
}

function podsOf(model: Model, namespaces: { kind: 'names'; names: string[] } | { kind: 'selector'; selector: Selector }): Labeled[] {
  const workloads = irPeerWorkloads(model, { kind: 'endpoints', namespaces, labels: 'pod', index: 0 });
  return workloads.map((w) => ({ labels: w.podLabels, who: `${w.kind === 'ClusterWorkload' ? '' : `${w.kind} `}${w.namespace}/${w.name}` }));
}

// Candidates per model (a model never changes once built): each completion request in a namespace of thousands of
// pods would otherwise list and label them all again, a cost that grew with the workspace.
const CANDIDATES = new WeakMap<Model, Map<string, readonly Labeled[]>>();

function memo(model: Model, key: string, make: () => readonly Labeled[]): readonly Labeled[] {
  let byKey = CANDIDATES.get(model);
  if (!byKey) CANDIDATES.set(model, (byKey = new Map()));
  let hit = byKey.get(key);
  if (!hit) byKey.set(key, (hit = make()));
  return hit;
}

/** Destination workloads of spec.<dir>[i].ports: the selected pods (ingress) or the peers' pods (egress). */
export function portDestinations(loc: YamlLocation, dir: 'ingress' | 'egress', ruleIndex: number, model: Model, policyNs: string): Workload[] {
  const doc = loc.doc;
  if (dir === 'ingress') {
    const selector = selectorNode(doc, nodeAtPath(loc, ['spec', 'podSelector']));
    return [...subjectWorkloads(model, { namespaces: { kind: 'names', names: [policyNs] }, selector, labels: 'pod' })];
  }
  const to = nodeAtPath(loc, ['spec', 'egress', ruleIndex, 'to']);
  if (!isSeq(to) || to.items.length === 0) return model.workloads;
  const out = new Set<Workload>();
  // Peers written as aliases are peers too (the NetworkPolicy reader reads `to` through seqItems).
  for (const peer of seqItems(doc, to)) {
    if (!isMap(peer) || getPair(peer, 'ipBlock')) continue;
    const podNode = get(doc, peer, 'podSelector');
    const nsNode = get(doc, peer, 'namespaceSelector');
    if (podNode === undefined && nsNode === undefined) continue;
    const selector = selectorNode(doc, podNode);
    const namespaces = nsNode === undefined ? { kind: 'names' as const, names: [policyNs] } : { kind: 'selector' as const, selector: selectorNode(doc, nsNode) };
    for (const w of irPeerWorkloads(model, { kind: 'endpoints', namespaces, selector, labels: 'pod', index: 0 })) out.add(w);
  }
  return [...out];
}
