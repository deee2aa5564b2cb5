// Text-level YAML editing for quick fixes: detect a file's style (indent, indented `- `, line endings), render
// small values in block or flow style, and compute insertions from node ranges so comments and layout survive.
import { isMap, isScalar, isSeq, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
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

/** 0-based column of an offset (UTF-16 units from the line start). */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

const range = (n: unknown): [number, number, number] | undefined => (n as { range?: [number, number, number] } | null | undefined)?.range ?? undefined;

/**
 * The style of the given documents (first evidence wins, in order): the indent step of nested block maps and
 * whether block sequences under a key are indented. Defaults: 2 spaces, indented sequences.
 */
export function detectStyle(text: string, docs: readonly Document[]): YamlStyle {
  let indent: number | undefined;
  let seqIndent: boolean | undefined;
  for (const doc of docs) {
    visit(doc, {
      Pair(_, pair) {
        const k = range(pair.key);
        const v = pair.value;
        if (!k || (indent !== undefined && seqIndent !== undefined)) return;
        const keyCol = columnOf(text, k[0]);
        if (isMap(v) && !v.flow && indent === undefined) {
          const first = v.items[0];
          const fk = first ? range(first.key) : undefined;
          const step = fk ? columnOf(text, fk[0]) - keyCol : 0;
          if (step > 0 && step <= 8) indent = step;
        } else if (isSeq(v) && !v.flow && seqIndent === undefined) {
          const r = range(v);
          if (r && text.lastIndexOf('\n', r[0] - 1) > k[0]) seqIndent = columnOf(text, r[0]) > keyCol;
        }
      },
    });
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

/** Inserts `lines` as whole lines after a block node (its last line, trailing comment included). */
export function insertLinesAfter(text: string, node: Node, lines: string[], st: YamlStyle): TextEditSpan | undefined {
  const r = range(node);
  if (!r) return undefined;
  const at = lineAfter(text, r[1], st.eol);
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
