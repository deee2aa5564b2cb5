// Scalar helpers for the NetworkPolicy value rules: read a field's value, where to report it, and text-edit fixes that keep quoting.
import { isMap, isScalar, type Document, type Node, type Pair } from 'yaml';
import { deref, getPair, keySpan, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';

export interface Field {
  pair: Pair<Node, Node | null>;
  /** Alias-resolved value; undefined when the key has no value at all. */
  node: Node | undefined;
  /** The scalar's value (string, number, boolean, null); undefined for collections. */
  value: unknown;
}

/** The field `key` of a map node, or undefined when the key is absent. */
export function field(doc: Document, map: Node | undefined, key: string): Field | undefined {
  const m = deref(doc, map);
  if (!isMap(m)) return undefined;
  const pair = getPair(m, key);
  if (!pair) return undefined;
  const node = deref(doc, pair.value);
  return { pair, node, value: isScalar(node) ? node.value : node === undefined ? null : undefined };
}

/** JSON null: no value, `~`, `null` - the API server sees the field as unset. */
export function isNullish(f: Field | undefined): boolean {
  return f === undefined || f.value === null;
}

/** A string value holding Flux/Helm substitution syntax: unknowable, so never checked. */
export function isTemplatedValue(value: unknown): boolean {
  return typeof value === 'string' && isTemplated(value);
}

/** Where to report a field: its value when it has text, else its key. */
export function valueSpan(f: Field): Span {
  const v = spanOf(f.node);
  if (v && v.end > v.start) return v;
  return keySpan(f.pair as Pair) ?? { start: 0, end: 0 };
}

/** Where to report a list item: the item, or the `-` before it when the item is empty. */
export function itemSpan(text: string, node: Node | undefined, fallback: Span): Span {
  const s = spanOf(node);
  if (s && s.end > s.start) return s;
  if (s) {
    const dash = text.lastIndexOf('-', s.start);
    if (dash >= 0 && text.slice(dash + 1, s.start).trim() === '') return { start: dash, end: dash + 1 };
  }
  return fallback;
}

/**
 * A fix replacing a scalar's value, keeping its quote style (`"tcp"` -> `"TCP"`, `tcp` -> `TCP`). Undefined for
 * block scalars and anything whose source text cannot be edited safely.
 */
export function replaceScalarFix(text: string, node: Node | undefined, newValue: string, title: string, isPreferred = false): Fix | undefined {
  const s = spanOf(node);
  if (!s || !isScalar(node)) return undefined;
  const src = text.slice(s.start, s.end);
  const q = src[0];
  let span: Span = s;
  if ((q === '"' || q === "'") && src.length >= 2 && src[src.length - 1] === q) {
    span = { start: s.start + 1, end: s.end - 1 };
  } else if (q === '|' || q === '>' || src.includes('\n')) {
    return undefined;
  }
  const fix: Fix = { title, edits: [{ span, newText: newValue }] };
  if (isPreferred) fix.isPreferred = true;
  return fix;
}

/** A fix replacing a scalar's whole source text (quotes included), e.g. `"80"` -> `80`. */
export function replaceNodeFix(node: Node | undefined, newText: string, title: string, isPreferred = false): Fix | undefined {
  const s = spanOf(node);
  if (!s || !isScalar(node)) return undefined;
  const fix: Fix = { title, edits: [{ span: s, newText }] };
  if (isPreferred) fix.isPreferred = true;
  return fix;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] as number;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = dp[j] as number;
      dp[j] = Math.min(cur + 1, (dp[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return dp[b.length] as number;
}

/**
 * The allowed value `value` was obviously meant to be: the only case-insensitive match, else the only one
 * close enough (one edit for short words like TCP, two for longer ones like Ingress). Undefined otherwise.
 */
export function obviousValue(value: string, allowed: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const exact = allowed.filter((a) => a.toLowerCase() === lower);
  if (exact.length === 1) return exact[0];
  if (value.length < 3) return undefined;
  const near = allowed.filter((a) => editDistance(a.toLowerCase(), lower) <= (a.length <= 4 ? 1 : 2));
  return near.length === 1 ? near[0] : undefined;
}

/** Renders a value for a message: strings quoted, other scalars as written. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
