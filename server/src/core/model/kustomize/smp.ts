// kustomize's strategic merge (kyaml merge2 with the Kubernetes schema's list keys) over plain values, for the
// patched workloads and NetworkPolicies the model reads: maps merge, null deletes a field, `$patch: delete` deletes
// a map (or a list element, or the list), `$patch: replace` replaces a map or a list, keyed lists merge by their
// keys, every other list is replaced whole.
import type { Document } from 'yaml';
import { deref } from '../../parse/access.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

/** The merge keys of a list, by the field names leading to it; undefined: a list replaced whole. */
export type ListKeys = (path: readonly string[]) => readonly string[] | undefined;

const isMap = (v: Json | undefined): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
const DIRECTIVE = '$patch';

/**
 * List keys of the pod spec from the Kubernetes schema kustomize ships (x-kubernetes-patch-strategy: merge):
 * containers by name, their ports by [containerPort, protocol] (x-kubernetes-list-map-keys, which kyaml prefers
 * to the patch merge key). Only lists the model reads need keys; the others would be replaced the same way.
 */
export const podSpecListKeys: ListKeys = (path) => {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'containers' || last === 'initContainers' || last === 'ephemeralContainers') return ['name'];
  if (last === 'ports' && (parent === 'containers' || parent === 'initContainers')) return ['containerPort', 'protocol'];
  return undefined;
};

/** Service ports merge by port and protocol (the Kubernetes schema's list-map keys, which kyaml prefers). */
export const serviceListKeys: ListKeys = (path) => (path.length === 2 && path[0] === 'spec' && path[1] === 'ports' ? ['port', 'protocol'] : undefined);

/** A node as plain data (aliases resolved), or undefined when absent or not convertible. */
export function toJson(doc: Document, node: unknown): Json | undefined {
  const n = deref(doc, node);
  if (!n) return undefined;
  try {
    return n.toJS(doc, { maxAliasCount: 100 }) as Json;
  } catch {
    return undefined;
  }
}

function directive(v: Json | undefined): string | undefined {
  return isMap(v) && typeof v[DIRECTIVE] === 'string' ? v[DIRECTIVE] : undefined;
}

/** A list's own directive: an element that is nothing but `$patch: ...` (merge2's sequence directive). */
function listDirective(list: Json[]): { value: string; index: number } | undefined {
  const index = list.findIndex((e) => isMap(e) && Object.keys(e).length === 1 && typeof e[DIRECTIVE] === 'string');
  return index === -1 ? undefined : { value: (list[index] as JsonMap)[DIRECTIVE] as string, index };
}

/**
 * `patch` merged onto `dest` (undefined: the field is absent, or the merge deleted it). `path` is the field names
 * from the object root, for `keys`.
 */
export function strategicMerge(dest: Json | undefined, patch: Json | undefined, keys: ListKeys, path: readonly string[] = []): Json | undefined {
  if (patch === undefined) return dest;
  if (patch === null) return undefined;
  if (isMap(patch)) {
    if (!isMap(dest)) return added(patch, keys, path);
    const d = directive(patch);
    if (d === 'delete') return undefined;
    if (d === 'replace') return added(withoutDirective(patch), keys, path);
    const out: JsonMap = {};
    for (const k of new Set([...Object.keys(dest), ...Object.keys(patch)])) {
      if (k === DIRECTIVE) continue;
      const v = strategicMerge(dest[k], patch[k], keys, [...path, k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (Array.isArray(patch)) {
    const listKeys = keys(path);
    // A list without merge keys is replaced as written (merge2's non-associative list).
    if (!listKeys) return patch;
    if (!Array.isArray(dest)) return added(patch, keys, path);
    const d = listDirective(patch);
    if (d?.value === 'delete') return undefined;
    const elements = d ? patch.filter((_, i) => i !== d.index) : patch;
    if (d?.value === 'replace') return added(elements, keys, path);
    const out: Json[] = [...dest];
    for (const el of elements) {
      const at = isMap(el) ? out.findIndex((x) => sameKeys(x, el, listKeys)) : -1;
      if (at === -1) {
        const a = added(el, keys, path);
        if (a !== undefined) out.push(a);
        continue;
      }
      const merged = strategicMerge(out[at], el, keys, path);
      if (merged === undefined) out.splice(at, 1);
      else out[at] = merged;
    }
    return out;
  }
  return patch;
}

/** A patch value with nothing to merge into: its directives applied to itself, its null fields dropped. */
function added(v: Json, keys: ListKeys, path: readonly string[]): Json | undefined {
  if (isMap(v)) {
    if (directive(v) === 'delete') return undefined;
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === DIRECTIVE || x === null) continue;
      const a = added(x, keys, [...path, k]);
      if (a !== undefined) out[k] = a;
    }
    return out;
  }
  if (Array.isArray(v) && keys(path)) {
    const d = listDirective(v);
    if (d?.value === 'delete') return undefined;
    return v.filter((_, i) => i !== d?.index).flatMap((e) => {
      const a = added(e, keys, path);
      return a === undefined ? [] : [a];
    });
  }
  return v;
}

function withoutDirective(m: JsonMap): JsonMap {
  const { [DIRECTIVE]: _, ...rest } = m;
  return rest;
}

/**
 * kyaml's element match for keyed lists: every key's value equal, where a key one side leaves out matches any
 * value (a port without protocol is the same port as its TCP entry), and at least one key is equal.
 */
function sameKeys(a: Json, b: JsonMap, keys: readonly string[]): boolean {
  if (!isMap(a)) return false;
  let common = false;
  for (const k of keys) {
    const x = a[k] === undefined || a[k] === null ? '' : String(a[k]);
    const y = b[k] === undefined || b[k] === null ? '' : String(b[k]);
    if (x === y) common = true;
    else if (x !== '' && y !== '') return false;
  }
  return common;
}
