// Tolerant field readers with spans for the Gateway API kinds: a value of the wrong type reads as absent
// (the schema validation reports it), so the attachment logic never sees half-typed data.
import { isMap, isScalar, type Document, type Node } from 'yaml';
import { get, getPair, spanOf } from '../../parse/access.ts';
import type { Span } from '../../source.ts';

export interface Field<T> {
  value: T | undefined;
  /** The value's span when present, else undefined. */
  span?: Span;
  /** Whether the key is written at all (even with a null or mistyped value). */
  present: boolean;
}

function field<T>(doc: Document, map: unknown, key: string, pick: (n: Node | undefined) => T | undefined): Field<T> {
  const m = isMap(map) ? map : undefined;
  const pair = m ? getPair(m, key) : undefined;
  const node = get(doc, map, key);
  const value = pick(node);
  const span = spanOf(node);
  const out: Field<T> = { value, present: pair !== undefined };
  if (span) out.span = span;
  return out;
}

export function str(doc: Document, map: unknown, key: string): Field<string> {
  return field(doc, map, key, (n) => (isScalar(n) && typeof n.value === 'string' ? n.value : undefined));
}

/** An integer field (ports, weights); YAML floats and strings read as absent. */
export function int(doc: Document, map: unknown, key: string): Field<number> {
  return field(doc, map, key, (n) => (isScalar(n) && typeof n.value === 'number' && Number.isInteger(n.value) ? n.value : undefined));
}

/** A string, or an integer (Ingress service ports, IngressRoute ports). */
export function intOrString(doc: Document, map: unknown, key: string): Field<number | string> {
  return field(doc, map, key, (n) =>
    isScalar(n) && ((typeof n.value === 'number' && Number.isInteger(n.value)) || (typeof n.value === 'string' && n.value !== '')) ? (n.value as number | string) : undefined,
  );
}

/** A Gateway API `Group`: absent means the core group (""); "core" is how some people write it, not valid. */
export function groupOf(doc: Document, map: unknown, key = 'group'): string {
  return str(doc, map, key).value ?? '';
}
