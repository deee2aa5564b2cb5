// How the open documents take the client's edits: the library's TextDocument, except for large texts, whose edits
// are applied with NetLens's line table (core/source.ts), kept per document and moved over each edit. The library
// builds its own table in one pass over the whole text on the first edit after an open: 46 ms for the 4.7 MB
// near-limit file, the longest stall left in its keystroke (bench/README). The result is the same document.
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument, type Position, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { computeLineStarts, LineIndex } from '../core/index.ts';

/** From this many characters a document's edits take the path below (smaller texts: the library's, a few ms at most). */
export const LARGE_DOCUMENT_CHARS = 256 * 1024;

/** Line starts of the documents made here (their text's, as computeLineStarts gives them). */
const tables = new WeakMap<TextDocument, readonly number[]>();

/**
 * The TextDocuments configuration of the server; `largeChars` is lowered by tests to run every edit through it.
 * `knownStarts`: computeLineStarts of a document's text if someone has it already (its parse's line index).
 */
export function documentsConfig(largeChars = LARGE_DOCUMENT_CHARS, knownStarts: (doc: TextDocument) => readonly number[] | undefined = () => undefined): TextDocumentsConfiguration<TextDocument> {
  return {
    create: TextDocument.create,
    update(doc, changes, version) {
      let text = doc.getText();
      if (text.length < largeChars) return TextDocument.update(doc, changes, version);
      // On the first edit after an open, the table its parse built for the diagnostics' positions, if it did.
      let starts = tables.get(doc) ?? knownStarts(doc);
      for (const change of changes) {
        if (isIncremental(change)) {
          const table = (starts ??= computeLineStarts(text));
          const lines = new LineIndex(text, table);
          const { start, end } = wellFormed(change.range);
          const from = lines.offsetAt(start);
          const to = lines.offsetAt(end);
          const next = text.slice(0, from) + change.text + text.slice(to);
          starts = movedStarts(table, text, from, to, change.text);
          text = next;
        } else if (isFull(change)) {
          text = change.text;
          starts = undefined;
        } else {
          // As the library answers a change that is neither.
          throw new Error('Unknown change event received');
        }
      }
      const out = TextDocument.create(doc.uri, doc.languageId, version, text);
      if (starts) tables.set(out, starts);
      return out;
    },
  };
}

/** The line starts a large document's edits keep (its parse's line index takes them); undefined: none yet. */
export function lineStartsOf(doc: TextDocument): readonly number[] | undefined {
  return tables.get(doc);
}

/**
 * The line starts of the text `before` becomes when its `[from, to)` is replaced by `inserted`, from `starts` of
 * `before`. A line starts after a `\n`, or after a `\r` not followed by `\n`, so whether a character ends a line
 * depends on it and the one after: only those from `from - 1` to the inserted text's end can change; the others
 * keep their starts, moved by the length difference after the edit. The characters are read from `before` and
 * `inserted`: reading the new text would flatten it (5 ms for 4.7 MB), which its parse does later in a step.
 */
export function movedStarts(starts: readonly number[], before: string, from: number, to: number, inserted: string): number[] {
  const at = (i: number): number => (i < from ? before.charCodeAt(i) : i < from + inserted.length ? inserted.charCodeAt(i - from) : before.charCodeAt(i - from - inserted.length + to));
  // Copied with slice and concat, not pushed one by one (15 ms for the 150,000 lines of the near-limit file); never
  // changed in place, as a parse's line index may share the array (Workspace).
  // Before: the starts after characters up to from - 2 (a start s follows character s - 1).
  const out = from === 0 ? [0] : starts.slice(0, lowerBound(starts, from));
  const length = before.length - (to - from) + inserted.length;
  const last = Math.min(from + inserted.length, length - 1);
  for (let i = Math.max(from - 1, 0); i <= last; i++) {
    const c = at(i);
    if (c === 10 || (c === 13 && (i + 1 >= length || at(i + 1) !== 10))) out.push(i + 1);
  }
  // After: the starts that follow characters from `to + 1` on, which the edit only moved.
  const after = starts.slice(lowerBound(starts, to + 2));
  const diff = inserted.length - (to - from);
  if (diff !== 0) for (let i = 0; i < after.length; i++) after[i] = (after[i] as number) + diff;
  return after.length > 0 ? out.concat(after) : out;
}

/** The first index of the sorted `a` whose value is at least `v`. */
function lowerBound(a: readonly number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The library's tests for the two kinds of change (vscode-languageserver-textdocument, FullTextDocument).
function isIncremental(e: TextDocumentContentChangeEvent): e is { range: Range; rangeLength?: number; text: string } {
  const c = e as { range?: Range; rangeLength?: unknown; text?: unknown };
  return c !== undefined && c !== null && typeof c.text === 'string' && c.range !== undefined && (c.rangeLength === undefined || typeof c.rangeLength === 'number');
}

function isFull(e: TextDocumentContentChangeEvent): e is { text: string } {
  const c = e as { range?: Range; rangeLength?: unknown; text?: unknown };
  return c !== undefined && c !== null && typeof c.text === 'string' && c.range === undefined && (c.rangeLength === undefined || typeof c.rangeLength === 'number');
}

/** The range with its start first, as the library reads a reversed one. */
function wellFormed(range: Range): { start: Position; end: Position } {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
