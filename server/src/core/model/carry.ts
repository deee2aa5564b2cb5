// A draft the model read from an object, moved with its document: after an edit before it, an untouched document
// keeps its nodes (parse/incremental.ts shifts them in place), so what the model read of it is the same data with
// every offset moved. Offsets live only under offset keys (fingerprint.ts isOffsetKey: span, nameSpan, spans...),
// as the fingerprint already relies on; anything the walk does not know as plain data stops it (read again).
import { isOffsetKey } from '../fingerprint.ts';

/** Thrown (and caught below) when a value is not plain data: the caller reads the object again. */
const UNKNOWN = Symbol('not plain data');

/**
 * `value` with every span under an offset key moved by `delta` (copied where it holds one, shared elsewhere); `obj`
 * keys (the object read, replaced by the caller) and the kind `entry` are kept as they are. Undefined when `value` holds something other than plain
 * objects, arrays, Maps, Sets and primitives (a function, a class instance: its offsets could not be told).
 */
export function shiftedDraft<T>(value: T, delta: number): T | undefined {
  try {
    return walk(value, delta, false) as T;
  } catch (e) {
    if (e === UNKNOWN) return undefined;
    throw e;
  }
}

// Copies only what holds an offset (copy on write): a subtree without one (labels, ports, expressions) is shared with
// the earlier draft, as a draft the edit did not move is shared whole. Nothing writes into a draft (readers copy:
// model/kustomize/transform.ts); copying every node made a policy edit in the 4.7 MB file allocate for ~4,000 drafts.
function walk(v: unknown, delta: number, offsets: boolean): unknown {
  if (v === null || typeof v !== 'object') {
    // A bare number among positions (not a span's start/end) cannot be told from a count: read again.
    if (typeof v === 'function' || typeof v === 'symbol' || (offsets && typeof v === 'number')) throw UNKNOWN;
    return v;
  }
  // Shared subtrees stay shared across edits: one found without offsets once is not walked at the next edit.
  if (!offsets && PLAIN.has(v)) return v;
  const out = offsets ? walkNode(v, delta, true) : walkNode(v, delta, false);
  if (out === v && !offsets) PLAIN.add(v);
  return out;
}

/**
 * Objects and arrays outside offset keys found to hold no offset: walking them at every edit took most of the ~100 ms
 * a policy edit spent moving drafts (they are most of a draft, and shared with the next one).
 */
const PLAIN = new WeakSet<object>();

function walkNode(v: object, delta: number, offsets: boolean): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = walk(x, delta, offsets);
      if (y !== x) (out ??= v.slice())[i] = y;
    }
    return out ?? v;
  }
  if (v instanceof Map) {
    let out: Map<unknown, unknown> | undefined;
    for (const [k, x] of v as Map<unknown, unknown>) {
      const y = walk(x, delta, offsets);
      if (y !== x) (out ??= new Map(v as Map<unknown, unknown>)).set(k, y);
    }
    return out ?? v;
  }
  if (v instanceof Set) {
    let changed = false;
    const items: unknown[] = [];
    for (const x of v as Set<unknown>) {
      const y = walk(x, delta, offsets);
      changed ||= y !== x;
      items.push(y);
    }
    return changed ? new Set(items) : v;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) throw UNKNOWN;
  const src = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  // Under an offset key every {start, end} is a span (a span, a list or a record of spans), moved.
  const span = offsets && typeof src.start === 'number' && typeof src.end === 'number';
  // for-in, not Object.keys: no key array per node (6 MB per policy edit); plain objects inherit no enumerable key.
  for (const k in src) {
    if (k === 'obj' || k === 'entry') continue;
    const x = src[k];
    const y = span && (k === 'start' || k === 'end') ? (x as number) + delta : walk(x, delta, offsets || isOffsetKey(k));
    if (y !== x) (out ??= proto === null ? Object.assign(Object.create(null) as Record<string, unknown>, src) : { ...src })[k] = y;
  }
  return out ?? src;
}
