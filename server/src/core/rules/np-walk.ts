// Walks the parts of a NetworkPolicy (rules, peers, ports, selectors) with their field paths, for the rules.
import { isMap, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { deref, get, getPair } from '../parse/access.ts';
import { slot } from '../slots.ts';
import type { ManifestObject } from '../parse/parse.ts';

export type Direction = 'ingress' | 'egress';

export interface NpItem {
  /** Field path for messages, e.g. `spec.ingress[0].from[1]`. */
  path: string;
  index: number;
  /** The item node, alias-resolved (may be any node type: rules check it). */
  node: Node | undefined;
}

export interface NpRule extends NpItem {
  direction: Direction;
  /** `from` (ingress) or `to` (egress) items. */
  peers: NpItem[];
  ports: NpItem[];
}

export interface NpParts {
  doc: Document;
  /** `spec` when it is a map. */
  spec: YAMLMap | undefined;
  rules: NpRule[];
}

function items(doc: Document, parent: unknown, key: string, basePath: string): NpItem[] {
  const seq = get(doc, parent, key);
  if (!isSeq(seq)) return [];
  return seq.items.map((n, index) => ({ path: `${basePath}.${key}[${index}]`, index, node: deref(doc, n) }));
}

// About nine callers (file rules, workspace rules, fixes) walk the same policy: walked once per parsed object.
// Lifetime: the parsed object's (a slot on it, core/slots.ts).
const PARTS = slot<ManifestObject, NpParts>();

/**
 * The rules, peers and ports of a NetworkPolicy; malformed parts are simply absent (other rules report them).
 * Memoised per object (a parse makes new objects): callers read the result, never change it.
 */
export function npParts(obj: ManifestObject): NpParts {
  let parts = PARTS.get(obj);
  if (!parts) {
    parts = walkParts(obj);
    PARTS.set(obj, parts);
  }
  return parts;
}

/** Forgets the object's walked parts, which hold its tree's nodes (its trees are let go: core/offload.ts dropOwnTrees). */
export function forgetNpParts(obj: ManifestObject): void {
  if (PARTS.get(obj)) PARTS.set(obj, undefined as unknown as NpParts);
}

function walkParts(obj: ManifestObject): NpParts {
  const doc = obj.doc;
  const specNode = get(doc, obj.node, 'spec');
  const spec = isMap(specNode) ? specNode : undefined;
  const rules: NpRule[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    for (const item of items(doc, spec, direction, 'spec')) {
      const peerKey = direction === 'ingress' ? 'from' : 'to';
      rules.push({
        ...item,
        direction,
        peers: isMap(item.node) ? items(doc, item.node, peerKey, item.path) : [],
        ports: isMap(item.node) ? items(doc, item.node, 'ports', item.path) : [],
      });
    }
  }
  return { doc, spec, rules };
}

export interface SelectorRef {
  /** Field path of the selector, e.g. `spec.podSelector` or `spec.egress[0].to[1].namespaceSelector`. */
  path: string;
  node: Node | undefined;
  /** Whether it selects pods or namespaces (label completion and hover care). */
  selects: 'pods' | 'namespaces';
}

/** Every label selector of a NetworkPolicy: spec.podSelector and each peer's pod/namespace selectors. */
export function npSelectors(obj: ManifestObject): SelectorRef[] {
  const parts = npParts(obj);
  const out: SelectorRef[] = [];
  if (parts.spec && getPair(parts.spec, 'podSelector')) {
    out.push({ path: 'spec.podSelector', node: get(parts.doc, parts.spec, 'podSelector'), selects: 'pods' });
  }
  for (const rule of parts.rules) {
    for (const peer of rule.peers) {
      if (!isMap(peer.node)) continue;
      for (const [key, selects] of [['podSelector', 'pods'], ['namespaceSelector', 'namespaces']] as const) {
        if (getPair(peer.node, key)) out.push({ path: `${peer.path}.${key}`, node: get(parts.doc, peer.node, key), selects });
      }
    }
  }
  return out;
}
