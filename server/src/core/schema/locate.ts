// Finds the field path under an offset (for hover docs and key completion), so adapters can ask the schema about it.
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { deref, spanOf } from '../parse/access.ts';
import type { PathSegment } from './types.ts';

export interface FieldLocation {
  /** Path from the object root, e.g. ['spec', 'ingress', 0, 'from']. */
  path: PathSegment[];
  /**
   * `key`: the offset is on the key that ends `path`; `value`: on a scalar value at `path`;
   * `map`: inside the map at `path` but on no key (a place to complete a new key).
   */
  on: 'key' | 'value' | 'map';
  /** The pair whose key or value holds the offset, when there is one. */
  pair?: Pair;
  node?: Node;
}

const MAX_DEPTH = 64;

function within(offset: number, start: number, end: number): boolean {
  return offset >= start && offset <= end;
}

/** The field at `offset` inside `root` (an object's map), or undefined when the offset is outside it. */
export function locateField(doc: Document, root: Node, offset: number): FieldLocation | undefined {
  const rs = spanOf(root);
  if (!rs || !within(offset, rs.start, rs.end)) return undefined;
  return locate(doc, root, offset, [], 0);
}

function locate(doc: Document, node: Node, offset: number, path: PathSegment[], depth: number): FieldLocation {
  if (depth > MAX_DEPTH) return { path, on: 'value', node };
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const ks = spanOf(item.key);
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      if (!ks || key === undefined) continue;
      const childPath = [...path, key];
      if (within(offset, ks.start, ks.end)) return { path: childPath, on: 'key', pair: item as Pair };
      const vNode = item.value as Node | null;
      const vs = spanOf(vNode);
      if (vs && within(offset, vs.start, vs.end) && offset > ks.end) {
        const value = deref(doc, vNode);
        // Through an alias the text under the cursor is the alias itself; report it as the value.
        if (value && value === vNode && (isMap(value) || isSeq(value))) return locate(doc, value, offset, childPath, depth + 1);
        return { path: childPath, on: 'value', pair: item as Pair, ...(value ? { node: value } : {}) };
      }
    }
    return { path, on: 'map', node };
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      const s = spanOf(item);
      if (item && s && within(offset, s.start, s.end)) {
        if (isMap(item) || isSeq(item)) return locate(doc, item, offset, [...path, i], depth + 1);
        return { path: [...path, i], on: 'value', node: item };
      }
    }
  }
  return { path, on: 'value', node };
}
