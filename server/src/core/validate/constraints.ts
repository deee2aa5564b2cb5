// The OpenAPI constraints a CRD's schema puts on values (enum, pattern, limits, formats, required, oneOf/anyOf),
// checked as the API server does after decoding: null counts as absent, templated values are not judged.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { keySpan, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { parseCidr } from '../net/cidr.ts';
import { parseIPv4Sloppy, parseIPv6Sloppy } from '../net/go-ip.ts';
import { formatPath, type FieldSchema, type PathSegment } from '../schema/types.ts';
import { checksOf } from '../schema/constrained.ts';
import { mapEntries, schemaFindings } from '../schema/walk.ts';
import type { Span } from '../source.ts';

export interface ConstraintViolation {
  span: Span;
  path: PathSegment[];
  /** What is wrong, in words, without the path. */
  message: string;
  /** The schema keyword that failed (`enum`, `pattern`, `maxItems`, `required`, `oneOf`, ...). */
  keyword: string;
}

// A placeholder a pipeline substitutes before applying: upper-case (`NODE_IP/32`, `CLUSTER_CIDR`), or an Argo CD
// plugin's (argocd-vault-plugin's `<path:secret/data/x#key>`, `<path:x#key | base64encode>`; argocd-secret-replacer's
// `<secret:domain>`): not judged. A bare `<your-domain>` has no prefix: it is a value left unfilled, and judged (so
// is AVP's bare `<key>` form, which cannot be told from one).
const PLACEHOLDER = /(?:^|[^A-Za-z0-9])[A-Z][A-Z0-9]*_[A-Z0-9_]+(?:$|[^A-Za-z0-9])|<[a-z][a-z0-9-]*:[^<>\s|]+(?:\s*\|[^<>]*)?>/;

const REGEX = new Map<string, RegExp | null>();

/** The pattern as a JS RegExp (RE2 syntax is a subset for the CRDs' patterns); null when it does not compile. */
function regex(pattern: string): RegExp | null {
  let r = REGEX.get(pattern);
  if (r === undefined) {
    try {
      r = new RegExp(pattern, 'u');
    } catch {
      try {
        r = new RegExp(pattern);
      } catch {
        r = null;
      }
    }
    REGEX.set(pattern, r);
  }
  return r;
}

const isNullNode = (n: unknown): boolean => n === undefined || n === null || (isScalar(n) && n.value === null);

function trimmed(text: string, node: Node): Span | undefined {
  const s = spanOf(node);
  if (!s) return undefined;
  let end = s.end;
  while (end > s.start && /\s/.test(text.charAt(end - 1))) end--;
  return { start: s.start, end };
}

/** A format the API server checks (kube-openapi's known formats); undefined when the value is fine or unknown. */
function formatProblem(format: string, value: string): string | undefined {
  switch (format) {
    case 'cidr':
      return parseCidr(value) ? undefined : 'is not a valid CIDR (such as 10.0.0.0/8 or 2001:db8::/64)';
    case 'ipv4':
      return parseIPv4Sloppy(value) ? undefined : 'is not a valid IPv4 address';
    case 'ipv6':
      return parseIPv6Sloppy(value) ? undefined : 'is not a valid IPv6 address';
    default:
      return undefined;
  }
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Walks `obj` against `schema` and calls `report` for each constraint violation, in document order. */
export function checkConstraints(doc: Document, root: YAMLMap, schema: FieldSchema, text: string, report: (v: ConstraintViolation) => void): void {
  // The values with something to check, from the walk unknown-field and wrong-type share (schema/walk.ts).
  for (const e of schemaFindings(doc, root, schema).constrained) checkValue(doc, text, e.node, e.schema, e.path, report);
}

/** The constraints of `s` on `node`, a value of the type `s` expects that has some to check (constrains()). */
function checkValue(doc: Document, text: string, node: Node, s: FieldSchema, path: readonly PathSegment[], report: (v: ConstraintViolation) => void): void {
  const checks = checksOf(s);
  let trim: Span | undefined;
  const span = (): Span => (trim ??= trimmed(text, node)!);
  // Each report its own copy of the path (a value may break several constraints).
  const at = (message: string, keyword: string, where?: Span): void => report({ span: where ?? span(), path: [...path], message, keyword });
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return;
    if (typeof v === 'string' && (isTemplated(v) || PLACEHOLDER.test(v))) return;
    if (s.enum && typeof v === 'string' && !s.enum.includes(v)) {
      const close = s.enum.find((e) => e.toLowerCase() === v.toLowerCase());
      at(`${show(v)} is not one of ${s.enum.join(', ')}${close ? ` (values are case-sensitive: did you mean ${close}?)` : ''}`, 'enum');
      return;
    }
    if (typeof v === 'string' && s.type !== 'int-or-string') {
      // Lengths in code points, as the API server counts them.
      const length = s.minLength !== undefined || s.maxLength !== undefined ? [...v].length : 0;
      if (s.minLength !== undefined && length < s.minLength) at(s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters long`, 'minLength');
      else if (s.maxLength !== undefined && length > s.maxLength) at(`is ${length} characters long; at most ${s.maxLength} are allowed`, 'maxLength');
      else if (s.pattern && regex(s.pattern) && !regex(s.pattern)!.test(v)) at(`${show(v)} does not match the required pattern ${s.pattern}`, 'pattern');
      else if (s.format) {
        const why = formatProblem(s.format, v);
        if (why) at(`${show(v)} ${why}`, 'format');
      }
    }
    if (typeof v === 'number' || typeof v === 'bigint') {
      const n = Number(v);
      if (s.minimum !== undefined && n < s.minimum) at(`${n} is below the minimum ${s.minimum}`, 'minimum');
      else if (s.maximum !== undefined && n > s.maximum) at(`${n} is above the maximum ${s.maximum}`, 'maximum');
      else if (s.format === 'int32' && (n < -2147483648 || n > 2147483647)) at(`${n} does not fit a 32-bit integer`, 'format');
    }
    return;
  }
  if (isSeq(node)) {
    const n = node.items.length;
    if (s.minItems !== undefined && n < s.minItems) at(s.minItems === 1 ? 'must have at least one item' : `has ${n} items; at least ${s.minItems} are required`, 'minItems');
    else if (s.maxItems !== undefined && n > s.maxItems) at(`has ${n} items; at most ${s.maxItems} are allowed`, 'maxItems');
    if (s.listType === 'map' && s.listMapKeys && s.listMapKeys.length > 0) {
      // A map list: the API server refuses two items with the same key values (defaults count for missing keys).
      const keys = s.listMapKeys;
      const seen = new Set<string>();
      for (const item of node.items) {
        if (!isMap(item)) continue;
        const tuple = keys.map((k) => {
          const v = item.items.find((p) => isScalar(p.key) && p.key.value === k)?.value;
          return isScalar(v) ? v.value : s.items?.fields?.[k]?.default;
        });
        if (tuple.some((v) => typeof v === 'string' && isTemplated(v))) continue;
        const id = JSON.stringify(tuple);
        if (seen.has(id)) {
          const what = keys.map((k, i) => `${k} ${show(tuple[i])}`).join(', ');
          at(`two items have the same ${what}; each ${keys.join(' + ')} may appear once`, 'listMapKeys', trimmed(text, item as Node) ?? span());
        }
        seen.add(id);
      }
    }
    if (s.listType === 'set') {
      const seen = new Set<string>();
      for (const item of node.items) {
        const key = isScalar(item) ? JSON.stringify(item.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) at(`${key} appears more than once; the items must be unique`, 'uniqueItems', trimmed(text, item as Node) ?? span());
        seen.add(key);
      }
    }
    return;
  }
  if (isMap(node)) {
    // The keys set to something other than null (a later merge-key entry replaces an earlier one).
    const present = new Map<string, Pair>();
    for (const e of mapEntries(doc, node)) if (!isNullNode(e.value)) present.set(e.key, e.pair);
    if (s.minProperties !== undefined && present.size < s.minProperties) at(`must set at least ${s.minProperties} field${s.minProperties === 1 ? '' : 's'}`, 'minProperties');
    if (s.maxProperties !== undefined && present.size > s.maxProperties) at(`sets ${present.size} fields; at most ${s.maxProperties} are allowed`, 'maxProperties');
    // Where to point at a missing field: the map's first key keeps the squiggle on one line.
    const first = node.items[0];
    const anchor = (): Span => (first && keySpan(first as never)) ?? span();
    for (const k of checks.required) if (!present.has(k)) at(`${k} is required`, 'required', anchor());
    if (s.oneOf) {
      const hits = s.oneOf.filter((alt) => alt.every((k) => present.has(k)));
      if (hits.length !== 1) {
        const names = s.oneOf.map((alt) => alt.join(' + ')).join(', ');
        const second = hits.length > 1 ? present.get(hits[1]![0]!) : undefined;
        const where = (second && keySpan(second)) ?? anchor();
        at(hits.length === 0 ? `must set exactly one of ${names}` : `must set only one of ${names}, not ${hits.map((a) => a.join(' + ')).join(' and ')}`, 'oneOf', where);
      }
    }
    if (s.anyOf && !s.anyOf.some((alt) => alt.every((k) => present.has(k)))) {
      at(`must set at least one of ${s.anyOf.map((alt) => alt.join(' + ')).join(', ')}`, 'anyOf', anchor());
    }
  }
}

/** `spec.rules[0].matches`: the path in the API's notation, or `the object` at the root. */
export function pathText(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'the object' : formatPath(path);
}
