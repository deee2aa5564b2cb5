// The CRDs' own CEL rules (x-kubernetes-validations), evaluated as the API server does: schema defaults first,
// integers as BigInt, `self` bound to each field that carries rules; transition rules (oldSelf) need an old object
// and are skipped. Uses @bufbuild/cel with Kubernetes' extra functions (isIP, strings, format).
import { celEnv, celFunc, CelScalar, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { deref, keySpan, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { parseIPv4Sloppy, parseIPv6Sloppy } from '../net/go-ip.ts';
import { FORMAT_FUNCS } from './cel-format.ts';
import type { CelValidation, FieldSchema, PathSegment } from '../schema/types.ts';
import { mapEntries, typeMismatch } from '../schema/walk.ts';
import type { Span } from '../source.ts';

export interface CelViolation {
  span: Span;
  path: PathSegment[];
  rule: CelValidation;
  /** The schema node the rule sits on (its list type, for rules that restate it). */
  schema: FieldSchema;
}

/** Kubernetes' isIP(string): an IPv4 or IPv6 address, without a zone or prefix. */
function isIP(s: string): boolean {
  return !s.includes('%') && !s.includes('/') && (parseIPv4Sloppy(s) !== undefined || parseIPv6Sloppy(s) !== undefined);
}

/**
 * The library's own RE2 engine with each pattern compiled once: its default `matches` compiled the pattern again
 * on every call (about 100 ms at 2,000 files, every HTTPRoute path and header checked by the same few patterns).
 * A pattern that fails to compile is not cached, so it throws on every call as before. The CRDs' patterns are
 * fixed strings, but a rule could build one from the object (`self.matches(self.x)`): the cache is emptied when it
 * reaches COMPILED_MAX, so a long-running server never keeps every pattern it has seen.
 */
const COMPILED = new Map<string, RE2JS>();
const COMPILED_MAX = 512;
const RE2 = {
  compile(pattern: string): RE2JS {
    let re = COMPILED.get(pattern);
    if (re) return re;
    re = RE2JS.compile(pattern);
    if (COMPILED.size >= COMPILED_MAX) COMPILED.clear();
    COMPILED.set(pattern, re);
    return re;
  },
};

const ENV = celEnv({
  re2: RE2,
  funcs: [
    ...strings,
    celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, isIP),
    // Kubernetes' `format` library (format.dns1123Label().validate(s), format.named(n), ...) and its optionals.
    ...FORMAT_FUNCS,
  ],
});

/**
 * Evaluates one CEL expression in the environment the CRD rules run in (Kubernetes' libraries included), with
 * `vars` bound; a parse error throws, an evaluation error comes back as a CelError. For tests and tools.
 */
export function evaluateCel(expr: string, vars: Record<string, CelInput> = {}): unknown {
  return (plan(ENV as never, parse(expr)) as unknown as (ctx: Record<string, CelInput>) => unknown)(vars);
}

type Program = ((ctx: { self: CelInput }) => unknown) | null;
const PROGRAMS = new Map<string, Program>();

function program(rule: string): Program {
  let p = PROGRAMS.get(rule);
  if (p === undefined) {
    try {
      p = plan(ENV as never, parse(rule)) as unknown as Program;
    } catch {
      p = null; // a rule this evaluator cannot parse is not judged (never a false error)
    }
    PROGRAMS.set(rule, p);
  }
  return p;
}

/** Schemas whose rules celProgramsSteps compiled (a schema is one object for the process' lifetime). */
const WARMED = new WeakSet<FieldSchema>();

/**
 * Compiles every CEL rule of `schema` that is not compiled yet, one rule per step: a Gateway CRD holds dozens,
 * and the first object checked compiled them all at once (about 100 ms). Results are the same as compiling on
 * first use (the same PROGRAMS cache), so callers that never warm get identical verdicts.
 */
export function* celProgramsSteps(schema: FieldSchema): Generator<void, void, void> {
  if (WARMED.has(schema)) return;
  const todo: FieldSchema[] = [schema];
  const seen = new Set<FieldSchema>();
  while (todo.length > 0) {
    const s = todo.pop() as FieldSchema;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const rule of s.validations ?? []) {
      if (/\boldSelf\b/.test(rule.rule) || PROGRAMS.has(rule.rule)) continue;
      program(rule.rule);
      yield;
    }
    if (s.items) todo.push(s.items);
    if (s.values) todo.push(s.values);
    if (s.fields) for (const f of Object.values(s.fields)) todo.push(f);
  }
  WARMED.add(schema);
}

/**
 * The value as the API server sees it after defaulting (`known` false: templated or of the wrong type, not judged),
 * and `key`: a text that equals another's exactly when the two values are equal in CEL.
 */
type Converted = { value: CelInput; known: boolean; key: string };

/**
 * Verdicts per rule by value key: a rule's result depends on `self` alone (transition rules are skipped), and
 * routes repeat the same matches, filters and backend shapes, so most evaluations are answered here (499 routes:
 * about half the time of checking them). Cleared past VERDICT_LIMIT keys so memory stays bounded.
 */
const VERDICTS = new Map<string, Map<string, boolean>>();
const VERDICT_LIMIT = 20_000;
let verdictCount = 0;
/**
 * Key characters kept at most, all keys together: a key spells out its whole value, so a rule on a large list (a
 * Gateway's listeners) keeps a large key per edit of it. Keys longer than KEY_MAX are not kept at all.
 */
const KEY_CHARS_LIMIT = 2_000_000;
const KEY_MAX = 4_096;
let keyChars = 0;
/** Keys for values convert() never makes (keyOf's fallback): each distinct, so never shared. */
let opaque = 0;

/** Whether `rule` evaluates to a plain false on the value whose key is `key` (errors are not false). */
function fails(rule: string, run: NonNullable<Program>, value: CelInput, key: string): boolean {
  let byKey = VERDICTS.get(rule);
  const hit = byKey?.get(key);
  if (hit !== undefined) return hit;
  let result: unknown;
  try {
    result = run({ self: value });
  } catch {
    result = undefined;
  }
  // An evaluation error (a missing field the rule does not guard) is the API server's error too, but its text
  // would mean nothing to the author: only a plain false is reported.
  const no = result === false;
  if (key.length > KEY_MAX) return no;
  keyChars += key.length;
  if (++verdictCount > VERDICT_LIMIT || keyChars > KEY_CHARS_LIMIT) {
    VERDICTS.clear();
    verdictCount = 1;
    keyChars = key.length;
    byKey = undefined;
  }
  if (!byKey) VERDICTS.set(rule, (byKey = new Map()));
  byKey.set(key, no);
  return no;
}

/** -0 apart from 0: CEL tells them apart (1.0 / -0.0). */
const numberKey = (n: number): string => (Object.is(n, -0) ? 'd-0' : `d${n}`);

/** A key for a schema default (converted values build theirs as they go). */
function keyOf(v: CelInput): string {
  if (v === null || v === undefined) return 'n';
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return numberKey(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (Array.isArray(v)) return `[${v.map((x) => keyOf(x as CelInput)).join(',')}]`;
  // The same text as convert() gives a map: each entry followed by a comma.
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${keyOf(k as CelInput)}${keyOf(x as CelInput)},`).join('')}}`;
  // Not a value convert() makes: a key no other value has, so it is never shared.
  return `?${++opaque}`;
}

interface Ctx {
  doc: Document;
  text: string;
  report: (v: CelViolation) => void;
}

function anchorOf(text: string, node: Node | undefined, key: Span | undefined): Span | undefined {
  if (key) return key;
  if (isMap(node) && node.items[0]) return keySpan(node.items[0] as never) ?? spanOf(node);
  const s = spanOf(node);
  if (!s) return undefined;
  let end = s.end;
  while (end > s.start && /\s/.test(text.charAt(end - 1))) end--;
  return { start: s.start, end };
}

/** A JS default from the schema in CEL's types (integers as BigInt), with nested defaults filled in. */
function fromDefault(v: unknown, s: FieldSchema | undefined): CelInput {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => fromDefault(x, s?.items));
  if (typeof v === 'object') {
    const m = new Map<string, CelInput>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromDefault(x, s?.fields?.[k]));
    if (s?.fields) for (const [k, f] of Object.entries(s.fields)) if (!m.has(k) && f.default !== undefined) m.set(k, fromDefault(f.default, f));
    return m;
  }
  if (typeof v === 'number' && (s?.type === 'integer' || Number.isInteger(v)) && s?.type !== 'number') return BigInt(v);
  return v as CelInput;
}

function convert(ctx: Ctx, raw: unknown, s: FieldSchema, path: PathSegment[], key: Span | undefined): Converted {
  const node = deref(ctx.doc, raw);
  if (!node || (isScalar(node) && node.value === null)) return { value: null, known: true, key: 'n' };
  if (typeMismatch(node, s)) return { value: null, known: false, key: '' };
  let out: Converted;
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') out = { value: v, known: !isTemplated(v), key: `s${v.length}:${v}` };
    else if (typeof v === 'number' || typeof v === 'bigint') {
      const asInt = s.type === 'integer' || (s.type === 'int-or-string' && Number.isInteger(Number(v)));
      const value = asInt ? BigInt(v) : Number(v);
      out = { value, known: true, key: asInt ? `i${value}` : numberKey(value as number) };
    } else if (typeof v === 'boolean') out = { value: v, known: true, key: v ? 't' : 'f' };
    else out = { value: null, known: false, key: '' };
  } else if (isSeq(node)) {
    const items: CelInput[] = [];
    const keys: string[] = [];
    let known = true;
    node.items.forEach((item, i) => {
      const c = convert(ctx, item, s.items ?? ANY, [...path, i], undefined);
      items.push(c.value);
      keys.push(c.key);
      known &&= c.known;
    });
    out = { value: items, known, key: `[${keys.join(',')}]` };
  } else if (isMap(node)) {
    const m = new Map<string, CelInput>();
    const keys = new Map<string, string>();
    let known = true;
    for (const e of mapEntries(ctx.doc, node)) {
      if (isTemplated(e.key)) {
        known = false;
        continue;
      }
      const fs = s.type === 'object' ? s.fields?.[e.key] : s.type === 'map' ? s.values : s.type === 'string-map' ? STRING : undefined;
      if (!fs) continue; // unknown fields are pruned before CEL runs
      if (isScalar(e.value) && e.value.value === null) continue; // null = absent for a non-nullable field
      if (!e.value) continue;
      const c = convert(ctx, e.value, fs, [...path, e.key], keySpan(e.pair));
      m.set(e.key, c.value);
      keys.set(e.key, c.key);
      known &&= c.known;
    }
    // Defaulting happens before validation: absent fields with a default take it.
    if (s.type === 'object' && s.fields) {
      for (const [k, f] of Object.entries(s.fields)) {
        if (m.has(k) || f.default === undefined) continue;
        const d = fromDefault(f.default, f);
        m.set(k, d);
        keys.set(k, keyOf(d));
      }
    }
    // In the map's order, as the value itself (a later merge-key entry replaced an earlier one in both).
    let k = '{';
    for (const name of m.keys()) k += `s${name.length}:${name}${keys.get(name)},`;
    out = { value: m, known, key: `${k}}` };
  } else out = { value: null, known: false, key: '' };
  if (s.validations && out.known) {
    for (const rule of s.validations) {
      if (/\boldSelf\b/.test(rule.rule)) continue; // transition rule: only on updates
      const run = program(rule.rule);
      if (!run || !fails(rule.rule, run, out.value, out.key)) continue;
      const span = anchorOf(ctx.text, node, key);
      if (span) ctx.report({ span, path, rule, schema: s });
    }
  }
  return out;
}

const ANY: FieldSchema = { type: 'any', doc: '' };
const STRING: FieldSchema = { type: 'string', doc: '' };

/** Evaluates every CEL rule of `schema` on the object, reporting each rule that evaluates to false. */
export function checkCelRules(doc: Document, root: Node, schema: FieldSchema, text: string, report: (v: CelViolation) => void): void {
  convert({ doc, text, report }, root, schema, [], undefined);
}
