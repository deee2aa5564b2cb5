// Small, alias-aware accessors over yaml nodes, so rules and the model read values and spans the same way.
import { isMap, isScalar, isSeq, type Alias, type Document, type Node, type Pair, type ParsedNode, type YAMLMap } from 'yaml';
import type { Span } from '../source.ts';

export type AnyNode = Node | ParsedNode | null | undefined;

// The library's node kinds (its identity.ts symbols, registered globally by name). The accessors below read a node's
// kind once and compare it, where isAlias, isMap, isSeq and isScalar each read it again: `get` read it six times
// for one value, and those reads (the kind is the node's own property or its prototype's: polymorphic) were about a
// tenth of a 2,000-file check's main thread.
// The fast reader (fast-nodes.ts) marks its nodes with the same symbols.
export const NODE_TYPE = Symbol.for('yaml.node.type');
export const ALIAS = Symbol.for('yaml.alias');
export const MAP = Symbol.for('yaml.map');
export const PAIR = Symbol.for('yaml.pair');
export const SCALAR = Symbol.for('yaml.scalar');
export const SEQ = Symbol.for('yaml.seq');

/** The node's kind symbol (what isMap and the others compare), undefined for anything else. */
function kindOf(node: unknown): symbol | undefined {
  return node !== null && typeof node === 'object' ? ((node as Record<symbol, unknown>)[NODE_TYPE] as symbol | undefined) : undefined;
}

/** Follows an alias to its anchor (one hop at a time, bounded so a cycle cannot loop). */
export function deref(doc: Document, node: unknown): Node | undefined {
  let cur: unknown = node;
  let kind = kindOf(cur);
  for (let i = 0; i < 16 && kind === ALIAS; i++) {
    cur = (cur as Alias).resolve(doc);
    kind = kindOf(cur);
  }
  return kind === MAP || kind === SEQ || kind === SCALAR ? (cur as Node) : undefined;
}

/** The pair whose key is the plain string `key`, or undefined. */
export function getPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const item of map.items) {
    if (kindOf(item) !== PAIR) continue;
    const k = item.key;
    if (kindOf(k) === SCALAR ? String((k as { value: unknown }).value) === key : k === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The (alias-resolved) value node of `key` in `map`. */
export function get(doc: Document, map: unknown, key: string): Node | undefined {
  const m = deref(doc, map);
  if (kindOf(m) !== MAP) return undefined;
  const pair = getPair(m as YAMLMap, key);
  return pair ? deref(doc, pair.value) : undefined;
}

/** A scalar's value as a string when it is a string (not a number, bool or null). */
export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A scalar's raw value (string, number, boolean, null), or undefined for collections and missing nodes. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Source span of a node (value range, without trailing comments). */
export function spanOf(node: unknown): Span | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** Span of a pair's key (to report a missing or unexpected value at its key). */
export function keySpan(pair: Pair): Span | undefined {
  return spanOf(pair.key);
}

/** Best span for a field: its value when present and non-empty, else its key. */
export function fieldSpan(pair: Pair): Span | undefined {
  const v = spanOf(pair.value);
  if (v && v.end > v.start) return v;
  return keySpan(pair);
}

/** The pairs of a map whose keys are plain scalars, in order, with their keys as strings. */
export function entries(doc: Document, map: unknown): { key: string; pair: Pair<Node, Node | null>; value: Node | undefined }[] {
  const m = deref(doc, map);
  if (kindOf(m) !== MAP) return [];
  const out: { key: string; pair: Pair<Node, Node | null>; value: Node | undefined }[] = [];
  for (const item of (m as YAMLMap).items) {
    if (kindOf(item) !== PAIR) continue;
    const k = (item as Pair).key;
    const key = kindOf(k) === SCALAR ? String((k as { value: unknown }).value) : undefined;
    if (key === undefined) continue;
    out.push({ key, pair: item as Pair<Node, Node | null>, value: deref(doc, (item as Pair).value) });
  }
  return out;
}

/** Items of a sequence, alias-resolved. */
export function seqItems(doc: Document, node: unknown): (Node | undefined)[] {
  const s = deref(doc, node);
  return isSeq(s) ? s.items.map((i) => deref(doc, i)) : [];
}

/** Describes a node's YAML type in words, for "expected a map, found a list" messages. */
export function describeType(node: unknown): string {
  if (node === undefined || node === null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'number') return 'a number';
    if (typeof v === 'boolean') return 'a boolean';
    return 'a string';
  }
  return 'an unknown value';
}
