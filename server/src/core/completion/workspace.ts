// Facts from the workspace model for completion: the policy's namespace, the pods or namespaces a selector
// speaks about (for label keys/values), and the destination pods of a rule's ports (for named ports).
import { isMap, isSeq, type Document } from 'yaml';
import { matchesSelector } from '../connectivity/selectors.ts';
import { namespaceLabels } from '../connectivity/memo.ts';
import { readSelector } from '../model/read.ts';
import type { Model, Selector, Workload } from '../model/types.ts';
import { get, getPair, scalarString } from '../parse/access.ts';
import type { PathSegment, YamlLocation } from '../parse/locate.ts';

/** A node below the located object, by path. */
export function nodeAtPath(loc: YamlLocation, path: readonly PathSegment[]): unknown {
  let cur: unknown = loc.object;
  for (const seg of path) {
    if (typeof seg === 'number') cur = isSeq(cur) ? cur.items[seg] : undefined;
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

function inNamespaces(model: Model, namespaces: (ns: string) => boolean): Workload[] {
  return model.workloads.filter((w) => namespaces(w.namespace));
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
export function selectorCandidates(loc: YamlLocation, selPath: readonly PathSegment[], model: Model, policyNs: string): Labeled[] {
  const last = selPath[selPath.length - 1];
  if (last === 'namespaceSelector') {
    return [...model.namespaces.values()].map((ns) => ({ labels: ns.labels, who: `namespace ${ns.name}` }));
  }
  const peer = selPath.length > 1 ? nodeAtPath(loc, selPath.slice(0, -1)) : undefined;
  const nsNode = selPath[0] === 'spec' && selPath.length > 2 && isMap(peer) && getPair(peer, 'namespaceSelector') ? get(loc.doc, peer, 'namespaceSelector') : undefined;
  let workloads: Workload[];
  if (nsNode !== undefined) {
    const sel = selectorNode(loc.doc, nsNode);
    workloads = inNamespaces(model, (ns) => matchesSelector(sel, namespaceLabels(model, ns)));
  } else {
    workloads = inNamespaces(model, (ns) => ns === policyNs);
  }
  return workloads.map((w) => ({ labels: w.podLabels, who: `${w.kind === 'ClusterWorkload' ? '' : `${w.kind} `}${w.namespace}/${w.name}` }));
}

/** Destination workloads of spec.<dir>[i].ports: the selected pods (ingress) or the peers' pods (egress). */
export function portDestinations(loc: YamlLocation, dir: 'ingress' | 'egress', ruleIndex: number, model: Model, policyNs: string): Workload[] {
  const doc = loc.doc;
  if (dir === 'ingress') {
    const sel = selectorNode(doc, nodeAtPath(loc, ['spec', 'podSelector']));
    return model.workloads.filter((w) => w.namespace === policyNs && matchesSelector(sel, w.podLabels));
  }
  const to = nodeAtPath(loc, ['spec', 'egress', ruleIndex, 'to']);
  if (!isSeq(to) || to.items.length === 0) return model.workloads;
  const out = new Set<Workload>();
  for (const peer of to.items) {
    if (!isMap(peer) || getPair(peer, 'ipBlock')) continue;
    const podNode = get(doc, peer, 'podSelector');
    const nsNode = get(doc, peer, 'namespaceSelector');
    if (podNode === undefined && nsNode === undefined) continue;
    const pod = selectorNode(doc, podNode);
    const ns = nsNode === undefined ? undefined : selectorNode(doc, nsNode);
    for (const w of model.workloads) {
      const nsOk = ns ? matchesSelector(ns, namespaceLabels(model, w.namespace)) : w.namespace === policyNs;
      if (nsOk && matchesSelector(pod, w.podLabels)) out.add(w);
    }
  }
  return [...out];
}
