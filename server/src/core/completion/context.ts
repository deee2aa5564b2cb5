// Where the cursor is for completion, also in YAML the user is still typing: a word on its own line (or after
// `- `) is turned into a key (`word<MARK>:`) and the document is parsed again, so the YAML parser itself decides
// which map the word belongs to (indentation, compact `- ` items). Values are located in the real document.
import { isMap, isScalar, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { docIndexAt, locateInDoc, type PathSegment, type YamlLocation } from '../parse/locate.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';

/** Appended to the typed word; never appears in manifests. */
export const MARK = 'Z9netlensZ9';

export interface CompletionContext {
  /** `key`: a new key (or a scalar list item) is being typed; `value`: the value of `path`; `empty`: an empty document. */
  mode: 'key' | 'value' | 'empty';
  /** For `key` and `empty`: located in the re-parsed document, whose offsets start at the document's start. */
  loc: YamlLocation;
  /** Path (from the object) of the map for `key`, of the value for `value`. */
  path: PathSegment[];
  /** Keys already present in that map (without the one being typed). */
  present: Set<string>;
  /** The word being replaced. */
  span: Span;
  /** Column of the word, and leading whitespace of its line (snippet lines are padded by the difference). */
  column: number;
  lineIndent: number;
  /** The line before the word is only indentation (no `- `). */
  bareLine: boolean;
}

const WORD = /[A-Za-z0-9_./-]/;

function wordAround(text: string, offset: number, lineStart: number, lineEnd: number): Span {
  let s = offset;
  while (s > lineStart && WORD.test(text[s - 1] ?? '')) s--;
  let e = offset;
  while (e < lineEnd && WORD.test(text[e] ?? '')) e++;
  // A leading `-` is the list marker, not part of the word.
  while (s < offset && text[s] === '-' && (text[s + 1] === ' ' || s + 1 === offset)) s++;
  return { start: s, end: e };
}

function docBounds(file: Pick<ParsedFile, 'docs' | 'text'>, offset: number): { index: number; start: number; end: number; doc: Document.Parsed | undefined } {
  const index = docIndexAt(file.docs, offset);
  const doc = file.docs[index];
  const start = index === 0 ? 0 : (doc?.range[0] ?? 0);
  const end = file.docs[index + 1]?.range[0] ?? file.text.length;
  return { index, start, end, doc };
}

function isEmptyDoc(root: unknown): boolean {
  return root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === ''));
}

/** The completion context at `offset`, or undefined where NetLens has nothing to offer (comments, odd spots). */
export function completionContext(file: Pick<ParsedFile, 'docs' | 'text'>, offset: number): CompletionContext | undefined {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const before = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(before)) return undefined; // in a comment
  const span = wordAround(text, offset, lineStart, lineEnd);
  const lineIndent = /^[ \t]*/.exec(before)?.[0].length ?? 0;
  const column = span.start - lineStart;
  const lead = text.slice(lineStart, span.start);
  const rest = text.slice(span.end, lineEnd);
  const bounds = docBounds(file, offset);

  // A word alone on its line (after indentation and list markers): a key being typed.
  if (/^[ \t]*(?:-[ \t]+)*$/.test(lead) && /^[ \t]*(#.*)?$/.test(rest)) {
    const word = text.slice(span.start, span.end);
    // Only the cursor's document is parsed again; its offsets are then relative to the document's start
    // (which is a line start, so columns hold). The context uses paths and nodes from it, never its offsets.
    const patched = `${text.slice(bounds.start, lineStart)}${lead}${word}${MARK}:${text.slice(lineEnd, bounds.end)}`;
    const markAt = lineStart - bounds.start + lead.length + word.length;
    // Duplicate keys are not completion's business, and the library's check is quadratic in a map's size.
    const docs = parseAllDocuments(patched, { uniqueKeys: false }) as Document.Parsed[] | { empty: true };
    const list = Array.isArray(docs) ? docs : [];
    const di = docIndexAt(list, markAt);
    const doc = list[di];
    if (!doc) return undefined;
    const loc = locateInDoc(patched, doc, bounds.index, markAt);
    const bareLine = !lead.includes('-');
    const last = loc.path[loc.path.length - 1];
    if (loc.on !== 'key' || typeof last !== 'string' || !last.endsWith(MARK)) return undefined;
    const root = doc.contents;
    const onlyMark = isMap(root) && root.items.length === 1 && loc.path.length === 1;
    if ((!bounds.doc || isEmptyDoc(bounds.doc.contents)) && onlyMark) return { mode: 'empty', loc, path: [], present: new Set(), span, column, lineIndent, bareLine };
    const present = new Set<string>();
    for (const pair of (loc.map as YAMLMap | undefined)?.items ?? []) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k !== undefined && !k.endsWith(MARK)) present.add(k);
    }
    return { mode: 'key', loc, path: loc.path.slice(0, -1), present, span, column, lineIndent, bareLine };
  }

  // Otherwise: a value after `key:` (or in a flow list) of the real document.
  if (!bounds.doc) return undefined;
  const loc = locateInDoc(text, bounds.doc, bounds.index, offset);
  if (loc.on === 'value') {
    if (loc.pair && loc.node && isScalar(loc.node) && loc.node.value !== null) {
      const vs = loc.span;
      if (vs && !(offset >= vs.start && offset <= vs.end)) return undefined;
    }
    return { mode: 'value', loc, path: loc.path, present: new Set(), span, column, lineIndent, bareLine: false };
  }
  if (loc.on === 'seq' && loc.node && 'items' in loc.node) {
    return { mode: 'value', loc, path: [...loc.path, (loc.node.items as unknown[]).length], present: new Set(), span, column, lineIndent, bareLine: false };
  }
  return undefined;
}
