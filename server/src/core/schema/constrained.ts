// What a schema's OpenAPI constraints ask of a value (enum, limits, required, one-of...), worked out once per schema.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { FieldSchema } from './types.ts';

// Most fields of the CRDs constrain nothing: their values are passed over without building spans, messages or the
// set of keys present (validate/constraints.ts), and the shared schema walk records none of them (walk.ts).
export interface Checks {
  scalar: boolean;
  seq: boolean;
  map: boolean;
  /** Fields that must be present (no default), in the schema's order. */
  required: string[];
}
const CHECKS = new WeakMap<FieldSchema, Checks>();

/** The constraints of `s` by kind of value (computed once per schema). */
export function checksOf(s: FieldSchema): Checks {
  let c = CHECKS.get(s);
  if (!c) {
    const required = Object.entries(s.fields ?? {}).flatMap(([k, f]) => (f.required && f.default === undefined ? [k] : []));
    c = {
      scalar: s.enum !== undefined || s.minLength !== undefined || s.maxLength !== undefined || s.pattern !== undefined || s.format !== undefined || s.minimum !== undefined || s.maximum !== undefined,
      seq: s.minItems !== undefined || s.maxItems !== undefined || s.listType === 'map' || s.listType === 'set',
      map: s.minProperties !== undefined || s.maxProperties !== undefined || required.length > 0 || s.oneOf !== undefined || s.anyOf !== undefined,
      required,
    };
    CHECKS.set(s, c);
  }
  return c;
}

/**
 * Whether `node`, a value of the type `s` expects, has anything of `s`'s constraints to check: none for a field
 * checked elsewhere, a node without a range, or a kind of value the schema does not constrain.
 */
export function constrains(s: FieldSchema, node: Node): boolean {
  if (s.elsewhere || !node.range) return false;
  const checks = checksOf(s);
  if (isScalar(node)) return checks.scalar;
  if (isSeq(node)) return checks.seq;
  return checks.map && isMap(node);
}
