// The fast reader's line cursor (fast.ts): the current line's shape, markers, trivia (blank and comment lines)
// and where they go, multi-line plain scalars' continuation lines, anchor names; and the scans of a whole text
// before it is read (marker lines, characters only the library reads). Everything here reads lines; the
// structure built from them is fast.ts's.
import type { Node } from 'yaml';
import { bail, plainEnd, readQuoted, skipSpaces } from './fast-scalar.ts';

const SPACE = 32;
const HASH = 35;

/**
 * Whether [from, to) holds a tab, a byte-order mark or a carriage return not followed by a line feed there. Searched
 * natively in the region: a loop over every character took 22-44 ms (105 ms unoptimised) over a 4.7 MB text.
 */
export function libraryOnly(text: string, from: number, to: number): boolean {
  const region = from === 0 && to === text.length ? text : text.slice(from, to);
  if (region.includes('\t') || region.includes('\ufeff')) return true;
  for (let i = region.indexOf('\r'); i !== -1; i = region.indexOf('\r', i + 1)) if (region.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/** Start of the first `---` marker line (followed by white space or the end) after `at`, else `to`. */
export function nextMarkerLine(text: string, at: number, to: number): number {
  for (let i = text.indexOf('\n---', at); i !== -1 && i < to; i = text.indexOf('\n---', i + 1)) {
    const c = text.charCodeAt(i + 4);
    if (i + 4 >= to || Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13) return i + 1;
  }
  return to;
}

/**
 * Blank and comment lines after a node, before the next content line: where they end (including the next line's
 * indentation, as the library's trailing item does) and the deepest comment's indent (-1: blank lines only).
 */
export interface Trivia {
  end: number;
  comments: number;
}

export class Lines {
  /** Start of the current line. */
  protected pos: number;
  // The current line: its indentation, first non-space character, end of its content (its CR or '\n', or `to`)
  // and its line break (its '\n' or `to`).
  protected indent = 0;
  protected start = 0;
  protected end = 0;
  protected brk = 0;

  constructor(
    protected readonly text: string,
    protected readonly from: number,
    protected readonly to: number,
  ) {
    this.pos = from;
    this.scan();
  }

  /** Where the reader is: the start of the line after the last document read. */
  at(): number {
    return this.pos;
  }

  /** Whether the line from `at` is `key: value` (or `key:`), not a scalar. */
  protected keyLine(at: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 34 || c === 39) {
      const [, e] = readQuoted(text, at, this.end);
      return e < this.end && text.charCodeAt(e) === 58;
    }
    if (c === 91 || c === 123) return false;
    for (let i = at; i < this.end; i++) {
      const d = text.charCodeAt(i);
      if (d === 58 && (i + 1 === this.end || text.charCodeAt(i + 1) === SPACE)) return true;
      if (d === SPACE && text.charCodeAt(i + 1) === HASH) return false;
    }
    return false;
  }

  /** The name of the anchor or alias at `at`, ending at a space or the line's end (not at a flow indicator). */
  protected name(at: number): string {
    let e = at + 1;
    while (e < this.end && this.text.charCodeAt(e) !== SPACE) {
      if (',[]{}'.includes(this.text[e] as string)) bail();
      e++;
    }
    // Empty, or ending in `:`: the library warns that it is ambiguous.
    if (e === at + 1 || this.text.charCodeAt(e - 1) === 58) bail();
    return this.text.slice(at + 1, e);
  }

  /**
   * The next line of a multi-line plain scalar, if the lines after the current one hold one: the reader moves to it
   * and answers where its text ends and what joins it to the text before (a space, or a line feed per blank line
   * between), as the library folds plain scalars. A comment or a line of its own syntax on the way: the library's.
   */
  protected continuation(indent: number): { end: number; sep: string; last: boolean } | undefined {
    const { text } = this;
    const back = { pos: this.pos, indent: this.indent, start: this.start, end: this.end, brk: this.brk };
    let blanks = 0;
    this.nextLine();
    while (this.pos < this.to && this.start === this.end) {
      blanks++;
      this.nextLine();
    }
    if (this.pos >= this.to || this.isMarker() || this.indent <= indent || text.charCodeAt(this.start) === HASH) {
      Object.assign(this, back);
      return undefined;
    }
    // Indicators, quotes or brackets starting a continuation line: how the library reads it varies.
    if ('-?:#&*!|>%@`\'"[]{},'.includes(text[this.start] as string)) bail();
    const end = plainEnd(text, this.start, this.end);
    // A comment ends the scalar (plainEnd stopped before it).
    return { end, sep: blanks > 0 ? '\n'.repeat(blanks) : ' ', last: skipSpaces(text, end, this.end) < this.end };
  }

  /**
   * The trivia after a value on its line. Comments indented deeper than the collection holding the value, with
   * nothing but blank lines before them, extend the value's range (the library's atIndentedComment); the rest
   * are the collection's trailing trivia. A content line indented deeper than the collection continues the
   * value (a multi-line scalar): the library's.
   */
  protected afterValue(node: Node, indent: number, absorb = true): Trivia | undefined {
    const range = node.range as number[];
    let absorbing = absorb;
    let begin = this.pos;
    let comments = -1;
    while (this.pos < this.to && !this.isMarker()) {
      if (this.start === this.end) this.nextLine();
      else if (this.text.charCodeAt(this.start) === HASH) {
        if (absorbing && this.indent > indent) {
          this.nextLine();
          range[2] = this.pos;
          begin = this.pos;
        } else {
          absorbing = false;
          comments = Math.max(comments, this.indent);
          this.nextLine();
        }
      } else {
        if (this.indent > indent) bail();
        break;
      }
    }
    if (this.pos === begin) return undefined;
    return { end: this.pos < this.to && !this.isMarker() ? this.start : this.pos, comments };
  }

  protected isSeqItem(): boolean {
    return this.isSeqItemAt(this.start);
  }

  protected isSeqItemAt(at: number): boolean {
    return this.text.charCodeAt(at) === 45 && (at + 1 >= this.end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** `---` at the start of the current line, then the line's end or a space (tabs never reach the reader). */
  protected isMarker(): boolean {
    const { text, pos } = this;
    if (this.indent !== 0 || this.end - pos < 3 || text.charCodeAt(pos) !== 45 || text.charCodeAt(pos + 1) !== 45 || text.charCodeAt(pos + 2) !== 45) return false;
    return pos + 3 === this.end || text.charCodeAt(pos + 3) === SPACE;
  }

  /** Moves over blank and comment lines (scan bails on `...` and directive lines on the way). */
  protected skipTrivia(): void {
    while (this.pos < this.to && (this.start === this.end || this.text.charCodeAt(this.start) === HASH)) this.nextLine();
  }

  protected nextLine(): void {
    this.pos = this.lineAfter();
    this.scan();
  }

  /** The start of the line after the current one (after its '\n', CRLF included), or the end. */
  protected lineAfter(): number {
    return this.brk < this.to ? this.brk + 1 : this.to;
  }

  /** Reads the current line's shape; bails on lines the subset has no place for (`...`, `%`, `?`). */
  protected scan(): void {
    const { text, to } = this;
    let i = this.pos;
    while (i < to && text.charCodeAt(i) === SPACE) i++;
    this.indent = i - this.pos;
    this.start = i;
    const nl = text.indexOf('\n', i);
    this.brk = nl === -1 || nl > to ? to : nl;
    // A CRLF line's content ends before its CR (the only CRs fastParseSteps lets through).
    this.end = this.brk > i && text.charCodeAt(this.brk - 1) === 13 ? this.brk - 1 : this.brk;
    if (i === this.pos && i < this.end) {
      const c = text.charCodeAt(i);
      if (c === 37 || (c === 46 && text.startsWith('...', i))) bail();
    }
    if (text.charCodeAt(i) === 63) bail(); // `? key`: explicit keys
  }
}
