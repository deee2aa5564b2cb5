// Walks the parts of a CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (specs, rules, port rules) with paths.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { deref, get, getPair } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';

export type CiliumSection = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';
export const CILIUM_SECTIONS: readonly CiliumSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/** The L3 peer fields of one direction, in Cilium's names (one kind per rule). */
export const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups'] as const;
export const EGRESS_PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toGroups', 'toNodes'] as const;

export interface CiliumSpec {
  /** `spec` or `specs[2]`. */
  path: string;
  node: YAMLMap;
}

export interface CiliumRule {
  path: string;
  section: CiliumSection;
  ingress: boolean;
  deny: boolean;
  node: YAMLMap;
  spec: CiliumSpec;
}

export interface CiliumPortRule {
  path: string;
  node: YAMLMap;
  rule: CiliumRule;
}

/** `spec` and each `specs` item that is a map. */
export function ciliumSpecs(obj: ManifestObject): CiliumSpec[] {
  const doc = obj.doc;
  const out: CiliumSpec[] = [];
  const spec = get(doc, obj.node, 'spec');
  if (isMap(spec)) out.push({ path: 'spec', node: spec });
  const specs = get(doc, obj.node, 'specs');
  if (isSeq(specs)) {
    specs.items.forEach((raw, i) => {
      const n = deref(doc, raw);
      if (isMap(n)) out.push({ path: `specs[${i}]`, node: n });
    });
  }
  return out;
}

/** Every rule (ingress, ingressDeny, egress, egressDeny items that are maps) of every spec. */
export function ciliumRules(obj: ManifestObject): CiliumRule[] {
  const doc = obj.doc;
  const out: CiliumRule[] = [];
  for (const spec of ciliumSpecs(obj)) {
    for (const section of CILIUM_SECTIONS) {
      const list = get(doc, spec.node, section);
      if (!isSeq(list)) continue;
      list.items.forEach((raw, i) => {
        const n = deref(doc, raw);
        if (isMap(n)) out.push({ path: `${spec.path}.${section}[${i}]`, section, ingress: section.startsWith('ingress'), deny: section.endsWith('Deny'), node: n, spec });
      });
    }
  }
  return out;
}

/** The toPorts items (maps) of a rule. */
export function portRules(doc: Document, rule: CiliumRule): CiliumPortRule[] {
  const list = get(doc, rule.node, 'toPorts');
  if (!isSeq(list)) return [];
  const out: CiliumPortRule[] = [];
  list.items.forEach((raw, i) => {
    const n = deref(doc, raw);
    if (isMap(n)) out.push({ path: `${rule.path}.toPorts[${i}]`, node: n, rule });
  });
  return out;
}

/** A list field that holds at least one item (Cilium counts `len(list) > 0`: an empty list is no peer kind). */
export function nonEmptyList(doc: Document, map: YAMLMap, key: string): boolean {
  const v = get(doc, map, key);
  return isSeq(v) && v.items.length > 0;
}

/** The pair of `key` in `map` (for key spans). */
export function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return getPair(map, key);
}

/** A scalar's string value (numbers as written), or undefined. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}
