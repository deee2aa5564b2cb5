// The fast reader gives the yaml library's documents exactly (nodes, values, ranges) on the block YAML manifests
// are written in, and leaves everything else to the library; parseFile's results are the same either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Document, isCollection } from 'yaml';
import { fastParse, fastParseSteps } from '../../../server/src/core/parse/fast.ts';
import { nextMarkerLine } from '../../../server/src/core/parse/fast-lines.ts';
import { Resolver } from '../../../server/src/core/parse/fast-scalar.ts';
import { aliasFree, boundedParse } from '../../../server/src/core/parse/bounded.ts';
import { compare, describe, libraryDocs, OPTIONS, variants } from '../../parse-diff/compare.ts';

/** Texts whose ranges follow the library's less obvious rules (each probed against it while writing the reader). */
const SAME = [
  'a: b  # c\nd:\n  - x\n  - y: 1\n    z: 2\n# hi\ne: "q"\n',
  '# top\n---\n# c1\napiVersion: v1 # x\n\nkind: A\nspec:\n  podSelector: {}\n  # inner\n  ingress:\n  - from: []\n    ports: [80, "a"]\n\n  # after\n---\nb: 1\n',
  // Trivia after a collection: kept when a comment is as deep as it, else handed to the parent or the document.
  'a:\n  b:\n    - x\n    # c\n  d: 1\n',
  'a:\n  b:\n    - x\n\n  d: 1\n',
  'a:\n  b:\n    - x: 1\n      # c\n  d: 1\n',
  'a:\n  b: 1\n  # c\n',
  'a: 1\n\n',
  '---   # c\na: 1\n# end\n',
  // A comment deeper than the collection right after a value belongs to the value.
  'a:\n  b: c\n\n    # ind\nd: e\n',
  '- a: b\n  # c\n- d\n',
  '- x\n    # deep\n\n    # deeper\n  # shallow\n- y\n',
  // Empty values: after the colon and its spaces; with a comment, up to the next content.
  'a:\nb: 2\n',
  'a:   # x\nb: 2\n',
  'a:\n  b:   # every pod\nc:\n- {}\n',
  'k:\n- x\n-   \n- y\n',
  // Empty documents, with and without comments.
  'a: 1\n---\n',
  'a: 1\n--- # c\n',
  'a: 1\n---\n# c\n',
  'a: 1\n---   \n\n---\nb: 2\n',
  '---\n---\n',
  'a: 1\n---\n\n# only\n---\nb: 1\n',
  // Flow collections, values on the next line, anchors and aliases, quoted scalars, resolved plain scalars.
  'a: [ 80 , 1 ]\nb: { x: 1, "y": [a] }  # c\nc: []\n',
  'a:\n  {}\nb: 1\n',
  'a:\n  [x, y]  # c\n  # d\nb: 1\n',
  'a: &n x\nb: *n\nc: &m\n  d: 1\n',
  'a: "x\\ty\\u00e9\\"" # q\nb: \'it\'\'s\'\n"k": v\n\'q\': 1\n',
  'a: 0o17\nb: 0x1F\nc: 1e3\nd: .5\ne: ~\nf: Null\ng: 012\nh: +1\ni: -.inf\nj: 1.0\nk: .nan\nl: TRUE\nm: no\n80: x\n',
  'a: b\n',
  'a: 1',
  // Block scalars: chomping, folding, trailing blank lines (kept only with `+` or when deeper than the content).
  'a: |\n  x\n',
  'a: >-\n  x\n  y\n\n  z\n    more\n  w\nb: 1\n',
  'a: |+\n  x\n\n\nb: 1\n',
  'a: |\n  x\n\n      \n\nb: 1\n',
  'a: | # header\n  x\n  # in it\n # out\nb: 1\n',
  '- |\n  x\n- >\n   y\n   z\n',
  'a:\n  - k: |-\n      line\n\n      line2\n    j: 1\n',
  'a: |\n  x',
  'a: &t |\n  x\n',
  // Multi-line plain scalars (generated CRDs' descriptions): folded with spaces, a line feed per blank line.
  'a: b\n  c\nd: 1\n',
  'x:\n  description: Endpoint is the address\n    of the bucket.   \n\n\n    More.\n  type: string\n',
  '- one\n  two\n  three\n- 4\n  5\n',
  'a:\n  b\n  c # d\ne: 1\n',
  'a: b\r\n  c\r\n',
  // Found in review: an empty item after comment lines reaches over its line break; flow items `-` and `?`; a
  // kept block scalar ending in a shallow line of spaces without a line break.
  '- c\n#\n-\n',
  'l:\n   - k\n#\n   -\n',
  '- a\n#\n- \n- b\n',
  '- c\r\n#\r\n-\r\n',
  'a: |+\n  e\n ',
  '- |+\n  e\n ',
  'a: [-1, -x, ?y]\n',
  // CRLF line ends: ranges count the CR with the line break.
  'a: b  # c\r\nd:\r\n  - x\r\n  - y: 1\r\n\r\n    # deep\r\n# hi\r\ne: "q"\r\n',
  'a:   # x\r\nb: [1, 2]\r\n---\r\n# only\r\n---   \r\nc: \'d\'\r\n',
];

/** Texts the fast reader must leave to the library (outside its subset or not YAML the library reads cleanly). */
const BAIL = [
  // Found in review: each reads differently in the library (an error, a warning or another structure).
  'a:\n#c\n  b\nc: d\n',
  '-\n#c\n b\n- d\n',
  'a:\n\n# c\n b\nc: d\n',
  `${'k'.repeat(1030)}: v\n`,
  'a: [-]\n',
  'a: [b, -]\n',
  'a: {b: -}\n',
  'a: [?]\n',
  '- &a: x\n',
  'a: &a: x\n',
  'a: |2\n   x\n',
  'a: |\nb: 1\n',
  'a: |\n    \n  x\n',
  'a: b # c\n  d\n', // a comment ends a plain scalar: the line below is the library's to judge
  'a: b\n  - c\n',
  'a: "x\n  y"\n',
  'a: [x,\n  y]\n',
  'a:\n  # under an empty value\nb: 1\n',
  '? a\n: b\n',
  '%YAML 1.2\n---\na: 1\n',
  'a: 1\n...\n',
  'a: !!str 1\n',
  '- - x\n',
  'a: b: c\n',
  'a:\tb\n',
  'a: b\rc: d\n', // a lone CR
  '\ufeffa: b\n', // a byte-order mark
  'a: b\nc: d\r', // a CR at the very end
  'a: |\r\n  x\r\n', // a block scalar with CRLF line ends
  '  a: 1\n',
  'a: {x}\n',
  'a: [x: 1]\n',
  'a: [x, ]\n',
  'a: "\\U0001F600"\n',
  '*a : b\n',
  'a: &x\nb: 1\n',
];

test('the fast reader builds the library documents exactly, range by range', () => {
  for (const text of SAME) assert.equal(compare(text), 'same', JSON.stringify(text));
});

test('texts outside the subset are left to the library', () => {
  for (const text of BAIL) assert.equal(fastParse(text, 0, text.length, OPTIONS, 128), undefined, JSON.stringify(text));
});

test('a region ending inside a line reads nothing past its end (found in review)', () => {
  for (const [text, to] of [['a: [b]\n', 5], ['"q": x\n', 3], ['---\n  #x\n', 6]] as const) {
    const docs = fastParse(text, 0, to, OPTIONS, 128);
    const r = docs ? docs.map(describe) : 'bail';
    assert.ok(r === 'bail' || JSON.stringify(r) === JSON.stringify(libraryDocs(text.slice(0, to)).map(describe)), `${JSON.stringify(text)} to ${to}: ${JSON.stringify(r)}`);
  }
});

test('a region of a text: offsets of the whole text, nothing read past its end', () => {
  const head = 'a: 1\n';
  const body = 'b:\n  c: [x, y]\n';
  const text = `${head}---\n${body}---\nz: "unclosed\n`;
  const to = head.length + 4 + body.length;
  const docs = fastParse(text, head.length, to, OPTIONS, 128);
  assert.ok(docs);
  const whole = libraryDocs(text.slice(0, to)).slice(1);
  assert.deepEqual(docs.map(describe), whole.map(describe));
  assert.deepEqual(docs[0]?.range, [head.length, to, to]);
});

test('nesting deeper than half the limit is left to the library, which decides exactly', () => {
  const deep = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}k:`).join('\n') + ' 1\n';
  assert.ok(fastParse(deep(10), 0, deep(10).length, OPTIONS, 128));
  assert.equal(fastParse(deep(70), 0, deep(70).length, OPTIONS, 128), undefined);
  assert.equal(fastParse('a: [[[[x]]]]\n', 0, 13, OPTIONS, 6), undefined);
});

test('seeded variants of the examples (edits, comments, blank lines, no final newline): the same or left alone', () => {
  const dir = path.join(__dirname, '..', '..', '..', 'examples');
  let same = 0;
  let seed = 100;
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (!/\.ya?ml$/.test(name)) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const v of variants(text, seed++, 60)) {
      const r = compare(v);
      assert.ok(r === 'same' || r === 'bail', `${name}: ${r}\n${v}`);
      if (r === 'same') same++;
    }
  }
  // Not vacuous: most variants stay in the subset.
  assert.ok(same > 1000, `only ${same} variants read by the fast reader`);
});

test('the library schema is the core one the resolver knows: most plain words skip the tag tests', () => {
  // A yaml upgrade that changes the core tags turns the shortcut off (values stay right, only slower): noticed here.
  const doc = new Document(undefined, OPTIONS);
  assert.equal((new Resolver(doc.schema, doc.options) as unknown as { core: boolean }).core, true);
  const r = new Resolver(doc.schema, doc.options);
  assert.deepEqual(['web', 'Null', 'true', 'no', '0x1F', '.5', '-1'].map((w) => r.plain(w, 0, w.length, w.length).value), ['web', null, true, 'no', 31, 0.5, -1]);
});

test('a document longer than the span is left to the library (its token budget decides); shorter ones stop between', () => {
  const doc = (i: number) => `a${i}: ${'x'.repeat(40)}\n`;
  const text = Array.from({ length: 5 }, (_, i) => doc(i)).join('---\n');
  assert.ok(fastParse(text, 0, text.length, OPTIONS, 128, 60));
  assert.equal(fastParse(`${text}---\n${'b: y\n'.repeat(20)}`, 0, text.length + 104, OPTIONS, 128, 60), undefined);
  // One stop per document: an editor answers between them.
  const steps = fastParseSteps(text, 0, text.length, OPTIONS, 128, 60);
  let stops = 0;
  for (let r = steps.next(); !r.done; r = steps.next()) stops++;
  assert.equal(stops, 5);
});

test('the span is judged before a document is read, from the next marker line, which bounds where it ends', () => {
  // `---` followed by a space, a tab, a line break or the end is a marker line; `----` and an indented `---` are not.
  const text = 'a: 1\n---\nb: 2\n----\n  ---\nc: |\n  ---\n--- # x\nd: 3\n---\t\ne: 4\n---';
  const starts: number[] = [];
  for (let at = 1, m = nextMarkerLine(text, at, text.length); m < text.length; m = nextMarkerLine(text, at, text.length)) {
    starts.push(m);
    at = m + 1;
  }
  assert.deepEqual(starts, [5, text.indexOf('--- # x'), text.indexOf('---\t'), text.length - 3]);
  assert.equal(nextMarkerLine(text, text.length - 2, text.length), text.length);
  // A region ends the search: no marker is read past `to`.
  assert.equal(nextMarkerLine(text, 1, 8), 5);
  assert.equal(nextMarkerLine(text, 6, 12), 12);
  // A long first document behind short ones: the reader stops after the short ones and leaves the text to the
  // library without reading the long one (whose next marker is farther than the span).
  const long = `${'a: 1\n---\n'.repeat(3)}big:\n${'  k: v\n'.repeat(100)}`;
  const steps = fastParseSteps(long, 0, long.length, OPTIONS, 128, 300);
  let stops = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) stops++;
  assert.equal(r.value, undefined);
  assert.equal(stops, 3);
});

test("each document's collections hold that document's schema, as the library's do (found in review)", () => {
  const text = 'a: {b: [1]}\n---\nc:\n  - d\n';
  const docs = fastParse(text, 0, text.length, OPTIONS, 128);
  assert.ok(docs && docs.length === 2);
  for (const doc of docs) {
    const root = doc.contents as unknown as { schema: unknown; items: { value: { schema: unknown } }[] };
    assert.equal(root.schema, doc.schema);
    assert.equal(root.items[0]?.value.schema, doc.schema);
    // Made without the constructor (fast-nodes.ts): still the library's kind, class and non-enumerable schema, and
    // the library's clone keeps it (or takes the one it is given).
    const lib: unknown = libraryDocs(text)[docs.indexOf(doc)]?.contents;
    assert.ok(isCollection(doc.contents) && isCollection(lib));
    assert.ok(doc.contents instanceof (lib.constructor as new () => unknown));
    assert.deepEqual(Object.keys(doc.contents).filter((k) => k === 'schema'), []);
    const copy = doc.contents.clone();
    assert.ok(isCollection(copy));
    assert.equal(copy.schema, doc.schema);
    assert.equal(doc.contents.clone(docs[0]?.schema).schema, docs[0]?.schema);
  }
});

test('duplicate keys and aliases are found while reading, as the walk over the library’s documents finds them', () => {
  // Block and flow maps, few keys and more than eight (the hash-set path), equal values under different texts,
  // NaN keys, a collection key (never equal), and an alias in the second document only.
  const many = Array.from({ length: 10 }, (_, i) => `k${i % 9}: ${i}`).join('\n');
  const text = `a: 1\nb:\n  c: 1\n  c: 2\nd: {x: 1, y: [1], x: 2}\n0x1: a\n1: b\n.nan: c\n.NaN: d\n${many}\n---\ne: &q 1\nf: *q\ng: {[1]: a, [1]: b}\n`;
  const checks: { duplicates: { start: number; end: number }[]; aliases: boolean }[] = [];
  assert.ok(finishSteps(fastParseSteps(text, 0, text.length, OPTIONS, 128, Infinity, checks)));
  // Each duplicate: the key's text, found after the line start `after`.
  const key = (after: string, k: string) => {
    const i = text.indexOf(after) + after.indexOf(k);
    return { start: i, end: i + k.length };
  };
  assert.deepEqual(checks[0]?.duplicates, [key('  c: 2', 'c'), key('x: 2', 'x'), key('\n1: b', '1'), key('.NaN: d', '.NaN'), key('k0: 9', 'k0')]);
  assert.deepEqual(checks.map((c) => c.aliases), [false, true]);
  assert.equal(checks[1]?.duplicates.length, 0);
  // The same as bounded.ts finds on the library's documents.
  const lib = boundedParse(text, 0, text.length, false);
  const own = boundedParse(text, 0, text.length, true);
  assert.deepEqual(own.duplicates, lib.duplicates);
  assert.deepEqual(own.docs.map(aliasFree), lib.docs.map(aliasFree));
  assert.deepEqual(own.docs.map(aliasFree), [true, false]);
});

function finishSteps<T>(g: Generator<void, T, void>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}
