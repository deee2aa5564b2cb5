// The CRDs' own CEL rules (x-kubernetes-validations), evaluated as the API server does: schema defaults first,
// integers as BigInt, `self` bound to each field that carries rules; transition rules (oldSelf) need an old object
// and are skipped. Uses @bufbuild/cel with Kubernetes' extra functions (isIP, strings, format).
import type { CelEnv, CelInput } from '@bufbuild/cel';
import type { RE2JS } from '@bufbuild/re2';
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { deref, keySpan, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { parseIPv4Sloppy, parseIPv6Sloppy } from '../net/go-ip.ts';
import { formatFuncs } from './cel-format.ts';
import { celLib } from './cel-lib.ts';
import type { CelValidation, FieldSchema, PathSegment } from '../schema/types.ts';
import { mapEntries, typeMismatch } from '../schema/walk.ts';
import type { Span } from '../source.ts';
import { fails, keyOf, numberKey, type Program } from './cel-verdicts.ts';

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
    re = celLib().re2.RE2JS.compile(pattern);
    if (COMPILED.size >= COMPILED_MAX) COMPILED.clear();
    COMPILED.set(pattern, re);
    return re;
  },
};

let env: CelEnv | undefined;

/** The environment the rules run in, built on first use with the libraries (validate/cel-lib.ts). */
function celEnvironment(): CelEnv {
  if (env) return env;
  const { celEnv, celFunc, CelScalar } = celLib().cel;
  env = celEnv({
    re2: RE2,
    funcs: [
      ...celLib().ext.strings,
      celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, isIP),
      // Kubernetes' `format` library (format.dns1123Label().validate(s), format.named(n), ...) and its optionals.
      ...formatFuncs(),
    ],
  });
  return env;
}

/**
 * Evaluates one CEL expression in the environment the CRD rules run in (Kubernetes' libraries included), with
 * `vars` bound; a parse error throws, an evaluation error comes back as a CelError. For tests and tools.
 */
export function evaluateCel(expr: string, vars: Record<string, CelInput> = {}): unknown {
  const { plan, parse } = celLib().cel;
  return (plan(celEnvironment() as never, parse(expr)) as unknown as (ctx: Record<string, CelInput>) => unknown)(vars);
}

const PROGRAMS = new Map<string, Program>();

function program(rule: string): Program {
  let p = PROGRAMS.get(rule);
  if (p === undefined) {
    try {
      const { plan, parse } = celLib().cel;
      p = plan(celEnvironment() as never, parse(rule)) as unknown as Program;
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

/** Whether a rule runs on this value: one that is not a transition rule (those need an old object). */
const judged = (s: FieldSchema): boolean => s.validations?.some((r) => !/\boldSelf\b/.test(r.rule)) ?? false;

/** Per schema node: whether it or a field, item or value below it carries a rule that runs (rulesBelow). */
const RULES_BELOW = new WeakMap<FieldSchema, boolean>();

/**
 * Whether converting a value of schema `s` can lead to a verdict: a rule on it or below it. Without one, and
 * without a rule above that reads the value, converting it is wasted (an HTTPRoute's metadata, hostnames: about a
 * third of the nodes converted). Searched once per schema node, with its own visited set (schemas may share nodes).
 */
function rulesBelow(s: FieldSchema): boolean {
  let known = RULES_BELOW.get(s);
  if (known !== undefined) return known;
  known = false;
  const todo: FieldSchema[] = [s];
  const seen = new Set<FieldSchema>();
  while (todo.length > 0 && !known) {
    const x = todo.pop() as FieldSchema;
    if (seen.has(x)) continue;
    seen.add(x);
    if (judged(x)) known = true;
    if (x.items) todo.push(x.items);
    if (x.values) todo.push(x.values);
    if (x.fields) for (const f of Object.values(x.fields)) todo.push(f);
  }
  RULES_BELOW.set(s, known);
  return known;
}

/**
 * A value no rule above reads: converted (whole) when a rule sits on it, else only its parts with rules at or below
 * them are visited, in the order a whole conversion would judge them, and the rest is never built.
 */
function enter(ctx: Ctx, raw: unknown, s: FieldSchema, path: PathSegment[], key: Span | undefined): void {
  if (judged(s)) convert(ctx, raw, s, path, key);
  else if (rulesBelow(s)) visit(ctx, raw, s, path);
}

/** convert's walk without its value: the same nodes, skipped the same way (null, wrong type, pruned fields). */
function visit(ctx: Ctx, raw: unknown, s: FieldSchema, path: PathSegment[]): void {
  const node = deref(ctx.doc, raw);
  if (!node || (isScalar(node) && node.value === null) || typeMismatch(node, s)) return;
  if (isSeq(node)) {
    const items = s.items ?? ANY;
    if (!rulesBelow(items)) return;
    node.items.forEach((item, i) => enter(ctx, item, items, [...path, i], undefined));
  } else if (isMap(node)) {
    for (const e of mapEntries(ctx.doc, node)) {
      if (isTemplated(e.key)) continue;
      const fs = s.type === 'object' ? s.fields?.[e.key] : s.type === 'map' ? s.values : s.type === 'string-map' ? STRING : undefined;
      if (!fs || !e.value || (isScalar(e.value) && e.value.value === null) || !rulesBelow(fs)) continue;
      enter(ctx, e.value, fs, [...path, e.key], keySpan(e.pair));
    }
  }
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
  enter({ doc, text, report }, root, schema, [], undefined);
}
