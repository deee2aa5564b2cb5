// A fast reader for the block YAML real manifests are written in: the yaml library's own nodes with the same
// values and ranges, at a fraction of the cost (its lexer, CST and composer were ~40% of a 2,000-file check).
// This file builds documents and collections; fast-lines.ts reads lines and trivia, fast-scalar.ts and
// fast-block.ts values. Anything outside the subset (tags, multi-line quoted scalars, explicit keys, empty values
// with comments under them, ...) bails, and bounded.ts lets the library parse the text. test/parse-diff and
// test/unit/parse/fast.test.ts compare the two.
import { Alias, Document, Scalar, YAMLMap, YAMLSeq, type Node, type Schema } from 'yaml';
import { readBlockScalar } from './fast-block.ts';
import { libraryOnly, Lines, nextMarkerLine, type Trivia } from './fast-lines.ts';
import { pair, yamlMap, yamlSeq } from './fast-nodes.ts';
import { finish } from '../steps.ts';
import { closeItems, type KeySpan } from './collections.ts';
import { BAIL, bail, plainEnd, plainStart, quotedScalar, readFlow, readQuoted, Resolver, restOfLine, skipSpaces } from './fast-scalar.ts';

/** The options bounded.ts composes with (the nodes' documents must be alike). */
export interface FastOptions {
  keepSourceTokens: false;
  prettyErrors: false;
  uniqueKeys: false;
  logLevel: 'error';
}

/**
 * What bounded.ts's walk over a library-read document finds, found while reading: duplicate keys (source order)
 * and whether the document holds an alias.
 */
export interface FastChecks {
  duplicates: KeySpan[];
  aliases: boolean;
}

const SPACE = 32;
const HASH = 35;

/** The documents of text[from, to) as the library composes them, or undefined when the text leaves the subset. */
export function fastParse(text: string, from: number, to: number, options: FastOptions, maxNesting: number, maxSpan = Infinity): Document.Parsed[] | undefined {
  return finish(fastParseSteps(text, from, to, options, maxNesting, maxSpan));
}

/**
 * fastParse, stopping after each document. `maxSpan`: the most characters from one document's start to the next
 * one's (with the lines before the first): past it the text is the library's, which bounds what it reads per document.
 * `checks` receives each document's FastChecks, in order.
 */
export function* fastParseSteps(
  text: string,
  from: number,
  to: number,
  options: FastOptions,
  maxNesting: number,
  maxSpan = Infinity,
  checks: FastChecks[] = [],
): Generator<void, Document.Parsed[] | undefined, void> {
  // Tabs, byte-order marks and carriage returns other than in CRLF line ends change how lines and indentation
  // read: the library's.
  if (libraryOnly(text, from, to)) return undefined;
  try {
    // Half the limit: a document nested near it is the library's, which decides exactly where it is passed.
    const reader = new Reader(text, from, to, options, Math.floor(maxNesting / 2));
    const docs: Document.Parsed[] = [];
    let spanStart = from;
    for (;;) {
      // A document longer than maxSpan is the library's: told before it is read, from the next marker line (a
      // document ends there at the latest), not after. A 1.6 MB map was read in one go (330 ms without a stop)
      // only to be given to the library, which reads it in steps.
      if (maxSpan !== Infinity && nextMarkerLine(text, spanStart + 1, to) - spanStart > maxSpan) return undefined;
      const doc = reader.next();
      if (!doc) break;
      const next = reader.at();
      if (next - spanStart > maxSpan) return undefined;
      spanStart = next;
      docs.push(doc);
      checks.push(reader.checks());
      yield;
    }
    return docs;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

class Reader extends Lines {
  private schema!: Schema;
  private resolver!: Resolver;
  /** Collections open around the current line. */
  private depth = 0;
  /** The current document's duplicate keys, in the order their maps closed. */
  private dups: KeySpan[] = [];
  /** Whether the current document holds an alias. */
  private aliases = false;
  // Second results, in fields rather than [node, trivia] / [key, colon] pairs: a pair per key and per value was
  // about a tenth of what the reader allocated. Each is read right after the call that sets it.
  /** The trivia the value (or collection) last returned left unclaimed. */
  private trivia: Trivia | undefined;
  /** The offset of the colon after the key key() last returned. */
  private colon = 0;

  constructor(
    text: string,
    from: number,
    to: number,
    private readonly options: FastOptions,
    private readonly maxDepth: number,
  ) {
    super(text, from, to);
  }

  /** The next document, or undefined at the end. */
  next(): Document.Parsed | undefined {
    // The prelude: blank and comment lines before the first document belong to no document's range.
    if (this.pos === this.from) this.skipTrivia();
    if (this.pos >= this.to) return undefined;
    if (!this.isMarker()) return this.content(this.document(false), this.start);
    const offset = this.pos;
    let at = this.pos + 3;
    while (at < this.end && this.text.charCodeAt(at) === SPACE) at++;
    let comment = at < this.end;
    restOfLine(this.text, this.pos + 3, this.end, this.end);
    this.nextLine();
    const body = this.pos;
    this.skipTrivia();
    const doc = this.document(true);
    if (this.pos < this.to && !this.isMarker()) return this.content(doc, offset);
    // An empty document: a null at the marker line's end, reaching over the comments under it if any.
    for (let i = body; i < this.pos && !comment; ) {
      while (i < this.pos && this.text.charCodeAt(i) === SPACE) i++;
      comment = i < this.pos && this.text.charCodeAt(i) === HASH;
      i = this.text.indexOf('\n', i) + 1 || this.pos;
    }
    const node = this.resolver.plain('', at, at, comment ? this.pos : at);
    doc.contents = node as Document.Parsed['contents'];
    const end = (node.range as number[])[2] as number;
    doc.range = [offset, end, end];
    return doc;
  }

  /** What the current document's reading found (after next() returned it): its duplicate keys and whether it has aliases. */
  checks(): FastChecks {
    return { duplicates: this.dups.sort((a, b) => a.start - b.start), aliases: this.aliases };
  }

  private document(marker: boolean): Document.Parsed {
    this.dups = [];
    this.aliases = false;
    const doc = new Document(undefined, this.options) as Document.Parsed;
    // Each document's collections hold its own schema, as the library's do; the tags, hence the resolver, are alike.
    this.schema = doc.schema;
    this.resolver ??= new Resolver(doc.schema, doc.options);
    if (marker) doc.directives.docStart = true;
    return doc;
  }

  /** A document's root collection, from the current line; the document ends at a marker or the end. */
  private content(doc: Document.Parsed, offset: number): Document.Parsed {
    if (this.indent !== 0) bail();
    const node = this.block(-1);
    const trivia = this.trivia;
    doc.contents = node as Document.Parsed['contents'];
    const contentEnd = (node.range as [number, number, number])[2];
    // Trivia at the end of the root collection belong to the document (the library's doc.end).
    doc.range = [offset, contentEnd, trivia ? trivia.end : contentEnd];
    if (this.pos < this.to && !this.isMarker()) bail();
    return doc;
  }

  /** A block collection starting at the current line, indented more than `parent` (its unclaimed trivia: `trivia`). */
  private block(parent: number): YAMLMap | YAMLSeq {
    if (this.indent <= parent) bail();
    return this.isSeqItem() ? this.seq(this.indent) : this.map(this.indent, this.start);
  }

  private map(indent: number, first: number): YAMLMap {
    if (++this.depth > this.maxDepth) bail();
    const map = yamlMap(this.schema);
    let offset = first;
    let keyAt = first;
    let trivia: Trivia | undefined;
    for (;;) {
      const key = this.key(keyAt);
      const colon = this.colon;
      let valueAt = colon + 1;
      while (valueAt < this.end && this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      const value = this.value(valueAt, indent, true);
      trivia = this.trivia;
      map.items.push(pair(key, value));
      offset = (value.range as [number, number, number])[2];
      // The next key of this map, or the map ends.
      if (this.pos < this.to && !this.isMarker() && this.indent === indent && !this.isSeqItem()) {
        keyAt = this.start;
        trivia = undefined;
        continue;
      }
      if (this.pos < this.to && !this.isMarker() && this.indent > indent) bail();
      return this.close(map, first, offset, indent, trivia);
    }
  }

  private seq(indent: number): YAMLSeq {
    if (++this.depth > this.maxDepth) bail();
    const seq = yamlSeq(this.schema);
    const first = this.start;
    let offset = first;
    let trivia: Trivia | undefined;
    // Comment lines between the last item and this one: the library reads them as this item's, so an empty item
    // reaches over its line break (composeEmptyNode with a comment).
    let commented = false;
    for (;;) {
      // After `-` and its spaces: a value on the line, a compact map (`- key: value`), or one below.
      let at = this.start + 1;
      while (at < this.end && this.text.charCodeAt(at) === SPACE) at++;
      const item = this.value(at, indent, false, commented);
      trivia = this.trivia;
      seq.items.push(item);
      offset = (item.range as [number, number, number])[2];
      if (this.pos < this.to && !this.isMarker() && this.indent === indent && this.isSeqItem()) {
        commented = trivia !== undefined && trivia.comments >= 0;
        trivia = undefined;
        continue;
      }
      if (this.pos < this.to && !this.isMarker() && this.indent > indent) bail();
      return this.close(seq, first, offset, indent, trivia);
    }
  }

  /**
   * The value at `at` (after `key:` or `-`, in the collection indented `indent`): below the line, an alias, an
   * anchored value, a compact map (`- key: value`) or a value on the line.
   */
  private value(at: number, indent: number, inMap: boolean, commented = false): Node {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (at >= this.end || c === HASH) return this.nested(indent, at, inMap, commented);
    if (c === 42) return this.alias(at, indent);
    if (c === 38) {
      const name = this.name(at);
      let v = at + 1 + name.length;
      while (v < this.end && text.charCodeAt(v) === SPACE) v++;
      const d = text.charCodeAt(v);
      // On an empty value, an alias, another anchor or a key: the library's.
      if (d === 42 || d === 38 || (v < this.end && d !== HASH && this.keyLine(v))) bail();
      const result = v >= this.end || d === HASH ? this.nested(indent, v, inMap) : this.inline(v, indent);
      if (result instanceof Scalar && result.source === '') bail();
      result.anchor = name;
      return result;
    }
    if (!inMap && this.isSeqItemAt(at)) return bail(); // `- - x`
    if (!inMap && this.keyLine(at)) return this.map(at - this.pos, at);
    return this.inline(at, indent);
  }

  /** An alias (`*name`) as a value, the rest of the line a comment at most. */
  private alias(at: number, indent: number): Alias {
    const name = this.name(at);
    const node = new Alias(name);
    this.aliases = true;
    const end = at + 1 + name.length;
    node.range = [at, end, restOfLine(this.text, end, this.end, this.lineAfter())];
    this.nextLine();
    this.trivia = this.afterValue(node, indent);
    return node;
  }

  /**
   * A collection ends: trivia after its last value stay in it (its range's end) when a comment in them is indented
   * at least as deep as it, else they move to its parent (the library's Parser.pop).
   */
  private close<T extends YAMLMap | YAMLSeq>(node: T, first: number, offset: number, indent: number, trivia: Trivia | undefined): T {
    this.depth--;
    closeItems(node, this.dups);
    if (trivia && indent !== 0 && trivia.comments >= indent) {
      node.range = [first, offset, trivia.end];
      this.trivia = undefined;
      return node;
    }
    node.range = [first, offset, offset];
    this.trivia = trivia;
    return node;
  }

  /**
   * Nothing after `key:` or `-` on the line (but a comment): a collection below, a sequence at the map's own indent
   * (`key:` then `- item`), or an empty value.
   */
  private nested(indent: number, at: number, inMap: boolean, commented = false): Node {
    const comment = at < this.end || commented;
    this.nextLine();
    const blank = this.pos;
    this.skipTrivia();
    const more = this.pos < this.to && !this.isMarker();
    if (more && this.indent > indent) {
      if (this.isSeqItem()) return this.seq(this.indent);
      if (this.keyLine(this.start)) return this.map(this.indent, this.start);
      // A value on the next line; after comment or blank lines the library may read it as a key: its call.
      if (this.pos !== blank) bail();
      return this.inline(this.start, indent);
    }
    if (more && inMap && this.indent === indent && this.isSeqItem()) return this.seq(indent);
    // An empty value; with lines of comments under it the library splits them between it and what follows.
    if (this.pos !== blank) bail();
    const node = this.resolver.plain('', at, at, at);
    // With a comment (on its line, or before a sequence item), the node reaches to the next content: over the line
    // break and the next line's indentation.
    if (comment) (node.range as number[])[2] = more ? this.start : this.pos;
    this.trivia = undefined;
    return node;
  }

  /** A scalar or flow collection at `at`, the rest of the line a comment at most; then the trivia after it. */
  private inline(at: number, indent: number): Node {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 124 || c === 62) {
      // A block scalar reaches over the lines below; comments after it stay trivia (it has no end to take them).
      if (this.brk !== this.end) bail(); // CRLF block scalars: the library's
      const [node, end] = readBlockScalar(text, at, this.end, this.to, indent);
      this.pos = end;
      this.scan();
      this.trivia = this.afterValue(node, indent, false);
      return node;
    }
    let node: Scalar | YAMLMap | YAMLSeq;
    let valueEnd: number;
    if (c === 34 || c === 39) {
      const [value, end] = readQuoted(text, at, this.end);
      node = quotedScalar(value, c === 34 ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, at, end, end);
      valueEnd = end;
    } else if (c === 91 || c === 123) {
      [node, valueEnd] = readFlow(text, at, this.end, this.schema, this.resolver, this.maxDepth - this.depth, this.dups);
    } else {
      if (!plainStart(text, at, this.end)) bail();
      valueEnd = plainEnd(text, at, this.end);
      let value = text.slice(at, valueEnd);
      // Lines below indented deeper than the collection continue the scalar (generated CRDs' descriptions).
      if (valueEnd === this.end || text.charCodeAt(skipSpaces(text, valueEnd, this.end)) !== HASH) {
        for (let more = this.continuation(indent); more; more = more.last ? undefined : this.continuation(indent)) {
          value += more.sep + text.slice(this.start, more.end);
          valueEnd = more.end;
        }
      }
      node = this.resolver.plain(value, at, valueEnd, valueEnd);
    }
    const next = this.lineAfter();
    (node.range as number[])[2] = restOfLine(text, valueEnd, this.end, next);
    this.nextLine();
    this.trivia = this.afterValue(node, indent);
    return node;
  }

  /** The key of a `key: value` line at `at` (the offset of its colon: `colon`). */
  private key(at: number): Scalar {
    const { text } = this;
    const c = text.charCodeAt(at);
    let key: Scalar;
    let end: number;
    if (c === 34 || c === 39) {
      const [value, e] = readQuoted(text, at, this.end);
      key = quotedScalar(value, c === 34 ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, at, e, e);
      end = e;
    } else {
      if (!plainStart(text, at, this.end)) bail();
      end = at;
      while (end < this.end && !(text.charCodeAt(end) === 58 && (end + 1 === this.end || text.charCodeAt(end + 1) === SPACE))) {
        if (text.charCodeAt(end) === SPACE && text.charCodeAt(end + 1) === HASH) bail();
        end++;
      }
      if (end === this.end || text.charCodeAt(end - 1) === SPACE) bail();
      key = this.resolver.plain(text.slice(at, end), at, end, end);
    }
    if (end >= this.end || text.charCodeAt(end) !== 58 || (end + 1 < this.end && text.charCodeAt(end + 1) !== SPACE)) bail();
    // The library flags an implicit key whose `:` is more than 1,024 characters after its start.
    if (end - at > 1000) bail();
    this.colon = end;
    return key;
  }

}
