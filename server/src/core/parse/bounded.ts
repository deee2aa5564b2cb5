// The YAML parse with bounds on hostile input: nesting depth checked while the parser runs (before anything
// recursive sees the tree), duplicate keys found in linear time (the yaml library's check compares each key
// with every earlier one: a 60,000-key map took 20 s), and lone CR line breaks read as line breaks.
import { Composer, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, type Document, type Node } from 'yaml';

/**
 * Deepest nesting of collections NetLens analyses. Real manifests stay far below (CRD schemas reach ~30); a
 * fixed limit, checked on the parser's own stack, makes a deep document get the same answer every time, where
 * a stack overflow would depend on how warm the process is.
 */
export const MAX_NESTING = 128;

export interface BoundedParse {
  docs: Document.Parsed[];
  /** Line starts of the text (from the parser's line counter, or computed when the parse stopped early). */
  lineStarts: number[] | undefined;
  /** Set when the nesting limit was passed: the offset where it happened; no document is returned then. */
  tooDeepAt?: number;
  /** Duplicate keys: the key node's offset and end, in source order. */
  duplicates: { start: number; end: number }[];
}

/** Text with lone CRs (old Mac line ends) turned into LFs: same length, so every offset stays valid. */
export function normaliseLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export function boundedParse(text: string): BoundedParse {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: ReturnType<Parser['next']> extends Generator<infer T> ? T[] : never = [];
  lineCounter.addNewLine(0);
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    for (const t of parser.next(lexeme)) tokens.push(t);
    // The parser's stack holds one entry per open collection (plus the document and the current scalar).
    if (parser.stack.length > MAX_NESTING + 2) return { docs: [], lineStarts: undefined, tooDeepAt: offset, duplicates: [] };
    offset += lexeme.length;
  }
  for (const t of parser.end()) tokens.push(t);
  // No source tokens on the nodes: nothing reads them, and keeping the CST per node held 60% of a parsed
  // workspace in memory (2,000 files: 402 -> 163 MB of heap) and fed the garbage collector.
  const composer = new Composer({ keepSourceTokens: false, prettyErrors: false, uniqueKeys: false });
  const docs = Array.from(composer.compose(tokens)) as Document.Parsed[];
  const duplicates: BoundedParse['duplicates'] = [];
  for (const doc of docs) duplicateKeys(doc.contents, duplicates);
  return { docs, lineStarts: lineCounter.lineStarts, duplicates };
}

/**
 * Keys equal to an earlier key of the same map, as the yaml library defines equality (the same scalar value;
 * collections as keys are never equal), found with one hash set per map.
 */
function duplicateKeys(root: unknown, out: BoundedParse['duplicates']): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key as Node | null;
        if (isScalar(key)) {
          if (seen.has(key.value)) {
            const r = key.range;
            if (r) out.push({ start: r[0], end: r[1] });
          } else seen.add(key.value);
        }
        stack.push(item.key, item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) stack.push(node.key, node.value);
  }
  out.sort((a, b) => a.start - b.start);
}
