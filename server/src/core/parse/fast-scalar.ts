// The fast reader's values on one line (fast.ts): plain and quoted scalars, one-line flow collections, as the yaml
// library's composer builds them (same classes, values, types and ranges); anything else is a Bail.
import { Scalar, YAMLMap, YAMLSeq, type Schema } from 'yaml';
import { closeItems, type KeySpan } from './collections.ts';
import { pair, scalar, yamlMap, yamlSeq } from './fast-nodes.ts';
import { shared } from './shared-text.ts';


/** Thrown (one shared object, no stack) when the text leaves the subset the fast reader knows: the library parses it. */
export const BAIL: unknown = Object.freeze({ bail: true });

export function bail(): never {
  throw BAIL;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const COMMA = 44;
const DQUOTE = 34;
const SQUOTE = 39;

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve(value: string, onError: (msg: string) => void, options: object): unknown;
  format?: string;
}

/** The tests of the YAML 1.2 core schema's scalar tags, in order, as the library (2.x) defines them. */
const CORE_TESTS = [
  '/^(?:~|[Nn]ull|NULL)?$/',
  '/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/',
  '/^0o[0-7]+$/',
  '/^[-+]?[0-9]+$/',
  '/^0x[0-9a-fA-F]+$/',
  '/^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$/',
  '/^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$/',
  '/^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$/',
].join(' ');

/** Resolves plain scalars through the schema's own tags, as the composer's findScalarTagByTest does. */
export class Resolver {
  private readonly tags: ScalarTag[];
  /** The schema is the core one: a scalar starting with most letters is a string without testing each tag. */
  private readonly core: boolean;
  constructor(
    schema: Schema,
    private readonly options: object,
  ) {
    const all = schema.tags as unknown as ScalarTag[];
    // Tags only keys take, or a compat schema: the composer's choice depends on more than the text.
    if (all.some((t) => t.default === 'key') || (schema as { compat?: unknown }).compat) bail();
    this.tags = all.filter((t) => t.default === true && t.test !== undefined);
    this.core = this.tags.map((t) => String(t.test)).join(' ') === CORE_TESTS;
  }

  plain(value: string, start: number, end: number, nodeEnd: number): Scalar {
    // Letters none of the core tests accepts first (null, true/false, numbers, .inf/.nan start otherwise): a string.
    const c = value.charCodeAt(0);
    const word = this.core && ((c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102) || (c >= 65 && c <= 90 && c !== 78 && c !== 84 && c !== 70));
    const tag = word ? undefined : this.tags.find((t) => t.test?.test(value));
    let node: Scalar;
    // Texts shared as bounded.ts's walk shares the library's (shared-text.ts).
    const text = shared(value);
    if (tag === undefined) node = scalar(text);
    else {
      let failed = false;
      const res = tag.resolve(value, () => (failed = true), this.options);
      if (failed) bail();
      node = res instanceof Scalar ? res : scalar(typeof res === 'string' ? shared(res) : res);
    }
    node.range = [start, end, nodeEnd];
    (node as Scalar & { source: string }).source = text;
    node.type = Scalar.PLAIN;
    if (tag?.format) node.format = tag.format;
    return node;
  }
}

export function quotedScalar(value: string, type: Scalar.Type, start: number, end: number, nodeEnd: number): Scalar {
  const text = shared(value);
  const node = scalar(text);
  node.range = [start, end, nodeEnd];
  (node as Scalar & { source: string }).source = text;
  node.type = type;
  return node;
}

/** A quoted scalar closing on its line: [value, offset after the closing quote]. */
export function readQuoted(text: string, at: number, lineEnd: number): [string, number] {
  const q = text.charCodeAt(at);
  let out = '';
  let from = at + 1;
  for (let i = at + 1; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (q === SQUOTE && c === SQUOTE) {
      if (text.charCodeAt(i + 1) === SQUOTE && i + 1 < lineEnd) {
        out += text.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      return [out + text.slice(from, i), i + 1];
    }
    if (q === DQUOTE && c === DQUOTE) return [out + text.slice(from, i), i + 1];
    if (q === DQUOTE && c === 92) {
      out += text.slice(from, i) + escaped(text, i + 1, lineEnd);
      const e = text.charCodeAt(i + 1);
      i += e === 120 ? 3 : e === 117 ? 5 : 1;
      from = i + 1;
    }
  }
  return bail(); // closes on a later line (or never): multi-line quoted scalars are the library's
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ' };

function escaped(text: string, at: number, lineEnd: number): string {
  const e = text[at];
  if (e === undefined || at >= lineEnd) return bail();
  const simple = ESCAPES[e];
  if (simple !== undefined) return simple;
  const len = e === 'x' ? 2 : e === 'u' ? 4 : 0;
  const hex = text.slice(at + 1, at + 1 + len);
  if (len === 0 || hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex) || at + len >= lineEnd) return bail();
  const code = parseInt(hex, 16);
  if (code >= 0xd800 && code <= 0xdfff) return bail(); // surrogate halves: left to the library's handling
  return String.fromCharCode(code);
}

/** Where a plain scalar in block context starting at `at` ends (before ` #` and trailing spaces); bails on `: `. */
export function plainEnd(text: string, at: number, lineEnd: number): number {
  let end = at;
  for (let i = at; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE) {
      if (text.charCodeAt(i + 1) === HASH) break;
      continue;
    }
    if (c === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) bail();
    end = i + 1;
  }
  return end;
}

/**
 * Whether a plain scalar the fast reader reads may start at `at`: not at an indicator, a property or a block
 * scalar; `-`, `?` and `:` only before a character that could go on the scalar (in flow, not a flow indicator).
 */
export function plainStart(text: string, at: number, lineEnd: number, flow = false): boolean {
  const c = text.charCodeAt(at);
  if ('&*!|>%@`,[]{}#\'"'.includes(text[at] ?? '')) return false;
  if (c === 45 || c === 63 || c === COLON) {
    const n = text[at + 1] ?? '';
    return at + 1 < lineEnd && n !== ' ' && !(flow && ',[]{}'.includes(n));
  }
  return true;
}

/** After a value: only spaces and a comment may follow on the line; returns the offset after the line's break. */
export function restOfLine(text: string, at: number, lineEnd: number, next: number): number {
  let i = at;
  while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
  if (i < lineEnd && (text.charCodeAt(i) !== HASH || i === at)) bail();
  return next;
}

/**
 * A flow collection on one line starting at `at` (`[` or `{`): [node, offset after its closing bracket]. Items:
 * plain and quoted scalars, nested flow collections, `key: value` in maps; the rest (empty items, trailing commas,
 * pairs in sequences, comments, line breaks) bails.
 */
export function readFlow(text: string, at: number, lineEnd: number, schema: Schema, r: Resolver, room: number, dups: KeySpan[]): [YAMLMap | YAMLSeq, number] {
  const node = flowNode(text, at, lineEnd, schema, r, room, dups);
  return [node, flowEnd];
}

// The offset after what flowNode or flowItem last read: a field rather than a [node, end] pair per item and value,
// read right after the call. An item's range is completed in place when it ends where it was read.
let flowEnd = 0;

/** Sets a flow item's range to [its start, `end`, `after`], in place when its range already ends at `end`. */
function flowRange(node: Scalar | YAMLMap | YAMLSeq, at: number, end: number, after: number): void {
  const range = node.range as number[] | undefined;
  if (range && range[1] === end) range[2] = after;
  else node.range = [range?.[0] ?? at, end, after];
}

function flowNode(text: string, at: number, lineEnd: number, schema: Schema, r: Resolver, room: number, dups: KeySpan[]): YAMLMap | YAMLSeq {
  if (room <= 0) bail();
  const isMap = text.charCodeAt(at) === 123;
  const close = isMap ? 125 : 93;
  const node = isMap ? yamlMap(schema) : yamlSeq(schema);
  node.flow = true;
  let i = skipSpaces(text, at + 1, lineEnd);
  if (i < lineEnd && text.charCodeAt(i) === close) {
    node.range = [at, i + 1, i + 1];
    flowEnd = i + 1;
    return node;
  }
  for (;;) {
    const item = flowItem(text, i, lineEnd, schema, r, isMap, room - 1, dups);
    const itemEnd = flowEnd;
    let j = skipSpaces(text, itemEnd, lineEnd);
    if (isMap) {
      if (j + 1 >= lineEnd || text.charCodeAt(j) !== COLON || j !== itemEnd || text.charCodeAt(j + 1) !== SPACE) bail();
      const vAt = skipSpaces(text, j + 1, lineEnd);
      const value = flowItem(text, vAt, lineEnd, schema, r, false, room - 1, dups);
      const valueEnd = flowEnd;
      j = skipSpaces(text, valueEnd, lineEnd);
      flowRange(value, vAt, valueEnd, j);
      (node as YAMLMap).items.push(pair(item, value));
    } else {
      flowRange(item, i, itemEnd, j);
      (node as YAMLSeq).items.push(item);
    }
    const c = j < lineEnd ? text.charCodeAt(j) : -1;
    if (c === close) {
      node.range = [at, j + 1, j + 1];
      closeItems(node, dups);
      flowEnd = j + 1;
      return node;
    }
    if (c !== COMMA || j >= lineEnd) bail();
    i = skipSpaces(text, j + 1, lineEnd);
    if (i >= lineEnd || text.charCodeAt(i) === close || text.charCodeAt(i) === COMMA) bail();
  }
}

function flowItem(text: string, at: number, lineEnd: number, schema: Schema, r: Resolver, key: boolean, room: number, dups: KeySpan[]): Scalar | YAMLMap | YAMLSeq {
  const c = text.charCodeAt(at);
  if (at >= lineEnd) return bail();
  if (c === 91 || c === 123) return flowNode(text, at, lineEnd, schema, r, room, dups);
  if (c === DQUOTE || c === SQUOTE) {
    const [value, end] = readQuoted(text, at, lineEnd);
    flowEnd = end;
    return quotedScalar(value, c === DQUOTE ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, at, end, end);
  }
  if (!plainStart(text, at, lineEnd, true)) return bail();
  let end = at;
  for (let i = at; i < lineEnd; i++) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === 91 || d === 93 || d === 123 || d === 125) break;
    if (d === COLON) {
      if (!key) bail(); // `[a: b]` or `{a: b: c}`: pairs in sequences are the library's
      break;
    }
    if (d === HASH || d === 9) bail();
    if (d !== SPACE) end = i + 1;
  }
  if (end === at) bail();
  flowEnd = end;
  return r.plain(text.slice(at, end), at, end, end);
}

export function skipSpaces(text: string, at: number, lineEnd: number): number {
  let i = at;
  while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
  return i;
}

