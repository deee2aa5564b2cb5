// Where an edit's re-parse starts and ends (incremental.ts): the changed span of the text, the `---` boundaries
// around it, and the documents after it moved to their new offsets. Each pass is a function of its own: one
// generator holding them all took V8's optimizing compiler 90-100 ms, again after every deoptimization.
import { isAlias, isCollection, isPair, isScalar, type Document } from 'yaml';
import { duplicatesOf, setDuplicates } from './bounded.ts';

/** Characters compared at once when finding the changed region, and chunks compared between two stops. */
const CHUNK = 4096;
const CHUNKS_PER_STEP = 64;

/** Documents moved or carried over between two stops of a re-parse (four times as many in its lighter passes). */
export const DOCS_PER_STEP = 200;

/** A document of the previous parse, or (no `doc`) a document it skipped for its size: [start, end). */
export interface Unit {
  start: number;
  end: number;
  doc?: Document.Parsed;
}

/** No directives (`%YAML`, `%TAG` apply across a marker) and no byte-order marks: boundaries are plain `---` lines. */
export function plainStream(text: string): boolean {
  return !/^%/m.test(text) && !text.includes('\uFEFF');
}

/**
 * The changed region of `old` -> `text`: [p, old.length - s) in the old text, [p, text.length - s) in the new one.
 * Whole chunks are compared natively first (a 5 MB text char by char took 50-100 ms in one go), stopping between.
 */
export function* changedRegionSteps(old: string, text: string): Generator<void, { p: number; s: number }, void> {
  const min = Math.min(old.length, text.length);
  let p = 0;
  for (let n = 1; p + CHUNK <= min && old.slice(p, p + CHUNK) === text.slice(p, p + CHUNK); n++) {
    p += CHUNK;
    if (n % CHUNKS_PER_STEP === 0) yield;
  }
  while (p < min && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  for (let n = 1; s + CHUNK <= min - p && old.slice(old.length - s - CHUNK, old.length - s) === text.slice(text.length - s - CHUNK, text.length - s); n++) {
    s += CHUNK;
    if (n % CHUNKS_PER_STEP === 0) yield;
  }
  while (s < min - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  return { p, s };
}

/**
 * The span to parse again, [from, to) of the new text, from the last document start wholly before the change
 * [p, text.length - s) to the first one wholly after it; `units` (in source order) before `before` are kept, from
 * `after` on moved by `delta`. Kept units must end exactly where the span starts (nothing in between that the
 * parser would carry into the next document, such as comments after a `...`), moved ones must start exactly where
 * it ends; otherwise the span widens to the text's start or end.
 */
export function alignedSpan(text: string, units: readonly Unit[], p: number, s: number, delta: number): { from: number; to: number; before: number; after: number } {
  let from = lastBoundaryBefore(text, p);
  let to = firstBoundaryAfter(text, text.length - s);
  let before = units.findIndex((d) => d.end > from || d.start >= from);
  if (before === -1) before = units.length;
  if (from > 0 && (before === 0 || units[before - 1]?.end !== from)) {
    from = 0;
    before = 0;
  }
  let after = units.findIndex((d) => d.start >= to - delta);
  if (after === -1) after = units.length;
  if (to < text.length && (after === 0 || after === units.length || units[after]?.start !== to - delta || units[after - 1]?.end !== to - delta)) {
    to = text.length;
    after = units.length;
  }
  return { from, to, before, after };
}

/** Whether a `---` document marker starts at `i` (a line start): followed by white space or the end. */
function markerAt(text: string, i: number): boolean {
  if (!text.startsWith('---', i)) return false;
  const c = text[i + 3];
  return c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** The last document marker line whose marker (and the character after it) ends before `p`, else 0. */
function lastBoundaryBefore(text: string, p: number): number {
  for (let i = text.lastIndexOf('\n---', p - 5); i !== -1; i = i === 0 ? -1 : text.lastIndexOf('\n---', i - 1)) {
    if (markerAt(text, i + 1) && i + 5 <= p) return i + 1;
  }
  return 0;
}

/** The first document marker line whose preceding line break lies at or after `q`, else the text's end. */
export function firstBoundaryAfter(text: string, q: number): number {
  for (let i = text.indexOf('\n---', q); i !== -1; i = text.indexOf('\n---', i + 1)) if (markerAt(text, i + 1)) return i + 1;
  return text.length;
}

/** Moves every document of `docs` by `delta` (in place), stopping every DOCS_PER_STEP documents. */
export function* moveDocumentsSteps(docs: readonly Document.Parsed[], delta: number): Generator<void, void, void> {
  if (delta === 0) return;
  for (const [i, d] of docs.entries()) {
    if (i > 0 && i % DOCS_PER_STEP === 0) yield;
    moveDocument(d, delta);
  }
}

/** Shifts every offset of a document in place: its range, its nodes' ranges, its errors and duplicate keys. */
function moveDocument(doc: Document.Parsed, delta: number): void {
  shift(doc.range, delta);
  for (let i = 0; i < doc.errors.length; i++) shift(doc.errors[i]?.pos, delta);
  for (let i = 0; i < doc.warnings.length; i++) shift(doc.warnings[i]?.pos, delta);
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) stack.push(node.key, node.value);
    else if (isScalar(node) || isAlias(node)) shift(node.range, delta);
    else if (isCollection(node)) {
      shift(node.range, delta);
      // Indexed: an array iterator per collection was most of what moving the later half of a 4.7 MB file allocated.
      const items = node.items as unknown[];
      for (let i = 0; i < items.length; i++) stack.push(items[i]);
    }
  }
  setDuplicates(doc, (duplicatesOf(doc) ?? []).map((d) => ({ start: d.start + delta, end: d.end + delta })));
}

function shift(range: number[] | null | undefined, delta: number): void {
  if (!range) return;
  for (let i = 0; i < range.length; i++) range[i] = (range[i] ?? 0) + delta;
}
