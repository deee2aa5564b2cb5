// Incremental re-parsing after an edit: only the `---` documents the edit touched are parsed again; the others
// are kept (before the edit) or moved (after it: every offset shifted). Whenever the yaml library might draw the
// document boundaries differently than a full parse would, it falls back to the full parse.
import { isPair, isScalar, isAlias, isCollection, type Document } from 'yaml';
import { finish } from '../steps.ts';
import { boundedParseSteps, duplicatesOf, givesErrorsBack, normaliseLineBreaks, oversizedOf, readsPastItself, setDuplicates, type BoundedParse } from './bounded.ts';
import { detectStyle } from '../fixes/yaml-text.ts';
import { fileFromParseSteps, parseWholeSteps, type ManifestObject, type ParsedFile, type ParseOptions } from './parse.ts';

/** Counters for tests: how many documents the last re-parses composed again, and how many were kept. */
export interface ReparseStats {
  parsedDocs: number;
  keptDocs: number;
  full: boolean;
}

/**
 * The parse of `rawText`, re-using the documents of `prev` (the same file's previous text) that the change did
 * not touch. The result equals parseFile(uri, rawText, opts) in every offset, node, issue and object.
 * `prev` is consumed: the documents after the edit are moved into the new file, so `prev` must not be read again.
 */
// Parses consumed by reparseFile (their documents moved, offsets shifted): an analysis paused over one of them
// would finish with the new text's offsets for the old text's inputs (lsp/slices.ts Runs drops such a run).
// It counts what it was given, so a caller polling thousands of inputs scans them only after the count grew.
const CONSUMED = new (class extends WeakSet<object> {
  added = 0;
  override add(file: object): this {
    this.added++;
    return super.add(file);
  }
})();

/** How many parses reparseFile consumed so far (lsp/slices.ts looks at its inputs again only when it grew). */
export function consumedCount(): number {
  return CONSUMED.added;
}

/** Whether `file` was consumed by reparseFile, so that nothing may read it any more. */
export function consumed(file: unknown): boolean {
  return typeof file === 'object' && file !== null && CONSUMED.has(file);
}

export function reparseFile(prev: ParsedFile | undefined, uri: string, rawText: string, opts: ParseOptions, stats?: ReparseStats): ParsedFile {
  return finish(reparseFileSteps(prev, uri, rawText, opts, stats));
}

/**
 * reparseFile, stopping (`yield`) inside the parse of the changed documents (or of the whole text) and while it
 * moves and reads the other documents, so an adapter answers other requests while a keystroke in a huge file is
 * handled. Until it consumes `prev` (consumed() turns true) it only reads it, so it may be abandoned unharmed; one
 * abandoned after leaves `prev` consumed, and a later re-parse from it reads the whole text.
 */
export function* reparseFileSteps(prev: ParsedFile | undefined, uri: string, rawText: string, opts: ParseOptions, stats?: ReparseStats): Generator<void, ParsedFile, void> {
  const full = function* (): Generator<void, ParsedFile, void> {
    if (stats) Object.assign(stats, { parsedDocs: -1, keptDocs: 0, full: true });
    return yield* parseWholeSteps(uri, rawText, opts);
  };
  // A stop before the first read of the text: an editor's edit was just applied to it (the server's line table moved
  // in the same turn, about 13 ms for the 4.7 MB file), and reading it first flattens it (about 15 ms more).
  yield;
  const text = normaliseLineBreaks(rawText);
  // A consumed parse had its later documents moved to another text's offsets: nothing can be re-used from it.
  if (!prev || prev.uri !== uri || consumed(prev) || !reusable(prev) || text.length > opts.maxFileSize) return yield* full();
  // Each check reads the whole text (with the line-break check above, about 15-25 ms at once for the 4.7 MB file,
  // which a hover waited for): a stop between them.
  yield;
  if (text.includes('\u0000')) return yield* full();
  yield;
  if (!plainStream(text)) return yield* full();
  const old = prev.text;
  // The changed region: [p, old.length - s) in the old text, [p, text.length - s) in the new one.
  const min = Math.min(old.length, text.length);
  // Whole chunks compared natively first (a 5 MB text char by char took 50-100 ms in one go), stopping between.
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
  const delta = text.length - old.length;

  // Re-parse from the last document start wholly before the change to the first one wholly after it.
  let from = lastBoundaryBefore(text, p);
  let to = firstBoundaryAfter(text, text.length - s);
  // The previous parse's documents and the documents it skipped for their size, in source order: both are kept
  // (before the change) or moved (after it) alike. A skipped document is text between two marker lines.
  const units: Unit[] = prev.docs.map((d) => ({ start: d.range[0], end: d.range[2], doc: d }));
  const skipped = oversizedOf(prev);
  if (skipped.length > 0) {
    for (const o of skipped) units.push({ start: o.start, end: o.end });
    units.sort((a, b) => a.start - b.start);
  }
  // Here and below, stops between passes over every document: a 4.7 MB file's 30,000 made each pass a few ms,
  // and a hover waited for all of them together.
  yield;
  // Kept documents must end exactly where the region starts (nothing in between that the parser would carry
  // into the next document, such as comments after a `...`); moved ones must start exactly where it ends.
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
  if (after < before) return yield* full();
  const docsOf = (list: Unit[]): Document.Parsed[] => list.flatMap((u) => (u.doc ? [u.doc] : []));
  const kept = docsOf(units.slice(0, before));
  const moved = docsOf(units.slice(after));
  yield;
  // A kept document with an unclosed quote looked for the quote in the text the edit changed; the documents
  // next to the region must not have given errors to their neighbour (the composer's stray errors).
  for (const [i, d] of kept.entries()) {
    if (i > 0 && i % (4 * DOCS_PER_STEP) === 0) yield;
    if (readsPastItself(d)) return yield* full();
  }
  const oldFirst = units[before]?.doc;
  if (before > 0 && oldFirst && before < after && givesErrorsBack(oldFirst)) return yield* full();
  const firstMoved = units[after]?.doc;
  if (firstMoved && givesErrorsBack(firstMoved)) return yield* full();

  // The region runs on over the marker line at `to`, so its documents end at a real `---` as in a full parse
  // (not at the end of a shorter text); the document begun there is dropped again (the old one moves).
  const eol = text.indexOf('\n', to);
  const ext = to < text.length && eol !== -1 ? eol + 1 : text.length;
  const region = yield* boundedParseSteps(text, from, ext);
  // A document over the token budget in the region (the edit is inside a skipped document): where a parse of the
  // whole text would stop skipping it is decided there, so that parse decides. A region that is the whole text
  // (one huge document) was that parse: it is not done twice.
  if (region.tooDeepAt !== undefined || region.oversized) {
    if (from !== 0 || ext !== text.length) return yield* full();
    if (stats) Object.assign(stats, { parsedDocs: -1, keptDocs: 0, full: true });
    return yield* fileFromParseSteps(uri, text, region);
  }
  const parsed = region.docs.filter((d) => d.range[0] < to);
  const beyond = region.docs.slice(parsed.length);
  const last = parsed[parsed.length - 1];
  // Comments or errors after the region's last document would belong to the next document in a full parse.
  if (to < text.length && from < to && last?.range[2] !== to) return yield* full();
  if (to < text.length && (beyond.length !== 1 || beyond[0]?.range[0] !== to)) return yield* full();
  if (parsed.some((d) => d.range[0] < from || d.range[2] > to || readsPastItself(d))) return yield* full();
  if (from > 0 && parsed[0] && givesErrorsBack(parsed[0])) return yield* full();

  // Before moving: the style fixes are written in, and the previous objects of each document.
  const style = styleKey(prev);
  yield;
  const previous = objectsByDoc(prev);
  yield;
  const all = [...kept, ...parsed, ...moved];
  const duplicates: BoundedParse['duplicates'] = [];
  const movedSet = new Set(moved);
  for (const [i, d] of all.entries()) {
    if (i > 0 && i % (4 * DOCS_PER_STEP) === 0) yield;
    const own = duplicatesOf(d);
    if (!own) return yield* full();
    duplicates.push(...(movedSet.has(d) ? own.map((k) => ({ start: k.start + delta, end: k.end + delta })) : own));
  }
  // From here on `prev` loses its later documents to the new parse, and whatever still reads it is stale.
  CONSUMED.add(prev);
  if (delta !== 0) {
    for (const [i, d] of moved.entries()) {
      if (i > 0 && i % DOCS_PER_STEP === 0) yield;
      moveDocument(d, delta);
    }
  }
  const oversized = [...units.slice(0, before), ...units.slice(after).map((u) => ({ ...u, start: u.start + delta, end: u.end + delta }))].filter((u) => !u.doc).map((u) => ({ start: u.start, end: u.end }));
  if (stats) Object.assign(stats, { parsedDocs: region.docs.length, keptDocs: all.length - parsed.length, full: false });
  const next = yield* fileFromParseSteps(uri, text, oversized.length > 0 ? { docs: all, duplicates, oversized } : { docs: all, duplicates });
  // Readers look one version back only (prev is consumed). The links of prev's objects to their own predecessors
  // would chain every earlier version of the file to this one (each holding its parse: text, lines, trees, cached
  // results), so an open document grew by a whole file per keystroke for as long as it stayed open.
  for (const [i, o] of prev.objects.entries()) {
    if (i > 0 && i % (4 * DOCS_PER_STEP) === 0) yield;
    CARRIED.delete(o);
  }
  // The results of an object depend on its document's text and on the file's style (a fix writes the file's
  // indentation and line ends): with the style unchanged, kept and moved objects carry their results over.
  if (styleKey(next) === style) {
    yield;
    const current = objectsByDoc(next);
    yield;
    for (const [list, shift] of [[kept, 0], [moved, delta]] as const) {
      for (const [i, d] of list.entries()) {
        if (i > 0 && i % DOCS_PER_STEP === 0) yield;
        const olds = previous.get(d) ?? [];
        const news = current.get(d) ?? [];
        if (olds.length !== news.length) continue;
        news.forEach((o, i) => {
          const from = olds[i];
          if (from && from.listIndex === o.listIndex && from.kind === o.kind && from.name === o.name) CARRIED.set(o, { from, delta: shift });
        });
      }
    }
  }
  return next;
}

/** Characters compared at once when finding the changed region, and chunks compared between two stops. */
const CHUNK = 4096;
const CHUNKS_PER_STEP = 64;

/** Documents moved or carried over between two stops of reparseFileSteps. */
const DOCS_PER_STEP = 200;

// New objects of kept or moved documents -> the same object in the previous parse, and the offset shift.
const CARRIED = new WeakMap<ManifestObject, { from: ManifestObject; delta: number }>();

/**
 * The previous version of an object whose document an edit did not touch (reparseFile), with the shift of its
 * offsets: per-object results (validation, file-rule findings) are carried over instead of computed again.
 */
export function carriedFrom(obj: ManifestObject): { from: ManifestObject; delta: number } | undefined {
  return CARRIED.get(obj);
}

function styleKey(file: ParsedFile): string {
  return JSON.stringify(detectStyle(file.text, file.docs));
}

function objectsByDoc(file: ParsedFile): Map<Document, ManifestObject[]> {
  const out = new Map<Document, ManifestObject[]>();
  for (const o of file.objects) {
    const list = out.get(o.doc);
    if (list) list.push(o);
    else out.set(o.doc, [o]);
  }
  return out;
}

/**
 * A previous parse whose documents can be re-used: parsed at all (not declined as too large, binary, too deep).
 * Documents it skipped for their size are re-used too, as the places they were (oversizedOf).
 */
function reusable(file: ParsedFile): boolean {
  return !file.issues.some((i) => i.kind === 'too-large' || i.kind === 'binary' || i.kind === 'too-deep');
}

/** A document of the previous parse, or (no `doc`) a document it skipped for its size: [start, end). */
interface Unit {
  start: number;
  end: number;
  doc?: Document.Parsed;
}

/** No directives (`%YAML`, `%TAG` apply across a marker) and no byte-order marks: boundaries are plain `---` lines. */
export function plainStream(text: string): boolean {
  return !/^%/m.test(text) && !text.includes('\uFEFF');
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
