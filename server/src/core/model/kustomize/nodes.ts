// kustomize's strategic merge over the YAML nodes, so the kind's own reader reads the result as it reads a written
// object. For kinds without schema (Gateway API, Cilium) maps merge, lists and scalars are replaced (merge2 infers no
// list keys for patches); with list keys (a Service's ports) keyed lists merge element by element; null and
// `$patch: delete` delete; `$patch: replace` replaces a map. Values a patch wrote are copies without source ranges
// (they have no place in the base file to point at).
import { isMap, isScalar, isSeq, Pair, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import { deref } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import type { Instance } from './build.ts';
import type { ListKeys } from './smp.ts';

/** A node copy without source ranges: patched values have no place in the base file to point at. */
function detached(doc: Document, node: unknown): Node | undefined {
  const n = deref(doc, node);
  if (!n) return undefined;
  const copy = n.clone() as Node;
  const strip = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    delete (x as { range?: unknown }).range;
    for (const item of (x as { items?: unknown[] }).items ?? []) {
      if (item instanceof Pair) {
        strip(item.key);
        strip(item.value);
      } else strip(item);
    }
  };
  strip(copy);
  return copy;
}

const keyOf = (p: Pair): string | undefined => (isScalar(p.key) ? String(p.key.value) : undefined);

/** A strategic-merge `$patch: delete` (kustomize's merge2 clears the node: a field, or the whole object). */
const DELETE = Symbol('delete');
type Merged = Node | undefined | typeof DELETE;

/** A map's own `$patch` value, or a sequence's (an element that is nothing but `$patch: ...`). */
function directiveOf(doc: Document, node: Node | undefined): string | undefined {
  const value = (m: unknown): string | undefined => {
    if (!isMap(m)) return undefined;
    const pair = m.items.find((x) => keyOf(x as Pair) === '$patch') as Pair | undefined;
    const v = pair ? deref(doc, pair.value) : undefined;
    return isScalar(v) ? String(v.value) : undefined;
  };
  if (isMap(node)) return value(node);
  if (isSeq(node)) {
    for (const item of node.items) {
      const m = deref(doc, item);
      if (isMap(m) && m.items.length === 1) {
        const v = value(m);
        if (v !== undefined) return v;
      }
    }
  }
  return undefined;
}

/** The patch node without its directive (merge2 elides it before using the node). */
function withoutDirective(doc: Document, node: Node): Node | undefined {
  const copy = detached(doc, node);
  if (isMap(copy)) copy.items = copy.items.filter((x) => keyOf(x as Pair) !== '$patch');
  if (isSeq(copy)) copy.items = copy.items.filter((x) => !(isMap(x) && x.items.length === 1 && keyOf(x.items[0] as Pair) === '$patch'));
  return copy;
}

/** A keyed list element's key value as kyaml compares it (absent: ''). */
function keyValue(doc: Document, m: YAMLMap, key: string): string {
  const pair = m.items.find((x) => keyOf(x as Pair) === key) as Pair | undefined;
  const v = pair ? deref(doc, pair.value) : undefined;
  return isScalar(v) && v.value !== null && v.value !== undefined ? String(v.value) : '';
}

/**
 * kyaml's element match for keyed lists (as smp.ts sameKeys): every key equal where both sides write it (a port
 * without protocol is its TCP entry), at least one equal.
 */
function sameElement(aDoc: Document, a: unknown, bDoc: Document, b: YAMLMap, keys: readonly string[]): boolean {
  const m = deref(aDoc, a);
  if (!isMap(m)) return false;
  let common = false;
  for (const k of keys) {
    const x = keyValue(aDoc, m, k);
    const y = keyValue(bDoc, b, k);
    if (x === y) common = true;
    else if (x !== '' && y !== '') return false;
  }
  return common;
}

/**
 * A keyed list (merge2 with the schema's list keys): each patch element merges into the base element with the
 * same keys, or is appended; `$patch: delete` in an element removes its match. Elements a patch wrote carry no
 * source range, so a later element merging into one reads it from the patch's document.
 */
function mergeKeyed(baseDoc: Document, b: YAMLSeq, patchDoc: Document, p: YAMLSeq, keys: readonly string[], path: readonly string[], listKeys: ListKeys): Node {
  const out = new YAMLSeq();
  out.range = b.range;
  const items: { node: unknown; doc: Document }[] = b.items.map((node) => ({ node, doc: baseDoc }));
  for (const el of p.items) {
    const m = deref(patchDoc, el);
    if (isMap(m) && m.items.length === 1 && keyOf(m.items[0] as Pair) === '$patch') continue; // the list's directive
    const at = isMap(m) ? items.findIndex((x) => sameElement(x.doc, x.node, patchDoc, m, keys)) : -1;
    if (at === -1) {
      if (directiveOf(patchDoc, m) !== 'delete') items.push({ node: withoutDirective(patchDoc, m as Node), doc: patchDoc });
      continue;
    }
    const into = items[at] as { node: unknown; doc: Document };
    const merged = merge(into.doc, into.node, patchDoc, m, listKeys, path);
    if (merged === DELETE || merged === undefined) items.splice(at, 1);
    else items[at] = { node: merged, doc: merged === into.node ? into.doc : patchDoc };
  }
  out.items = items.map((x) => x.node);
  return out;
}

/** kinds without schema: no list has keys. */
const noKeys: ListKeys = () => undefined;

/**
 * Merges `patch` into `base` the way kustomize's merge2 does: maps merge, lists with keys (`listKeys`, by the field
 * names from the object's root) merge by element, other lists and scalars are replaced, null deletes a field,
 * `$patch: delete` deletes (a field, or the object), `$patch: replace` replaces a map or list instead of merging it.
 */
function merge(baseDoc: Document, base: unknown, patchDoc: Document, patch: unknown, listKeys: ListKeys, path: readonly string[]): Merged {
  const b = deref(baseDoc, base);
  const p = deref(patchDoc, patch);
  const directive = directiveOf(patchDoc, p);
  if (directive === 'delete') return DELETE;
  // An equal scalar (the patch repeating metadata.name) keeps the base's node and its place in the file.
  if (isScalar(p) && isScalar(b) && p.value === b.value) return b;
  const keys = isSeq(p) && isSeq(b) && directive !== 'replace' ? listKeys(path) : undefined;
  if (keys && isSeq(p) && isSeq(b)) return mergeKeyed(baseDoc, b, patchDoc, p, keys, path, listKeys);
  if (directive !== undefined && p && (directive === 'replace' || !isMap(p) || !isMap(b))) return withoutDirective(patchDoc, p);
  if (!isMap(p) || !isMap(b)) return detached(patchDoc, p);
  const out = new YAMLMap();
  out.range = b.range;
  const items = new Map<string, Pair>();
  for (const pair of b.items) {
    const k = keyOf(pair as Pair);
    if (k !== undefined) items.set(k, pair as Pair);
  }
  for (const pair of p.items) {
    const k = keyOf(pair as Pair);
    if (k === undefined || k.startsWith('$')) continue; // patch directives ($patch, ...) are not values
    const value = deref(patchDoc, (pair as Pair).value);
    if (!value || (isScalar(value) && value.value === null)) {
      items.delete(k);
      continue;
    }
    const merged = merge(baseDoc, items.get(k)?.value, patchDoc, value, listKeys, [...path, k]);
    if (merged === DELETE) {
      items.delete(k);
      continue;
    }
    const keep = items.get(k);
    items.set(k, new Pair(keep?.key ?? detached(patchDoc, (pair as Pair).key), merged));
  }
  out.items = [...items.values()];
  return out;
}

/**
 * The object as its build's patches leave it; undefined when a patch deletes it (`$patch: delete`). `listKeys`: the
 * kind's keyed lists (kustomize knows the built-in kinds' schema); none for kinds without schema.
 */
export function patchedNodes(inst: Instance, listKeys: ListKeys = noKeys): ManifestObject | undefined {
  let node: YAMLMap = inst.obj.node;
  for (const p of inst.patches) {
    const m = merge(inst.obj.doc, node, p.obj.doc, p.obj.node, listKeys, []);
    if (m === DELETE) return undefined;
    if (isMap(m)) node = m;
  }
  return node === inst.obj.node && inst.name === inst.obj.name ? inst.obj : { ...inst.obj, node, name: inst.name };
}

