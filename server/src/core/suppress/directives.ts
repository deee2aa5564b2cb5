// Reads the exceptions a file declares: `# netlens-disable-next-line <code>[, <code>] -- reason`,
// `# netlens-disable <code> -- reason` (the YAML document) and `netlens.io/ignore: "<code>,..."` (the object).
import { isMap, isScalar, visit } from 'yaml';
import { get, scalarString } from '../parse/access.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';

export type DirectiveKind = 'next-line' | 'document' | 'annotation';

export const IGNORE_ANNOTATION = 'netlens.io/ignore';
/** Optional companion annotation: why the object's exceptions are safe (carried into SARIF suppressions). */
export const IGNORE_REASON_ANNOTATION = 'netlens.io/ignore-reason';

export interface DirectiveCode {
  code: string;
  /** Where the code is written (unused-suppression points here). */
  span: Span;
}

export interface Directive {
  kind: DirectiveKind;
  codes: DirectiveCode[];
  reason?: string;
  /** The comment from its `#` to the line end, or the annotation's value. */
  span: Span;
  /** A comment alone on its line (removing it removes the line). */
  wholeLine?: boolean;
  /** Findings starting inside this span are covered. */
  scope: Span;
}

/**
 * `# netlens-disable-next-line a, b -- why`, alone on its line or after content (`x: 1  # netlens-...`, where
 * YAML starts a comment at a `#` after whitespace); group 1 = up to the keyword, 2 = `-next-line`, 3 = the rest.
 */
const COMMENT_RE = /^((?:.*?[ \t])?#[ \t]*)netlens-disable(-next-line)?(?=[ \t]|$)(.*)$/;
const CODE_RE = /[^\s,]+/g;

/** Every directive of the file, in source order. Never throws. */
export function findDirectives(file: ParsedFile): Directive[] {
  const out: Directive[] = [];
  if (file.text.includes('netlens-disable')) out.push(...commentDirectives(file));
  if (file.text.includes(IGNORE_ANNOTATION)) out.push(...annotationDirectives(file));
  return out.sort((a, b) => a.span.start - b.span.start);
}

interface Line {
  start: number;
  /** End of the content, before `\r\n` / `\n`. */
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const stop = nl === -1 ? text.length : nl;
    const end = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    lines.push({ start, end, text: text.slice(start, end) });
    if (nl === -1) return lines;
    start = nl + 1;
  }
}

/** Spans of scalars: a `#` inside a block scalar (`|`, `>`) or a quoted string is text, not a comment. */
function scalarSpans(file: ParsedFile): Span[] {
  const spans: Span[] = [];
  for (const doc of file.docs) {
    visit(doc, {
      Scalar(_, node) {
        if (node.range) spans.push({ start: node.range[0], end: node.range[1] });
      },
    });
  }
  return spans;
}

const isBlank = (l: Line) => /^\s*(#.*)?$/.test(l.text);
const isDocMarker = (l: Line) => /^---(?:[ \t]|$)/.test(l.text);

function commentDirectives(file: ParsedFile): Directive[] {
  const lines = splitLines(file.text);
  const scalars = scalarSpans(file);
  const inScalar = (offset: number) => scalars.some((b) => b.start <= offset && offset < b.end);
  const out: Directive[] = [];
  lines.forEach((line, i) => {
    const m = COMMENT_RE.exec(line.text);
    const hash = line.start + (m ? (m[1] as string).lastIndexOf('#') : 0);
    if (!m || inScalar(hash)) return;
    const bodyStart = line.start + (m[1] as string).length + 'netlens-disable'.length + (m[2] ?? '').length;
    const body = m[3] as string;
    const sep = /(?:^|[ \t])--(?:[ \t]|$)/.exec(body);
    const codesText = sep ? body.slice(0, sep.index) : body;
    const reason = sep ? body.slice(sep.index + sep[0].length).trim() : '';
    const codes: DirectiveCode[] = [];
    for (const c of codesText.matchAll(CODE_RE)) codes.push({ code: c[0], span: { start: bodyStart + (c.index ?? 0), end: bodyStart + (c.index ?? 0) + c[0].length } });
    const kind: DirectiveKind = m[2] ? 'next-line' : 'document';
    const scope = kind === 'next-line' ? nextLineScope(lines, i) : documentScope(lines, i, file.text.length);
    const wholeLine = /^[ \t]*$/.test(file.text.slice(line.start, hash));
    out.push({ kind, codes, ...(reason ? { reason } : {}), span: { start: hash, end: line.end }, wholeLine, scope });
  });
  return out;
}

/** The next line that holds content (blank lines and comments, e.g. more directives, are skipped). */
function nextLineScope(lines: Line[], i: number): Span {
  for (let k = i + 1; k < lines.length; k++) {
    const l = lines[k] as Line;
    if (!isBlank(l)) return { start: l.start, end: l.end };
  }
  return { start: lines[i]?.end ?? 0, end: lines[i]?.end ?? 0 }; // nothing follows: covers nothing
}

/**
 * The YAML document the comment is in: from the `---` before it to the next `---`. Comments before a file's
 * first `---` (a header with nothing but comments) belong to the document that follows.
 */
function documentScope(lines: Line[], i: number, length: number): Span {
  const markers = lines.flatMap((l, k) => (isDocMarker(l) ? [k] : []));
  let startLine = 0;
  for (const m of markers) if (m <= i) startLine = m;
  let next = markers.find((m) => m > i);
  const from = startLine + (isDocMarker(lines[startLine] as Line) ? 1 : 0);
  // A header of comments before the first content: the scope runs on through the document that follows.
  if (next !== undefined && lines.slice(from, next).every(isBlank)) {
    const after: number = next;
    next = markers.find((m) => m > after);
  }
  return { start: (lines[startLine] as Line).start, end: next === undefined ? length : (lines[next] as Line).start };
}

function annotationDirectives(file: ParsedFile): Directive[] {
  const out: Directive[] = [];
  for (const obj of file.objects) {
    const meta = get(obj.doc, obj.node, 'metadata');
    const annotations = isMap(meta) ? get(obj.doc, meta, 'annotations') : undefined;
    if (!isMap(annotations)) continue;
    const value = get(obj.doc, annotations, IGNORE_ANNOTATION);
    const text = scalarString(value);
    if (text === undefined || !isScalar(value) || !value.range) continue;
    const reason = scalarString(get(obj.doc, annotations, IGNORE_REASON_ANNOTATION))?.trim();
    // Locate each code in the source of the value (quoted or plain, on one line); fall back to the whole value.
    const source = file.text.slice(value.range[0], value.range[1]);
    const codes: DirectiveCode[] = [];
    let from = 0;
    for (const c of text.matchAll(CODE_RE)) {
      const at = source.indexOf(c[0], from);
      const start = at === -1 ? value.range[0] : value.range[0] + at;
      if (at !== -1) from = at + c[0].length;
      codes.push({ code: c[0], span: { start, end: at === -1 ? value.range[1] : start + c[0].length } });
    }
    out.push({ kind: 'annotation', codes, ...(reason ? { reason } : {}), span: { start: value.range[0], end: value.range[1] }, scope: obj.span });
  }
  return out;
}
