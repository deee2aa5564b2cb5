// Text-level YAML editing for quick fixes: detect a file's style (indent, indented `- `, line endings), render
// small values in block or flow style, and compute insertions from the YAML structure (where a node's content
// ends, not where its range does: an empty value's range runs past its comment) so comments and layout survive.
import { isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEditSpan } from '../types.ts';

/** A value to render: maps keep insertion order. */
export type YValue = string | number | YValue[] | { [key: string]: YValue };
export type YMap = { [key: string]: YValue };

export interface YamlStyle {
  /** Spaces per nesting level of a block map. */
  indent: number;
  /** Whether a block sequence under a key is indented (`key:\n  - a`) rather than flush (`key:\n- a`). */
  seqIndent: boolean;
  eol: '\n' | '\r\n';
}

export function eolOf(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** `newText` with its line feeds written as the file writes them (CRLF files stay CRLF). */
export function withEol(newText: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? newText : newText.replace(/\r?\n/g, eol);
}

// Line starts of the last text asked about: columns are looked up in O(log n), never by scanning back along a
// line (a 1 MB single-line manifest made every lookup a megabyte long).
let starts: { text: string; at: number[] } | undefined;

function lineStarts(text: string): number[] {
  if (starts?.text === text) return starts.at;
  const at = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) at.push(i + 1);
  starts = { text, at };
  return at;
}

/** 0-based column of an offset (UTF-16 units from the line start). */
export function columnOf(text: string, offset: number): number {
  // Most lines are short: look back for the line break before building the table of the whole text's lines (a
  // 5 MB file's table took 30-100 ms for the first column asked after an edit); long lines use the table.
  for (let i = offset - 1; i >= 0 && i >= offset - 512; i--) if (text.charCodeAt(i) === 10) return offset - i - 1;
  if (offset <= 512) return offset;
  const at = lineStarts(text);
  let lo = 0;
  let hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((at[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return offset - (at[lo] as number);
}

/** Whether `a` and `b` are on different lines (b after a). */
function lineBreakBetween(text: string, a: number, b: number): boolean {
  const nl = text.indexOf('\n', a);
  return nl !== -1 && nl < b;
}

const range = (n: unknown): [number, number, number] | undefined => (n as { range?: [number, number, number] } | null | undefined)?.range ?? undefined;

/**
 * Where a node's content ends: the end of its last key or value, descending into the last item of block
 * collections. A node's own range is not that: an empty value followed by a comment (`matchLabels:   # all`)
 * has a range running to the next key, so a line inserted "after" it landed after the next key.
 */
export function contentEnd(node: unknown): number | undefined {
  let cur: unknown = node;
  let end: number | undefined;
  for (let guard = 0; guard < 10_000 && cur; guard++) {
    if (isPair(cur)) {
      const kEnd = range(cur.key)?.[1];
      const v = cur.value;
      const vr = range(v);
      if (kEnd !== undefined) end = Math.max(end ?? 0, kEnd);
      if (!v || !vr || (isScalar(v) && v.value === null && vr[0] === vr[1])) return end;
      cur = v;
      continue;
    }
    const r = range(cur);
    if (!r) return end;
    if ((isMap(cur) || isSeq(cur)) && !cur.flow && cur.items.length > 0) {
      cur = cur.items[cur.items.length - 1];
      continue;
    }
    // Scalars, aliases, flow collections: their value end is where their text ends.
    return Math.max(end ?? 0, r[1]);
  }
  return end;
}

interface StyleEvidence {
  indent?: number;
  seqIndent?: boolean;
}

// Evidence per parsed document, computed once: code actions ask for the style of every policy of a file.
const evidence = new WeakMap<Document, { text: string; ev: StyleEvidence }>();

function evidenceOf(text: string, doc: Document): StyleEvidence {
  const hit = evidence.get(doc);
  if (hit && hit.text === text) return hit.ev;
  const ev: StyleEvidence = {};
  visit(doc, {
    Pair(_, pair) {
      if (ev.indent !== undefined && ev.seqIndent !== undefined) return visit.BREAK;
      const k = range(pair.key);
      const v = pair.value;
      if (!k) return undefined;
      if (isMap(v) && !v.flow && ev.indent === undefined) {
        const first = v.items[0];
        const fk = first ? range(first.key) : undefined;
        const step = fk && lineBreakBetween(text, k[0], fk[0]) ? columnOf(text, fk[0]) - columnOf(text, k[0]) : 0;
        if (step > 0 && step <= 8) ev.indent = step;
      } else if (isSeq(v) && !v.flow && ev.seqIndent === undefined) {
        const r = range(v);
        if (r && lineBreakBetween(text, k[0], r[0])) ev.seqIndent = columnOf(text, r[0]) > columnOf(text, k[0]);
      }
      return undefined;
    },
  });
  evidence.set(doc, { text, ev });
  return ev;
}

/**
 * The style of the given documents (first evidence wins, in order): the indent step of nested block maps and
 * whether block sequences under a key are indented. Defaults: 2 spaces, indented sequences. Linear in the
 * text (each document is visited once per text), whatever the line lengths.
 */
export function detectStyle(text: string, docs: readonly Document[]): YamlStyle {
  let indent: number | undefined;
  let seqIndent: boolean | undefined;
  for (const doc of docs) {
    const ev = evidenceOf(text, doc);
    indent ??= ev.indent;
    seqIndent ??= ev.seqIndent;
    if (indent !== undefined && seqIndent !== undefined) break;
  }
  return { indent: indent ?? 2, seqIndent: seqIndent ?? true, eol: eolOf(text) };
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
// YAML 1.1 and 1.2 words that a plain scalar would turn into booleans or null.
const SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/** A scalar as YAML source: numbers bare, strings plain when that reads back as the same string, else quoted. */
export function scalarText(v: string | number): string {
  if (typeof v === 'number') return String(v);
  return PLAIN.test(v) && !SPECIAL.test(v) ? v : JSON.stringify(v);
}

const pad = (n: number): string => ' '.repeat(n);
const isCollection = (v: YValue): v is YValue[] | YMap => typeof v === 'object';

/** Lines (without line endings) of a block map whose keys start at `col`. */
export function mapLines(m: YMap, col: number, st: YamlStyle): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    const key = `${pad(col)}${scalarText(k)}:`;
    if (!isCollection(v)) out.push(`${key} ${scalarText(v)}`);
    else if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${key} []`);
      else out.push(key, ...seqLines(v, col + (st.seqIndent ? st.indent : 0), st));
    } else if (Object.keys(v).length === 0) out.push(`${key} {}`);
    else out.push(key, ...mapLines(v, col + st.indent, st));
  }
  return out;
}

/** Lines of a block sequence whose dashes sit at `dashCol`; map items start `offset` columns after the dash. */
export function seqLines(items: YValue[], dashCol: number, st: YamlStyle, offset = 2): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (!isCollection(item)) out.push(`${pad(dashCol)}- ${scalarText(item)}`);
    else if (Array.isArray(item)) out.push(`${pad(dashCol)}- ${flowText(item)}`);
    else {
      const inner = mapLines(item, dashCol + offset, st);
      if (inner.length === 0) out.push(`${pad(dashCol)}- {}`);
      else out.push(`${pad(dashCol)}-${pad(offset - 1)}${(inner[0] ?? '').trimStart()}`, ...inner.slice(1));
    }
  }
  return out;
}

/** A value in flow style on one line: `{to: [{podSelector: {}}], ports: [{port: 53}]}`. */
export function flowText(v: YValue): string {
  if (!isCollection(v)) return scalarText(v);
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${scalarText(k)}: ${flowText(x)}`).join(', ')}}`;
}

/** Where a new line can start after a block node ending at `end`: the next line start (adding a line break at EOF). */
function lineAfter(text: string, end: number, eol: string): { offset: number; prefix: string } {
  if (end > 0 && text[end - 1] === '\n') return { offset: end, prefix: '' };
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { offset: text.length, prefix: eol };
  return { offset: nl + 1, prefix: '' };
}

/** Inserts `lines` as whole lines after a node's last line of content (its trailing comment stays on it). */
export function insertLinesAfter(text: string, node: Node, lines: string[], st: YamlStyle): TextEditSpan | undefined {
  const end = contentEnd(node);
  if (end === undefined) return undefined;
  const at = lineAfter(text, end, st.eol);
  return { span: { start: at.offset, end: at.offset }, newText: at.prefix + lines.map((l) => l + st.eol).join('') };
}

/** Appends an item to a sequence, in its own style (block: same dash column and item offset; flow: `, item`). */
export function appendToSeq(text: string, seq: YAMLSeq, item: YValue, st: YamlStyle): TextEditSpan | undefined {
  const r = range(seq);
  if (!r) return undefined;
  if (seq.flow) {
    const last = seq.items[seq.items.length - 1];
    const lr = range(last);
    if (last === undefined) {
      const close = text.lastIndexOf(']', r[1] - 1);
      if (close < r[0]) return undefined;
      return { span: { start: close, end: close }, newText: flowText(item) };
    }
    if (!lr) return undefined;
    // Right after the last item (before any comma or comment), so a trailing comment never swallows it.
    return { span: { start: lr[1], end: lr[1] }, newText: `, ${flowText(item)}` };
  }
  const dashCol = columnOf(text, r[0]);
  const first = range(seq.items[0]);
  const offset = first && text.lastIndexOf('\n', first[0] - 1) < r[0] ? Math.max(2, columnOf(text, first[0]) - dashCol) : 2;
  return insertLinesAfter(text, seq, seqLines([item], dashCol, st, offset), st);
}

/** Adds `key: value` at the end of a map (block: a new line at the keys' column; flow: `, key: value`). */
export function addPair(text: string, map: YAMLMap, key: string, value: YValue, st: YamlStyle): TextEditSpan | undefined {
  const r = range(map);
  if (!r) return undefined;
  if (map.flow) {
    const last = map.items[map.items.length - 1];
    const end = last ? range(last.value)?.[1] ?? range(last.key)?.[1] : undefined;
    const entry = `${scalarText(key)}: ${flowText(value)}`;
    if (end === undefined) {
      const close = text.lastIndexOf('}', r[1] - 1);
      return close < r[0] ? undefined : { span: { start: close, end: close }, newText: entry };
    }
    return { span: { start: end, end }, newText: `, ${entry}` };
  }
  const fk = range(map.items[0]?.key);
  if (!fk) return undefined;
  return insertLinesAfter(text, map, mapLines({ [key]: value }, columnOf(text, fk[0]), st), st);
}

/**
 * Gives an empty value (`key:` or `key: ~`) a value: a block collection on the following lines (indented
 * one level below the key) or, for written nulls, the flow form in place.
 */
export function fillNull(text: string, keyNode: Node, valueNode: Node | null | undefined, value: YValue, st: YamlStyle): TextEditSpan | undefined {
  const k = range(keyNode);
  if (!k) return undefined;
  const vr = range(valueNode);
  if (vr && vr[1] > vr[0]) {
    if (!isScalar(valueNode)) return undefined;
    return { span: { start: vr[0], end: vr[1] }, newText: flowText(value) };
  }
  const col = columnOf(text, k[0]);
  const lines = Array.isArray(value)
    ? seqLines(value, col + (st.seqIndent ? st.indent : 0), st)
    : isCollection(value)
      ? mapLines(value, col + st.indent, st)
      : undefined;
  if (!lines) return undefined;
  const at = lineAfter(text, k[1], st.eol);
  return { span: { start: at.offset, end: at.offset }, newText: at.prefix + lines.map((l) => l + st.eol).join('') };
}
