// A draft the model read from an object, moved with its document: after an edit before it, an untouched document
// keeps its nodes (parse/incremental.ts shifts them in place), so what the model read of it is the same data with
// every offset moved. Offsets live only under offset keys (fingerprint.ts isOffsetKey: span, nameSpan, spans...),
// as the fingerprint already relies on; anything the walk does not know as plain data stops it (read again).
import { isOffsetKey } from '../fingerprint.ts';

/** Thrown (and caught below) when a value is not plain data: the caller reads the object again. */
const UNKNOWN = Symbol('not plain data');

/**
 * A copy of `value` with every span under an offset key moved by `delta`; `obj` keys (the object read, replaced
 * by the caller) and the kind `entry` are kept as they are. Undefined when `value` holds something other than plain
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

function walk(v: unknown, delta: number, offsets: boolean): unknown {
  if (v === null || typeof v !== 'object') {
    // A bare number among positions (not a span's start/end) cannot be told from a count: read again.
    if (typeof v === 'function' || typeof v === 'symbol' || (offsets && typeof v === 'number')) throw UNKNOWN;
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => walk(x, delta, offsets));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, walk(x, delta, offsets)]));
  if (v instanceof Set) return new Set([...v].map((x) => walk(x, delta, offsets)));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) throw UNKNOWN;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // Under an offset key every {start, end} is a span (a span, a list or a record of spans), moved.
  const span = offsets && typeof src.start === 'number' && typeof src.end === 'number';
  for (const k of Object.keys(src)) {
    const x = src[k];
    if (span && (k === 'start' || k === 'end')) out[k] = (x as number) + delta;
    else out[k] = k === 'obj' || k === 'entry' ? x : walk(x, delta, offsets || isOffsetKey(k));
  }
  return out;
}
