// Long double-quoted scalars take a fast path while composing (core/parse/quoted.ts): the Documents must equal the
// yaml library's own compose of the same text, node for node (values, ranges, tags, errors), wherever the scalar
// sits (key, value, sequence item, flow collection, document root) and whatever it holds. The library's path of
// boundedParse alone (the fast reader, parse/fast.ts, has its own tests); comments are dropped by both (bounded.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Composer, Parser, visit, type CST, type Document } from 'yaml';
import { boundedParse } from '../../../server/src/core/parse/bounded.ts';
import { blankLongQuoted, LONG_QUOTED, plainQuoted, restoreBlanked, unblank } from '../../../server/src/core/parse/quoted.ts';

const OPTS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false, logLevel: 'error' } as const;
const tokensOf = (text: string): CST.Token[] => [...new Parser().parse(text)];
/** Documents without the comments boundedParse drops (bounded.ts uncomment). */
function uncommented(docs: Document[]): Document[] {
  for (const doc of docs) {
    doc.comment = null;
    doc.commentBefore = null;
    visit(doc, (_key, node) => {
      if (!node || typeof node !== 'object') return;
      const n = node as { comment?: unknown; commentBefore?: unknown; spaceBefore?: unknown };
      delete n.comment;
      delete n.commentBefore;
      delete n.spaceBefore;
    });
  }
  return docs;
}
/** The library's compose of `text`, as boundedParse configures it, without the fast path. */
const reference = (text: string): Document[] => uncommented([...new Composer(OPTS).compose(tokensOf(text))]);
/** boundedParse's documents, the library reading. */
const library = (text: string): Document[] => boundedParse(text, 0, text.length, false).docs;

/** The fast path taken by every double-quoted scalar, however short (boundedParse takes it from LONG_QUOTED on). */
function composeAllBlanked(text: string): Document[] {
  const tokens = tokensOf(text);
  const blanked = blankLongQuoted(tokens, 2);
  const docs = [...new Composer(OPTS).compose(tokens)];
  for (const d of docs) assert.ok(restoreBlanked(d, blanked));
  return docs;
}

const long = (n = 600, fill = 'x') => fill.repeat(n);
const q = (s: string) => `"${s}"`;

const CASES: Record<string, string> = {
  annotations: `metadata:\n  annotations:\n${Array.from({ length: 20 }, (_, i) => `    note-${i}: ${q(long(300 + i))}\n`).join('')}spec: {}\n`,
  'spaces and tabs inside, at both ends': `a: ${q(`  ${long(300, 'a b\t')}  `)}\n`,
  'trailing comment and blank lines': `a: ${q(long())}   # note\n\n\nb: 1\n`,
  'long key, past 1,024 characters': `${q(long(1100))}: v\n${q(long(400))}: w\n`,
  'sequence items and flow collections': `- ${q(long())}\n- [${q(long())}, {k: ${q(long())}}]\n- {${q(long())}: ${q(long())}}\n`,
  'document root, several documents': `${q(long())}\n---\n${q(long(700))}\n...\n---\nk: ${q(long())}\n`,
  'tagged everywhere': `a: !!str ${q(long())}\nb: !!int ${q('1'.repeat(300))}\n!!str ${q(long())}: v\n- bad\n---\n!custom ${q(long())}\n---\n- !!binary ${q('QUJD'.repeat(100))}\n- [!!str ${q(long())}]\n? !!str ${q(long())}\n: x\n`,
  'anchors and aliases': `a: &x ${q(long())}\nb: *x\nc: &y\n  ${q(long())}\nd: [*y, &z ${q(long())}]\n`,
  'escapes and line breaks take the library path': `a: ${q(`${long()}\\n${long()}`)}\nb: "${long()}\n  ${long()}"\nc: ${q(`${long()}\\"`)}\n`,
  'unclosed quote': `a: ${q(long())}\nb: "${long()}\n`,
  'CRLF line ends': `a: ${q(long())}\r\nb: "${long()}\r\n  ${long()}"\r\n`,
  'errors around it': `a: ${q(long())} x\nb: [${q(long())}\n c: ${q(long())}\n`,
  'explicit keys and empty values': `? ${q(long())}\n? ${q(long())}\n: ${q(long())}\n`,
  'exactly at the threshold': `a: ${q(long(LONG_QUOTED - 2))}\nb: ${q(long(LONG_QUOTED - 3))}\n`,
};

for (const [name, text] of Object.entries(CASES)) {
  test(`fast path equals the library's compose: ${name}`, () => {
    assert.deepStrictEqual(library(text), reference(text));
    assert.deepStrictEqual(uncommented(composeAllBlanked(text)), reference(text));
  });
}

// !!omap and !!set build their nodes with bound methods (never deep-equal across two composes): compared without them.
const withoutMethods = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(withoutMethods) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x !== 'function').map(([k, x]) => [k, withoutMethods(x)])) : v;

test('nothing under a tagged collection is blanked: !!omap compares its keys while composing (found in review)', () => {
  // Two different long keys of one length would both be blanks, and the library would call them duplicates.
  const text = `x: !!omap\n  - ${q(long(300, 'a'))}: 1\n  - ${q(long(300, 'b'))}: 2\ny: !!set {${q(long(300, 'c'))}, ${q(long(300, 'd'))}}\n--- !!omap\n- ${q(long(300, 'e'))}: 1\n- ${q(long(300, 'f'))}: 2\n`;
  const docs = library(text);
  assert.deepStrictEqual(docs.map((d) => d.errors), [[], []]);
  assert.deepStrictEqual(withoutMethods(docs), withoutMethods(reference(text)));
  assert.equal(blankLongQuoted(tokensOf(text)).size, 0);
});

test('long plain double-quoted scalars are blanked, others keep their source, and unblank restores every token', () => {
  const tokens = tokensOf(CASES['tagged everywhere'] ?? '');
  // Every long scalar there is tagged: none is blanked.
  assert.equal(blankLongQuoted(tokens).size, 0);
  const annotations = tokensOf(CASES.annotations ?? '');
  const b = blankLongQuoted(annotations);
  assert.equal(b.size, 20);
  assert.notDeepStrictEqual(annotations, tokensOf(CASES.annotations ?? ''));
  unblank(b);
  assert.deepStrictEqual(annotations, tokensOf(CASES.annotations ?? ''));
});

test('a blanked scalar that comes out tagged is reported, so the caller composes again', () => {
  const tokens = tokensOf(`a: !!str ${q(long())}\n`);
  // Blank it by hand, as a missed tag would leave it.
  const visit = (t: CST.Token): void => {
    if (t.type === 'double-quoted-scalar') t.source = `"${' '.repeat(t.source.length - 2)}"`;
    if ('value' in t && t.value && typeof t.value === 'object') visit(t.value as CST.Token);
    if ('items' in t) for (const i of t.items) if (i.value) visit(i.value);
  };
  tokens.forEach(visit);
  const blanked = new Map([[9, { token: { type: 'double-quoted-scalar', offset: 9, indent: 0, source: q(long()) } as CST.FlowScalar, source: q(long()) }]]);
  const [doc] = [...new Composer(OPTS).compose(tokens)];
  assert.ok(doc);
  assert.equal(restoreBlanked(doc, blanked), false);
});

test('plainQuoted: closed, without escapes or line breaks', () => {
  assert.equal(plainQuoted('"abc"'), true);
  assert.equal(plainQuoted('""'), true);
  assert.equal(plainQuoted('"'), false);
  assert.equal(plainQuoted('"abc'), false);
  assert.equal(plainQuoted('"a\\tb"'), false);
  assert.equal(plainQuoted('"a\nb"'), false);
  assert.equal(plainQuoted('"a\rb"'), false);
});

test('every example parses to the library compose, also with every double-quoted scalar on the fast path', () => {
  const dir = path.join(__dirname, '..', '..', '..', 'examples');
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 10);
  let blanked = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.deepStrictEqual(library(text), reference(text), f);
    assert.deepStrictEqual(uncommented(composeAllBlanked(text)), reference(text), f);
    blanked += blankLongQuoted(tokensOf(text), 2).size;
  }
  assert.ok(blanked > 0, 'the examples hold double-quoted scalars');
});
