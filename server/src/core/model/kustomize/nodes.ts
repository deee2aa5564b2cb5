// kustomize's strategic merge for kinds it has no schema for (Gateway API, Cilium): over the YAML nodes, so the
// kind's own reader reads the result as it reads a written object. Maps merge; lists and scalars are replaced (merge2
// infers no list keys for patches); null and `$patch: delete` delete; `$patch: replace` replaces a map. Values a
// patch wrote are copies without source ranges (they have no place in the base file to point at).
import { isMap, isScalar, isSeq, Pair, YAMLMap, type Document, type Node } from 'yaml';
import { deref } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import type { Instance } from './build.ts';

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

/**
 * Merges `patch` into `base` the way kustomize's merge2 does for a kind without schema: maps merge, lists and
 * scalars are replaced, null deletes a field, `$patch: delete` deletes (a field, or the object), `$patch: replace`
 * replaces a map instead of merging it.
 */
function merge(baseDoc: Document, base: unknown, patchDoc: Document, patch: unknown): Merged {
  const b = deref(baseDoc, base);
  const p = deref(patchDoc, patch);
  const directive = directiveOf(patchDoc, p);
  if (directive === 'delete') return DELETE;
  // An equal scalar (the patch repeating metadata.name) keeps the base's node and its place in the file.
  if (isScalar(p) && isScalar(b) && p.value === b.value) return b;
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
    const merged = merge(baseDoc, items.get(k)?.value, patchDoc, value);
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

/** The object as its build's patches leave it; undefined when a patch deletes it (`$patch: delete`). */
export function patchedNodes(inst: Instance): ManifestObject | undefined {
  let node: YAMLMap = inst.obj.node;
  for (const p of inst.patches) {
    const m = merge(inst.obj.doc, node, p.obj.doc, p.obj.node);
    if (m === DELETE) return undefined;
    if (isMap(m)) node = m;
  }
  return node === inst.obj.node && inst.name === inst.obj.name ? inst.obj : { ...inst.obj, node, name: inst.name };
}

