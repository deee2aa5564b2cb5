// The YAML parse with bounds on hostile input, in steps: nesting depth checked while the parser runs (before anything
// recursive sees the tree), a token budget per `---` document (a bigger one is skipped, the others are read),
// duplicate keys found in linear time (the yaml library's check compares each key with every earlier one: a
// 60,000-key map took 20 s), and lone CR line breaks read as line breaks. Plain block YAML is read by the fast
// reader (fast.ts) into the same nodes; the library reads the rest.
import { finish } from '../steps.ts';
import { slot } from '../slots.ts';
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Parser, type CST, type Document, type Node } from 'yaml';
import { closeItems } from './collections.ts';
import { nextMarkerLine } from './fast-lines.ts';
import { fastParseSteps, type FastChecks } from './fast.ts';
import { blankLongQuoted, LONG_QUOTED, restoreBlanked, unblank, type Blanked } from './quoted.ts';
import { shareText } from './shared-text.ts';

/**
 * Deepest nesting of collections NetLens analyses. Real manifests stay far below (CRD schemas reach ~30); a
 * fixed limit, checked on the parser's own stack, makes a deep document get the same answer every time, where
 * a stack overflow would depend on how warm the process is.
 */
export const MAX_NESTING = 128;

/**
 * Most lexer tokens (keys, values, indicators, line breaks) one `---` document may hold. The largest real manifests
 * (the Cilium policy CRDs, 390 KB) hold about 26,000; a 60,000-key map or a 1 MB minified manifest holds 300,000 to
 * 500,000 and takes seconds to parse and check. Counted while lexing, so a bigger document costs no more than this.
 */
export const MAX_DOCUMENT_TOKENS = 250_000;

export interface BoundedParse {
  docs: Document.Parsed[];
  /** Documents skipped for holding more than MAX_DOCUMENT_TOKENS tokens: [start, end) of each, in source order. */
  oversized?: { start: number; end: number }[];
  /** Set when the nesting limit was passed: the offset where it happened; no document is returned then. */
  tooDeepAt?: number;
  /** Duplicate keys: the key node's offset and end, in source order. */
  duplicates: { start: number; end: number }[];
}

// Each document's duplicate keys, so an incremental parse that keeps a document need not walk it again.
// A slot on the Document (core/slots.ts), alive exactly as long as it: as a WeakMap its 10,000 ephemerons at
// 2,000 files made most of the full GC's ~250 ms pause (bench: node --trace-gc-nvp, mark.ephemeron.marking).
const DUPLICATES = slot<Document, BoundedParse['duplicates']>();

/** The duplicate keys boundedParse found in `doc` (undefined for a document it did not parse). */
export function duplicatesOf(doc: Document): BoundedParse['duplicates'] | undefined {
  return DUPLICATES.get(doc);
}

// Documents with a quoted scalar that does not close (the lexer looked for its closing quote in the rest of the
// text) or a flow collection open at the end: the document's parse depends on the text after it.
const UNCLOSED = new WeakSet<Document>();

/** Whether the parse of `doc` read text after the document (an unclosed quote). */
export function readsPastItself(doc: Document): boolean {
  return UNCLOSED.has(doc);
}

// Documents during whose parse the parser emitted an error outside the document token: the composer attaches
// such errors to the previous document, so that document's errors depend on this one's text.
const STRAYS = new WeakSet<Document>();

/** Whether errors found while parsing `doc` were given to the document before it. */
export function givesErrorsBack(doc: Document): boolean {
  return STRAYS.has(doc);
}

// Documents boundedParse read without a single alias: no node of theirs is reached twice, so a walk over them
// needs no record of the nodes it has visited (schema/walk.ts).
// A slot on the Document, like DUPLICATES: one entry per document of the workspace (UNCLOSED and STRAYS hold few).
const ALIAS_FREE = slot<Document, true>();

/** True when `doc` came from boundedParse and holds no alias (false when unknown). */
export function aliasFree(doc: Document): boolean {
  return ALIAS_FREE.get(doc) === true;
}

/** Whether a quoted-scalar lexeme ends with its closing quote (escapes: `''` in single, `\x` in double quotes). */
function closedQuote(s: string): boolean {
  // Quotes found natively (indexOf) rather than a loop over every character: long quoted scalars are what sends
  // a document to this path.
  if (s.charCodeAt(0) === 39) {
    // A doubled quote stands for one and does not close.
    for (let i = s.indexOf("'", 1); i !== -1; i = s.indexOf("'", i + 2)) if (s.charCodeAt(i + 1) !== 39) return i === s.length - 1;
    return false;
  }
  for (let i = s.indexOf('"', 1); i !== -1; i = s.indexOf('"', i + 1)) {
    // Escaped when an odd run of backslashes (after the opening quote) stands before it.
    let k = i - 1;
    while (k >= 1 && s.charCodeAt(k) === 92) k--;
    if ((i - 1 - k) % 2 === 0) return i === s.length - 1;
  }
  return false;
}

// Each parsed file's documents skipped for their size, [start, end) in source order (parse.ts records them): an
// incremental re-parse keeps or moves them as it keeps or moves documents, instead of parsing the file again.
const OVERSIZED = new WeakMap<object, { start: number; end: number }[]>();

/** The documents of a parsed file that were skipped for their size (empty when none). */
export function oversizedOf(file: object): readonly { start: number; end: number }[] {
  return OVERSIZED.get(file) ?? [];
}

/** Records a parsed file's skipped documents (parse.ts fileFromParse). */
export function setOversized(file: object, oversized: { start: number; end: number }[]): void {
  OVERSIZED.set(file, oversized);
}

/** Records a moved document's duplicate keys (parse/incremental.ts shifts them with the document). */
export function setDuplicates(doc: Document, duplicates: BoundedParse['duplicates']): void {
  DUPLICATES.set(doc, duplicates);
}

/** Text with lone CRs (old Mac line ends) turned into LFs: same length, so every offset stays valid. */
export function normaliseLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Lexemes read between two stops of boundedParseSteps: a few milliseconds of lexing and parsing. A document over
 * the token budget is read up to MAX_DOCUMENT_TOKENS lexemes before it is skipped (0.5-1 s in one go). 2,048 made
 * steps of 10-15 ms in a 1 MB flow collection, and with the garbage collections that fall in one, hovers on other
 * documents waited up to 60-70 ms (bench/hostile.mjs, line-1mb); 512 keeps them under 50.
 */
const LEXEMES_PER_STEP = 512;
/** Characters of lexemes read between two stops: lines of thousands of characters make few, long lexemes. */
const CHARS_PER_STEP = 131_072;

/**
 * Parses `text`, or only its region [from, to) with offsets of the whole text (incremental re-parsing of the
 * documents an edit touched; the region must start at a document boundary).
 */
export function boundedParse(text: string, from = 0, to = text.length, fast = true): BoundedParse {
  return finish(boundedParseSteps(text, from, to, fast));
}

/**
 * boundedParse, stopping (`yield`) every LEXEMES_PER_STEP lexemes and after each document composed, so an adapter
 * answers other requests while one huge document is counted and parsed. The yaml library's lexer and parser are
 * generators fed one lexeme at a time, so a stop can fall inside a document; composing a document is one call.
 */
export function* boundedParseSteps(text: string, from = 0, to = text.length, fast = true): Generator<void, BoundedParse, void> {
  // Most manifests are plain block YAML: read without the library's lexer, CST and composer (fast.ts), with the
  // same nodes. A document of at most FAST_SPAN characters holds fewer lexemes than MAX_DOCUMENT_TOKENS, so the
  // library would not have skipped it for its size; the fast reader leaves longer ones, and nesting near
  // MAX_NESTING, to the library. `fast` false: the library's path alone (its tests).
  if (fast) {
    const checks: FastChecks[] = [];
    const docs = yield* fastParseSteps(text, from, to, COMPOSE_OPTIONS, MAX_NESTING, FAST_SPAN, checks);
    if (docs) return yield* checkedDocs(docs, [], [], checks);
  }
  const whole = from === 0 && to === text.length;
  // No line counter: the parser's misses line breaks after some errors (a `...` inside a flow collection);
  // LineIndex computes line starts from the text itself.
  let parser = new Parser();
  // Tokens carry the parser's offset: starting it at `from` gives every node its offset in the whole text.
  parser.offset = from;
  const tokens: ReturnType<Parser['next']> extends Generator<infer T> ? T[] : never = [];
  const unclosed: number[] = [];
  const oversized: { start: number; end: number }[] = [];
  let lexemes = new Lexer().lex(whole ? text : text.slice(from, to));
  // Tokens of the document being read, and where it starts: the parser emits a document once it is complete.
  let count = 0;
  let steps = 0;
  let docStart = from;
  // A long double-quoted scalar seen: composing takes the fast path for those (quoted.ts).
  let longQuoted = false;
  let chars = 0;
  for (let step = lexemes.next(); !step.done; step = lexemes.next()) {
    const lexeme = step.value;
    chars += lexeme.length;
    if (++steps % LEXEMES_PER_STEP === 0 || chars > CHARS_PER_STEP) {
      chars = 0;
      yield;
    }
    // The parser's offset, not a sum of lexemes: the lexer also yields zero-width control lexemes.
    const at = parser.offset;
    let emitted = false;
    for (const t of parser.next(lexeme)) {
      tokens.push(t);
      emitted = true;
    }
    if (emitted) {
      count = 0;
      docStart = at;
    }
    // The parser's stack holds one entry per open collection (plus the document and the current scalar).
    if (parser.stack.length > MAX_NESTING + 2) return { docs: [], tooDeepAt: at, duplicates: [] };
    const c = lexeme.charCodeAt(0);
    if ((c === 34 || c === 39) && !closedQuote(lexeme)) unclosed.push(at);
    if (c === 34 && lexeme.length >= LONG_QUOTED) longQuoted = true;
    if (++count > MAX_DOCUMENT_TOKENS) {
      // Skip to the next document marker line and read on from there with a fresh lexer and parser; the
      // document's tokens so far are dropped (the parser holds them on its stack, not in `tokens`).
      const next = nextMarkerLine(text, parser.offset, to);
      oversized.push({ start: docStart, end: next });
      parser = new Parser();
      parser.offset = next;
      lexemes = new Lexer().lex(text.slice(next, to));
      count = 0;
      docStart = next;
    }
  }
  // A flow collection still open at the end: a full parse would have closed it at the next `---` instead.
  if (parser.stack.some((t) => t.type === 'flow-collection')) unclosed.push(to - 1);
  for (const t of parser.end()) tokens.push(t);
  yield;
  const docs = yield* composeSteps(tokens, longQuoted ? blankLongQuoted(tokens) : undefined);
  // Error tokens outside a document token: the composer gives them to the document before (see STRAYS).
  const strays = tokens.flatMap((t) => (t.type === 'error' ? [t.offset] : []));
  const parsed = yield* checkedDocs(docs, strays, unclosed);
  return oversized.length > 0 ? { ...parsed, oversized } : parsed;
}

/**
 * Duplicate keys and aliases of each document; which documents took errors or text from others. The fast reader
 * found the first two while reading (`checks`, one per document); the library's documents are walked for them.
 */
function* checkedDocs(docs: Document.Parsed[], strays: number[], unclosed: number[], checks?: FastChecks[]): Generator<void, BoundedParse, void> {
  const duplicates: BoundedParse['duplicates'] = [];
  // Both lists are in source order: one pointer each. A stray belongs to the document holding its offset, or
  // to the next one after a gap between documents.
  let st = 0;
  let un = 0;
  for (const [i, doc] of docs.entries()) {
    // No comments on documents or nodes, whichever reader read them (see uncomment).
    doc.comment = null;
    doc.commentBefore = null;
    const read = checks?.[i];
    const own: BoundedParse['duplicates'] = read ? read.duplicates : [];
    if (!(read ? read.aliases : duplicateKeys(doc.contents, own))) ALIAS_FREE.set(doc, true);
    DUPLICATES.set(doc, own);
    duplicates.push(...own);
    const [start, , end] = doc.range;
    for (; st < strays.length && (strays[st] ?? 0) < end; st++) STRAYS.add(doc);
    for (; un < unclosed.length && (unclosed[un] ?? 0) < end; un++) if ((unclosed[un] ?? 0) >= start) UNCLOSED.add(doc);
    yield;
  }
  return { docs, duplicates };
}

/**
 * The documents of `tokens`, stopping after each; long plain double-quoted scalars given blanks (`blanked`) are
 * restored on the nodes, and should one have been resolved through a tag, everything is composed again as given.
 */
function* composeSteps(tokens: CST.Token[], blanked: Blanked | undefined): Generator<void, Document.Parsed[], void> {
  const composer = new Composer(COMPOSE_OPTIONS);
  const docs: Document.Parsed[] = [];
  for (const doc of composer.compose(tokens)) {
    if (blanked && !restoreBlanked(doc, blanked)) {
      unblank(blanked);
      return yield* composeSteps(tokens, undefined);
    }
    docs.push(doc as Document.Parsed);
    yield;
  }
  if (blanked) unblank(blanked);
  return docs;
}

/**
 * Options of the composer. No source tokens on the nodes: nothing reads them, and keeping the CST per node held
 * 60% of a parsed workspace in memory (2,000 files: 402 -> 163 MB of heap) and fed the garbage collector.
 * logLevel 'error': the library would print its own warnings (a map key that is a collection, read into JSON by
 * the fingerprint or a patch merge) to stderr, which the editor shows as a server fault; errors stay in doc.errors.
 */
const COMPOSE_OPTIONS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false, logLevel: 'error' } as const;

/**
 * The longest document (with the lines before it) the fast reader takes. The lexer gives at most two lexemes per
 * character (a scalar's is preceded by a zero-width marker) and one per document besides, so a span this long
 * stays under MAX_DOCUMENT_TOKENS.
 */
const FAST_SPAN = 100_000;

/**
 * Drops the comments the library's composer puts on a node. Nothing in NetLens reads them (fixes and suppressions
 * read the text), they cost memory, and the fast reader (fast.ts) does not make them: without them, a document
 * is the same whichever reader read it (an incremental re-parse may use the other one).
 */
function uncomment(node: Node): void {
  const n = node as { comment?: string | null; commentBefore?: string | null; spaceBefore?: boolean };
  if (n.comment !== undefined) delete n.comment;
  if (n.commentBefore !== undefined) delete n.commentBefore;
  if (n.spaceBefore !== undefined) delete n.spaceBefore;
}

/**
 * The checks fast.ts makes while reading, over a library-read document: duplicate keys and exact item lists
 * (collections.ts closeItems); it also shares the scalars' texts (shareText) and drops comments (uncomment).
 * Returns whether it met an alias.
 */
function duplicateKeys(root: unknown, out: BoundedParse['duplicates']): boolean {
  const stack: unknown[] = [root];
  let aliases = false;
  while (stack.length > 0) {
    const node = stack.pop();
    if (node && typeof node === 'object' && !isPair(node)) uncomment(node as Node);
    if (isAlias(node)) aliases = true;
    else if (isScalar(node)) shareText(node);
    else if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key as Node | null;
        if (isScalar(key)) {
          uncomment(key);
          shareText(key);
        } else stack.push(key); // an alias or a collection as key
        stack.push(item.value);
      }
      closeItems(node, out);
    } else if (isSeq(node)) {
      closeItems(node, out);
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) stack.push(node.key, node.value);
  }
  out.sort((a, b) => a.start - b.start);
  return aliases;
}
