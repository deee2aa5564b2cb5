// Offsets <-> positions. The engine works in UTF-16 offsets (JS string indices); adapters convert at the edge.
import { finish } from './steps.ts';

export interface Span {
  start: number;
  end: number;
}

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 code unit column (what LSP calls `character`). */
  character: number;
}

/** Line starts; lines end at \n, \r\n or a lone \r (as in YAML and LSP: old Mac files have only CRs). */
export function computeLineStarts(text: string): number[] {
  return finish(lineStartsSteps(text));
}

/** Characters scanned between two stops of lineStartsSteps (about 2 ms). */
const LINE_CHARS_PER_STEP = 1 << 20;

/**
 * computeLineStarts, stopping every LINE_CHARS_PER_STEP characters: the first positions asked in a 5 MB text
 * (its diagnostics) built the table in one go (10-13 ms).
 */
export function* lineStartsSteps(text: string): Generator<void, number[], void> {
  const starts = [0];
  let stop = LINE_CHARS_PER_STEP;
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
      if (i >= stop) {
        stop += LINE_CHARS_PER_STEP;
        yield;
      }
    }
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    if (i >= stop) {
      stop += LINE_CHARS_PER_STEP;
      yield;
    }
  }
  return starts;
}

/**
 * Line start table for one text; built once per text and shared by every adapter. The table is made on first use:
 * most files of a large workspace are never turned into positions (only the open ones and those a finding points
 * into), and the tables held about 1 MB per 1,000 indexed files.
 */
export class LineIndex {
  private table: readonly number[] | undefined;

  /** `starts` may come from yaml's LineCounter so the text is scanned once. */
  constructor(
    readonly text: string,
    starts?: readonly number[],
  ) {
    if (starts && starts.length > 0) this.table = starts;
  }

  private get starts(): readonly number[] {
    return (this.table ??= computeLineStarts(this.text));
  }

  /** The table if it was built or given, else undefined (nothing is computed). */
  known(): readonly number[] | undefined {
    return this.table;
  }

  /** Takes `starts`, computeLineStarts of this very text made elsewhere (an open document's), unless it has one. */
  seed(starts: readonly number[]): void {
    if (starts.length > 0) this.table ??= starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.starts[lo] ?? 0) };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line] ?? 0;
    const isLast = pos.line === this.starts.length - 1;
    // A position past the end of its line clamps to the line end (before \r\n or \n).
    let lineEnd = isLast ? this.text.length : (this.starts[pos.line + 1] ?? this.text.length) - 1;
    if (!isLast && lineEnd > start && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    return Math.min(start + Math.max(0, pos.character), lineEnd);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
  }
}
