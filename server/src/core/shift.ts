// Moving results with their text: after an edit, the findings of a document the edit did not touch are those
// of its previous version with every offset in the file shifted (spans, related spans, fix edits).
import { changedRegionSteps } from './parse/regions.ts';
import type { Span } from './source.ts';
import { finish } from './steps.ts';
import type { Fix, RelatedInfo } from './types.ts';

/** The parts of a finding or problem that hold offsets. */
export interface Shiftable {
  span: Span;
  uri?: string;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

export function shiftSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

/** A copy of `r` moved by `delta` within file `uri`; offsets into other files stay as they are. */
export function shiftReport<T extends Shiftable>(r: T, delta: number, uri: string): T {
  if (delta === 0) return r;
  const out: T = { ...r };
  if (r.uri === undefined || r.uri === uri) out.span = shiftSpan(r.span, delta);
  if (r.related) out.related = r.related.map((x) => (x.uri === uri ? { ...x, span: shiftSpan(x.span, delta) } : x));
  if (r.fixes) out.fixes = r.fixes.map((f) => (f.uri === undefined || f.uri === uri ? { ...f, edits: f.edits.map((e) => ({ ...e, span: shiftSpan(e.span, delta) })) } : f));
  return out;
}

/**
 * What an edit changed between two parses of one file, when the later one kept or moved documents of the earlier
 * (parse/incremental.ts, possibly over several versions): positions before `from` stay, those after `oldTo` (in
 * the earlier text) move by `delta`; the documents in between were parsed again and their positions are unknown.
 */
export interface EditRegion {
  uri: string;
  from: number;
  oldTo: number;
  delta: number;
}

interface Parsed {
  uri: string;
  text: string;
  docs: readonly { range: readonly number[] }[];
}

/** The region between two parses of the same file (undefined: not the same file); all of it if none is shared. */
export function editRegion(before: Parsed, after: Parsed): EditRegion | undefined {
  if (before.uri !== after.uri) return undefined;
  const a = before.docs;
  const b = after.docs;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  const delta = after.text.length - before.text.length;
  const whole = { uri: after.uri, from: 0, oldTo: before.text.length, delta };
  const from = i > 0 ? (b[i - 1]?.range[2] ?? 0) : 0;
  const to = j > 0 ? (b[b.length - j]?.range[0] ?? after.text.length) : after.text.length;
  const oldTo = to - delta;
  if (from > to || from > oldTo || oldTo > before.text.length) return whole;
  // Shared documents are the same text (kept) or the same text moved: checked, as a guard on the chain of parses.
  if (before.text.slice(0, from) !== after.text.slice(0, from) || before.text.slice(oldTo) !== after.text.slice(to)) return whole;
  return { uri: after.uri, from, oldTo, delta };
}

/** A span's place after the edit, or undefined when it touches the region (then it cannot be known here). */
function mapSpan(span: Span, r: EditRegion): Span | undefined {
  const empty = span.start === span.end;
  if (span.end < r.from || (!empty && span.end === r.from)) return span;
  if (span.start > r.oldTo || (!empty && span.start === r.oldTo)) return shiftSpan(span, r.delta);
  return undefined;
}

/** Whether a span touches the edited region (its place after the edit is unknown). */
export function touchesRegion(span: Span, r: EditRegion): boolean {
  return mapSpan(span, r) === undefined;
}

/** Whether a finding's data names offsets (then only a fresh analysis knows them). */
function dataHasOffsets(data: unknown): boolean {
  return data !== undefined && /"(?:span|spans|start|end|offset)"|Spans?"/.test(JSON.stringify(data) ?? '');
}

/** Whether finding `f` (of file `owner` unless it says otherwise) is in `uri`, points into it or edits it. */
export function namesFile(f: Shiftable, owner: string, uri: string): boolean {
  const at = f.uri ?? owner;
  return at === uri || !!f.related?.some((x) => x.uri === uri) || !!f.fixes?.some((x) => (x.uri ?? at) === uri);
}

/**
 * Findings of file `owner` (any file) as they are after the edit `r` of file `r.uri`, when none of them touches the
 * edited region (span, related places, fix edits); undefined otherwise.
 */
export function mapFindings<T extends Shiftable & { data?: unknown }>(list: readonly T[], owner: string, r: EditRegion): T[] | undefined {
  // Copied from the first finding that moves: most lists (other files' findings) come back as they are. An editor
  // with ten open documents moved every file's list for each of them after each keystroke, and the garbage of
  // those copies was most of the keystroke's CPU. Finding lists are never changed once made.
  let out: T[] | undefined;
  for (const [i, f] of list.entries()) {
    const at = f.uri ?? owner;
    // Most findings of other files name nothing in the edited one: kept as they are, without a look at their data.
    if (!namesFile(f, owner, r.uri)) {
      out?.push(f);
      continue;
    }
    if (dataHasOffsets(f.data)) return undefined;
    let moved: T = f;
    if (at === r.uri) {
      const span = mapSpan(f.span, r);
      if (!span) return undefined;
      if (span !== f.span) moved = { ...moved, span };
    }
    if (f.related?.some((x) => x.uri === r.uri)) {
      const related = [];
      for (const x of f.related) {
        const span = x.uri === r.uri ? mapSpan(x.span, r) : x.span;
        if (!span) return undefined;
        related.push(span === x.span ? x : { ...x, span });
      }
      moved = { ...moved, related };
    }
    if (f.fixes?.some((x) => (x.uri ?? at) === r.uri)) {
      const fixes = [];
      for (const fix of f.fixes) {
        if ((fix.uri ?? at) !== r.uri) {
          fixes.push(fix);
          continue;
        }
        // A new file's content is not the edited file's text (its edits are in the new file).
        if (fix.createFile) return undefined;
        const edits = [];
        for (const e of fix.edits) {
          const span = mapSpan(e.span, r);
          if (!span) return undefined;
          edits.push(span === e.span ? e : { ...e, span });
        }
        fixes.push({ ...fix, edits });
      }
      moved = { ...moved, fixes };
    }
    if (!out && moved === f) continue;
    out ??= list.slice(0, i);
    out.push(moved);
  }
  return out ?? (list as T[]);
}

/**
 * Whether every place in `before`'s text at `spans` (offsets into `before`) stays where it is, line and column,
 * in `after`: it ends before the first changed character, or it starts after the last one and the change kept the
 * text's length and put no line break in or out. Places touching the change may have changed themselves.
 */
export function placesKept(before: string, after: string, spans: Iterable<Span>): boolean {
  if (before === after) return true;
  // The re-parse's comparison (whole chunks compared natively, not char by char), run at once.
  const { p: from, s: tail } = finish(changedRegionSteps(before, after));
  const oldTo = before.length - tail;
  const sameLines = before.length === after.length && !before.slice(from, oldTo).includes('\n') && !after.slice(from, after.length - tail).includes('\n');
  for (const s of spans) if (!(s.end < from || (sameLines && s.start > oldTo))) return false;
  return true;
}
