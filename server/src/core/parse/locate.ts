// Cursor -> YAML location (document, object, key/index path, key vs value vs map), shared by hover and completion.
// Works on any yaml Document, including ones with errors (the user is typing), and never throws.
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Span } from '../source.ts';
import type { ParsedFile } from './parse.ts';
import { get, scalarString, spanOf } from './access.ts';

export type PathSegment = string | number;

export interface YamlLocation {
  docIndex: number;
  doc: Document.Parsed;
  /** Keys and list indices from the document root to the cursor. */
  docPath: PathSegment[];
  /** The object holding the cursor: the root map, or the item of a `kind: List`; undefined when there is none. */
  object: YAMLMap | undefined;
  /** Keys and indices from `object` (docPath without the `items, i` prefix of a List item). */
  path: PathSegment[];
  /**
   * - `key`: on a map key; `path` ends with that key.
   * - `value`: on a scalar value (or an alias, or an empty value after `key:`); `path` ends with its key/index.
   * - `item`: on the `-` of a block list item; `path` ends with the item's index.
   * - `map`: inside the map at `path`, on no key (a place for a new key).
   * - `seq`: inside the list at `path`, between items (a place for a new item).
   * - `none`: on no node (an empty document).
   */
  on: 'key' | 'value' | 'item' | 'map' | 'seq' | 'none';
  /** The pair whose key or value holds the cursor. */
  pair?: Pair;
  /** The node under the cursor: key scalar, value, list item, or the map/list for `map`/`seq`. */
  node?: Node;
  /** The map the located key belongs to (for `map`: the map at `path`). */
  map?: YAMLMap;
  /** Span of what is under the cursor (key, value, or the `-` of an item). */
  span?: Span;
  /** Column of the keys of `map` (0 when there is no map). */
  indent: number;
}

const MAX_DEPTH = 64;

/** Index of the document holding `offset`: the last one starting at or before it (the first before any). */
export function docIndexAt(docs: readonly Document[], offset: number): number {
  let i = 0;
  for (let k = 0; k < docs.length; k++) if ((docs[k]?.range?.[0] ?? 0) <= offset) i = k;
  return i;
}

/** Where `offset` is in `file` (undefined when the file has no document). */
export function locate(file: Pick<ParsedFile, 'docs' | 'text'>, offset: number): YamlLocation | undefined {
  const docIndex = docIndexAt(file.docs, offset);
  const doc = file.docs[docIndex];
  return doc ? locateInDoc(file.text, doc, docIndex, offset) : undefined;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

function within(offset: number, s: Span | undefined): s is Span {
  return s !== undefined && offset >= s.start && offset <= s.end;
}

/** Inside a collection: block collections end after their last line break, which belongs to the next line. */
function insideCollection(text: string, offset: number, s: Span | undefined): s is Span {
  if (!s || offset < s.start || offset > s.end) return false;
  return offset < s.end || !(text[s.end - 1] === '\n');
}

interface Hit {
  path: PathSegment[];
  on: YamlLocation['on'];
  pair?: Pair;
  node?: Node;
  map?: YAMLMap;
  span?: Span;
}

/** Where `offset` is in one document of `text`. */
export function locateInDoc(text: string, doc: Document.Parsed, docIndex: number, offset: number): YamlLocation {
  const root = doc.contents as Node | null;
  let hit: Hit = { path: [], on: 'none' };
  try {
    if (root && (isMap(root) || isSeq(root)) && insideCollection(text, offset, spanOf(root))) hit = walk(text, root, offset, [], 0);
    else if (root && isScalar(root) && within(offset, spanOf(root))) hit = { path: [], on: 'value', node: root, span: spanOf(root) as Span };
  } catch {
    // A node shape we did not foresee: report "nowhere" rather than fail the request.
  }
  // Objects of a `kind: List` are its items: paths start there.
  let object: YAMLMap | undefined = root && isMap(root) ? root : undefined;
  let path = hit.path;
  if (object && /List$/.test(scalarString(get(doc, object, 'kind')) ?? '') && hit.path[0] === 'items' && typeof hit.path[1] === 'number') {
    const items = get(doc, object, 'items');
    const item = isSeq(items) ? items.items[hit.path[1]] : undefined;
    if (isMap(item)) {
      object = item;
      path = hit.path.slice(2);
    }
  }
  const loc: YamlLocation = { docIndex, doc, docPath: hit.path, object, path, on: hit.on, indent: 0 };
  if (hit.pair) loc.pair = hit.pair;
  if (hit.node) loc.node = hit.node;
  if (hit.map) {
    loc.map = hit.map;
    const ms = spanOf(hit.map);
    if (ms) loc.indent = columnOf(text, ms.start);
  }
  if (hit.span) loc.span = hit.span;
  return loc;
}

function walk(text: string, node: Node, offset: number, path: PathSegment[], depth: number): Hit {
  if (depth > MAX_DEPTH) return { path, on: 'value', node };
  if (isMap(node)) return walkMap(text, node, offset, path, depth);
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      const s = spanOf(item);
      if (item && (isMap(item) || isSeq(item)) && insideCollection(text, offset, s)) return walk(text, item, offset, [...path, i], depth + 1);
      if (item && !isMap(item) && !isSeq(item) && within(offset, s)) {
        return { path: [...path, i], on: 'value', node: item, span: s };
      }
      // The `-` of a block item (and the spaces up to its content).
      if (s && !node.flow) {
        const dash = text.lastIndexOf('-', s.start - 1);
        if (dash >= 0 && offset >= dash && offset < Math.max(s.start, dash + 1) && /^[ \t]*$/.test(text.slice(dash + 1, s.start).replace(/\r?\n[ \t]*/g, ''))) {
          const out: Hit = { path: [...path, i], on: 'item', span: { start: dash, end: dash + 1 } };
          if (item) out.node = item;
          return out;
        }
      }
    }
    return { path, on: 'seq', node };
  }
  return { path, on: 'value', node };
}

function walkMap(text: string, map: YAMLMap, offset: number, path: PathSegment[], depth: number): Hit {
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const ks = spanOf(item.key);
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    if (!ks || key === undefined) continue;
    const childPath = [...path, key];
    if (offset >= ks.start && offset <= ks.end) return { path: childPath, on: 'key', pair: item as Pair, node: item.key as Node, map, span: ks };
    if (offset <= ks.end) continue;
    const value = item.value as Node | null;
    const vs = spanOf(value);
    if (value && (isMap(value) || isSeq(value)) && insideCollection(text, offset, vs)) return walk(text, value, offset, childPath, depth + 1);
    if (value && !isMap(value) && !isSeq(value) && within(offset, vs)) {
      return { path: childPath, on: 'value', pair: item as Pair, node: value, map, span: vs };
    }
    // Between `key:` and an absent or later value, on the key's line: typing the value.
    const valueStart = vs ? vs.start : Infinity;
    if (offset < valueStart && !text.slice(ks.end, offset).includes('\n') && text.slice(ks.end, offset).includes(':')) {
      const out: Hit = { path: childPath, on: 'value', pair: item as Pair, map, span: { start: offset, end: offset } };
      if (value) out.node = value;
      return out;
    }
  }
  return { path, on: 'map', node: map, map };
}
