// The fast reader's block scalars (`|`, `>`, with `-` or `+`): where the library's lexer ends one and the value
// its composer gives (resolve-block-scalar), for the usual case; an indentation indicator, an empty scalar or
// anything the library would flag is a Bail.
import { Scalar } from 'yaml';
import { bail, restOfLine } from './fast-scalar.ts';
import { scalar } from './fast-nodes.ts';
import { shared } from './shared-text.ts';

const SPACE = 32;
const NL = 10;

/**
 * The block scalar whose header is at `at` (the current line ends at `lineEnd`) in a collection indented `indent`:
 * the node, and the start of the line after it (its range's end).
 */
export function readBlockScalar(text: string, at: number, lineEnd: number, to: number, indent: number): [Scalar, number] {
  const folded = text.charCodeAt(at) === 62;
  let h = at + 1;
  const chomp = text[h] === '-' || text[h] === '+' ? (text[h] as string) : '';
  if (chomp) h++;
  // The header ends at a space or the line's end; digits (an indentation indicator) and the rest: the library's.
  if (h < lineEnd && text.charCodeAt(h) !== SPACE) bail();
  if (lineEnd >= to) bail();
  const pos = restOfLine(text, h, lineEnd, lineEnd + 1);
  // A CR in the lines below (CRLF line ends): the library's.
  const cr = text.indexOf('\r', pos);
  if (cr !== -1 && cr < to) bail();
  // The content's indentation: the first line holding more than spaces.
  let i = pos;
  let contentIndent = -1;
  while (i < to) {
    let j = i;
    while (j < to && text.charCodeAt(j) === SPACE) j++;
    if (j < to && text.charCodeAt(j) !== NL) {
      contentIndent = j - i;
      break;
    }
    i = j + 1;
  }
  if (contentIndent <= indent) bail(); // empty, or content at the collection's column
  // The lines of the scalar: blank ones and those indented at least as the content (the lexer's continueScalar).
  let nl = -1;
  for (let line = pos; line < to; ) {
    let j = line;
    while (j < to && text.charCodeAt(j) === SPACE) j++;
    // A last line of spaces without a line break is the scalar's only as deep as its content (continueScalar).
    const blank = j >= to ? j - line >= contentIndent : text.charCodeAt(j) === NL;
    if (!blank && j - line < contentIndent) break;
    const e = text.indexOf('\n', j);
    if (e === -1 || e >= to) {
      nl = to;
      break;
    }
    nl = e;
    line = e + 1;
  }
  if (nl === -1) bail();
  // Without `+`, trailing blank lines no deeper than the content belong to what follows.
  if (chomp !== '+') {
    for (;;) {
      let k = nl - 1;
      while (k >= pos && text.charCodeAt(k) === SPACE) k--;
      if (k >= pos && text.charCodeAt(k) === NL && k + 1 + contentIndent > nl - 1) nl = k;
      else break;
    }
  }
  const end = Math.min(nl + 1, to);
  const value = blockValue(text.slice(pos, end), folded, chomp, indent);
  const own = shared(value);
  const node = scalar(own);
  node.range = [at, end, end];
  (node as Scalar & { source: string }).source = own;
  node.type = folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
  return [node, end];
}

/** The composer's value of a block scalar's lines (resolve-block-scalar.js, no indentation indicator). */
function blockValue(source: string, folded: boolean, chomp: string, parentIndent: number): string {
  const lines = splitLines(source);
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if ((lines[i] as [string, string])[1] === '') chompStart = i;
    else break;
  }
  if (chompStart === 0) bail();
  let trimIndent = parentIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [ind, content] = lines[i] as [string, string];
    if (content === '') {
      if (ind.length > trimIndent) trimIndent = ind.length;
    } else {
      if (ind.length < trimIndent) bail(); // more-indented leading empty lines need an indicator
      trimIndent = ind.length;
      contentStart = i;
      if (trimIndent === 0) bail();
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if ((lines[i] as [string, string])[0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += `${(lines[i] as [string, string])[0].slice(trimIndent)}\n`;
  for (let i = contentStart; i < chompStart; ++i) {
    const [ind, content] = lines[i] as [string, string];
    if (content && ind.length < trimIndent) bail();
    if (!folded) {
      value += sep + ind.slice(trimIndent) + content;
      sep = '\n';
    } else if (ind.length > trimIndent) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + ind.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) value += `\n${(lines[i] as [string, string])[0].slice(trimIndent)}`;
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp !== '-') value += '\n';
  return value;
}

/** Lines as [indentation, content] (the library's splitLines). */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0] as string;
  const m = /^( *)/.exec(first)?.[1];
  const lines: [string, string][] = [m ? [m, first.slice(m.length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i] as string, split[i + 1] as string]);
  return lines;
}
