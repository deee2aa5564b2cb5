// The fast reader (core/parse/fast.ts) against the yaml library: both parse a text, and every document must have
// the same nodes (class, value, type, source, format, anchor, flow, the three offsets of each range) and ranges.
// Comments on nodes are not compared: nothing in NetLens reads them, and the fast reader does not keep them.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, type Document } from 'yaml';
import { aliasFree, boundedParse } from '../../server/src/core/parse/bounded.ts';
import { fastParse } from '../../server/src/core/parse/fast.ts';
import { rng } from '../fixtures/generate.ts';

export const OPTIONS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false, logLevel: 'error' } as const;

function node(n: unknown): string {
  if (n === null || n === undefined) return String(n);
  const x = n as { range?: number[]; anchor?: string; flow?: boolean };
  const head = `${JSON.stringify(x.range)}${x.anchor !== undefined ? `&${x.anchor}` : ''}${x.flow ? ' flow' : ''}`;
  if (isAlias(n)) return `alias ${n.source} ${head}`;
  if (isMap(n)) return `map ${head} {${n.items.map((p) => (isPair(p) ? `${node(p.key)}: ${node(p.value)}` : '?')).join(', ')}}`;
  if (isSeq(n)) return `seq ${head} [${n.items.map(node).join(', ')}]`;
  if (isScalar(n)) {
    const s = n as typeof n & { source?: unknown; minFractionDigits?: number };
    const v = typeof s.value === 'number' && Number.isNaN(s.value) ? 'NaN' : String(s.value);
    return `${s.type} ${typeof s.value}:${JSON.stringify(v)} src=${JSON.stringify(s.source)} ${s.format ?? ''}${s.minFractionDigits ?? ''}${s.tag ?? ''} ${head}`;
  }
  return `unknown ${String((n as object).constructor?.name)}`;
}

export function describe(doc: Document.Parsed): string {
  return `doc ${JSON.stringify(doc.range)} start=${doc.directives.docStart} errors=${doc.errors.length} warnings=${doc.warnings.length} ${node(doc.contents)}`;
}

export function libraryDocs(text: string): Document.Parsed[] {
  return [...new Composer(OPTIONS).compose(new Parser().parse(text))] as Document.Parsed[];
}

/** 'bail' when the fast reader leaves the text to the library, 'same', or where the two first differ. */
export function compare(text: string): 'bail' | 'same' | string {
  const fast = fastParse(text, 0, text.length, OPTIONS, 128);
  if (!fast) return 'bail';
  const a = libraryDocs(text).map(describe);
  const b = fast.map(describe);
  if (a.length !== b.length) return `library ${a.length} document(s), fast ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    let k = 0;
    while (x[k] === y[k]) k++;
    return `document ${i}:\n  library ...${x.slice(Math.max(0, k - 120), k + 80)}\n  fast    ...${y.slice(Math.max(0, k - 120), k + 80)}`;
  }
  // What the fast reader finds while reading (duplicate keys, aliases) equals bounded.ts's walk over the library's.
  const checks = (fast: boolean): string => {
    const r = boundedParse(text, 0, text.length, fast);
    return JSON.stringify({ duplicates: r.duplicates, aliasFree: r.docs.map(aliasFree) });
  };
  const [lib, own] = [checks(false), checks(true)];
  if (lib !== own) return `checks:\n  library ${lib.slice(0, 300)}\n  fast    ${own.slice(0, 300)}`;
  return 'same';
}

const PIECES = [' ', '  ', '\n', '#', ' #', ':', ': ', '- ', '-', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '---\n', '\n  # c\n', '\n\n', '|', '|-\n', ': >\n', ': |+\n  t\n\n', '~', '0x1', '1e3', 'null', 'true', '\\', '?', '\t'];

/**
 * Variants of `text` a reader meets: no final newline, comment and blank lines at several indents after lines,
 * and `count` random edits (delete, insert a YAML-significant piece, duplicate a line).
 */
export function* variants(text: string, seed: number, count: number): Generator<string> {
  yield text;
  yield text.replace(/\n+$/, '');
  yield text.replace(/\r?\n/g, '\r\n');
  // Plain values of several words folded over deeper lines (a multi-line plain scalar), with a blank line or not.
  yield text.replace(/^( *)([\w.-]+: [\w./-]+) ([\w ./-]+)$/gm, '$1$2\n$1    $3');
  yield text.replace(/^( *)(- [\w./-]+) ([\w ./-]+)$/gm, '$1$2\n\n$1   $3');
  const lines = text.split('\n');
  for (const extra of ['# c', '  # c', '    # c', '      # c', '', '   ']) {
    yield lines.map((l, i) => (i % 3 === 1 ? `${l}\n${extra}` : l)).join('\n');
  }
  const rnd = rng(seed);
  for (let n = 0; n < count; n++) {
    const at = Math.floor(rnd() * (text.length + 1));
    const op = rnd();
    if (op < 0.3) yield text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
    else if (op < 0.85) yield text.slice(0, at) + (PIECES[Math.floor(rnd() * PIECES.length)] as string) + text.slice(at);
    else {
      const i = Math.floor(rnd() * lines.length);
      yield [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
    }
  }
}
