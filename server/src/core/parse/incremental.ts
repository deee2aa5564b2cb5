// Incremental re-parsing after an edit: only the `---` documents the edit touched are parsed again; the others
// are kept (before the edit) or moved (after it: every offset shifted). Whenever the yaml library might draw the
// document boundaries differently than a full parse would, it falls back to the full parse.
import type { Document } from 'yaml';
import { finish } from '../steps.ts';
import { boundedParseSteps, duplicatesOf, givesErrorsBack, normaliseLineBreaks, oversizedOf, readsPastItself, type BoundedParse } from './bounded.ts';
import { alignedSpan, changedRegionSteps, DOCS_PER_STEP, moveDocumentsSteps, plainStream, type Unit } from './regions.ts';
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
  const { p, s } = yield* changedRegionSteps(prev.text, text);
  const delta = text.length - prev.text.length;
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
  const { from, to, before, after } = alignedSpan(text, units, p, s, delta);
  if (after < before) return yield* full();
  const docsOf = (list: Unit[]): Document.Parsed[] => list.flatMap((u) => (u.doc ? [u.doc] : []));
  const kept = docsOf(units.slice(0, before));
  const moved = docsOf(units.slice(after));
  yield;
  // A kept document with an unclosed quote looked for the quote in the text the edit changed; the documents
  // next to the region must not have given errors to their neighbour (the composer's stray errors).
  if (yield* someReadsPastItself(kept)) return yield* full();
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
  const parsed = fittingRegion(region.docs, from, to, text.length);
  if (!parsed) return yield* full();
  const next = yield* spliceSteps({ prev, uri, text, units, before, after, kept, parsed, moved, delta }, stats, region.docs.length);
  return next ?? (yield* full());
}

/**
 * The documents of a re-parsed span [from, to) as a full parse would have them, or undefined: nothing after the
 * last one (comments or errors there would belong to the next document), exactly one begun at `to` (dropped
 * again: the old one moves), none reading past its end or giving errors back to the kept document before it.
 */
function fittingRegion(docs: readonly Document.Parsed[], from: number, to: number, length: number): Document.Parsed[] | undefined {
  const parsed = docs.filter((d) => d.range[0] < to);
  const beyond = docs.slice(parsed.length);
  const last = parsed[parsed.length - 1];
  if (to < length && from < to && last?.range[2] !== to) return undefined;
  if (to < length && (beyond.length !== 1 || beyond[0]?.range[0] !== to)) return undefined;
  if (parsed.some((d) => d.range[0] < from || d.range[2] > to || readsPastItself(d))) return undefined;
  if (from > 0 && parsed[0] && givesErrorsBack(parsed[0])) return undefined;
  return parsed;
}

/** What reparseFileSteps splices: `kept` and `moved` (by `delta`) documents of `prev` around the `parsed` ones. */
interface Splice {
  prev: ParsedFile;
  uri: string;
  text: string;
  units: Unit[];
  before: number;
  after: number;
  kept: Document.Parsed[];
  parsed: Document.Parsed[];
  moved: Document.Parsed[];
  delta: number;
}

/** The new parse of the spliced documents, consuming `prev`; undefined (nothing consumed) when a full parse must do. */
function* spliceSteps(x: Splice, stats: ReparseStats | undefined, composed: number): Generator<void, ParsedFile | undefined, void> {
  const { prev, kept, parsed, moved, delta } = x;
  // Before moving: the style fixes are written in, and the previous objects of each document.
  const style = styleKey(prev);
  yield;
  const previous = objectsByDoc(prev);
  yield;
  const all = [...kept, ...parsed, ...moved];
  const duplicates = yield* duplicatesSteps(all, new Set(moved), delta);
  if (!duplicates) return undefined;
  // From here on `prev` loses its later documents to the new parse, and whatever still reads it is stale.
  CONSUMED.add(prev);
  yield* moveDocumentsSteps(moved, delta);
  const oversized = [...x.units.slice(0, x.before), ...x.units.slice(x.after).map((u) => ({ ...u, start: u.start + delta, end: u.end + delta }))].filter((u) => !u.doc).map((u) => ({ start: u.start, end: u.end }));
  if (stats) Object.assign(stats, { parsedDocs: composed, keptDocs: all.length - parsed.length, full: false });
  const next = yield* fileFromParseSteps(x.uri, x.text, oversized.length > 0 ? { docs: all, duplicates, oversized } : { docs: all, duplicates });
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
    yield* carrySteps(kept, 0, previous, current);
    yield* carrySteps(moved, delta, previous, current);
  }
  return next;
}

/** Whether a document of `docs` read past its end (an unclosed quote), stopping between documents. */
function* someReadsPastItself(docs: readonly Document.Parsed[]): Generator<void, boolean, void> {
  for (const [i, d] of docs.entries()) {
    if (i > 0 && i % (4 * DOCS_PER_STEP) === 0) yield;
    if (readsPastItself(d)) return true;
  }
  return false;
}

/** The duplicate keys of `docs`, those of `moved` ones shifted by `delta`; undefined when one has none recorded. */
function* duplicatesSteps(docs: readonly Document.Parsed[], moved: ReadonlySet<Document.Parsed>, delta: number): Generator<void, BoundedParse['duplicates'] | undefined, void> {
  const duplicates: BoundedParse['duplicates'] = [];
  for (const [i, d] of docs.entries()) {
    if (i > 0 && i % (4 * DOCS_PER_STEP) === 0) yield;
    const own = duplicatesOf(d);
    if (!own) return undefined;
    duplicates.push(...(moved.has(d) ? own.map((k) => ({ start: k.start + delta, end: k.end + delta })) : own));
  }
  return duplicates;
}

/** Links each new object of `docs` to the same object of the previous parse (same place, kind and name). */
function* carrySteps(docs: readonly Document.Parsed[], delta: number, previous: Map<Document, ManifestObject[]>, current: Map<Document, ManifestObject[]>): Generator<void, void, void> {
  for (const [i, d] of docs.entries()) {
    if (i > 0 && i % DOCS_PER_STEP === 0) yield;
    const olds = previous.get(d) ?? [];
    const news = current.get(d) ?? [];
    if (olds.length !== news.length) continue;
    news.forEach((o, k) => {
      const from = olds[k];
      if (from && from.listIndex === o.listIndex && from.kind === o.kind && from.name === o.name) CARRIED.set(o, { from, delta });
    });
  }
}

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
