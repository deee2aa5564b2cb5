// Hostile-input bounds of the parse: nesting depth (the same answer cold or warm), duplicate keys found in
// linear time with the library's positions, and CR-only line breaks read like any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { MAX_DOCUMENT_TOKENS, MAX_NESTING } from '../../../server/src/core/parse/bounded.ts';
import { reparseFile } from '../../../server/src/core/parse/incremental.ts';

const codes = (text: string): string[] => checkFile(parseFile('file:///a.yaml', text, DEFAULT_OPTIONS), DEFAULT_OPTIONS).map((f) => f.code);

test('documents nested deeper than the limit are declined with one diagnostic, block or flow, every time', () => {
  const cases = ['- '.repeat(100_000) + 'x\n', `a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`, `${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`];
  for (const text of cases) {
    const answers = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const f = parseFile('file:///deep.yaml', text, DEFAULT_OPTIONS);
      assert.deepEqual(f.objects, []);
      answers.add(JSON.stringify(f.issues));
      assert.deepEqual(codes(text), ['file-not-analyzed']);
    }
    assert.equal(answers.size, 1);
    assert.match([...answers][0]!, /nest more than 128 levels deep here \(line \d+\); the file was skipped/);
  }
  // At the limit a document is still analysed.
  const ok = parseFile('file:///ok.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: ${'['.repeat(MAX_NESTING - 2)}${']'.repeat(MAX_NESTING - 2)}}\n`, DEFAULT_OPTIONS);
  assert.deepEqual(ok.issues, []);
  assert.equal(ok.objects.length, 1);
});

test('duplicate keys: every repeat of a key, at the repeated key, in block and flow maps (30,000 keys)', () => {
  const text = 'a: 1\nb: 2\na: 3\nm: {x: 1, "x": 2, 1: 3, "1": 4}\n';
  const f = parseFile('file:///d.yaml', text, DEFAULT_OPTIONS);
  assert.deepEqual(
    f.issues.map((i) => [i.kind, text.slice(i.span.start, i.span.end)]),
    [['duplicate-key', 'a'], ['duplicate-key', '"x"']],
  );
  // 30,000 keys (210,000 tokens) stay under the per-document budget; 60,000 are skipped (next test).
  const many = Array.from({ length: 30_000 }, (_, i) => `k${i % 29_999}: v`).join('\n') + '\n';
  const big = parseFile('file:///big.yaml', many, DEFAULT_OPTIONS);
  assert.deepEqual(big.issues.map((i) => [i.kind, big.lines.positionAt(i.span.start).line]), [['duplicate-key', 29_999]]);
});

const NETPOL = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  policyTypes: [Ingres]\n';
const hugeMap = (keys: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: keys }, (_, i) => `  k${i}: v\n`).join('')}`;

test('a document over the token budget is skipped with one notice on its first line; the other documents are read', () => {
  const text = `${NETPOL}---\n${hugeMap(60_000)}---\n${NETPOL.replace('name: p', 'name: q')}`;
  const f = parseFile('file:///map.yaml', text, DEFAULT_OPTIONS);
  const at = NETPOL.length;
  assert.deepEqual(f.issues, [
    {
      kind: 'too-large-document',
      span: { start: at, end: at + 3 },
      message: "This YAML document (0.7 MB) holds more than 250,000 keys, values and other tokens, more than NetLens analyses in one document; it was skipped (the file's other documents are analysed).",
    },
  ]);
  assert.equal(MAX_DOCUMENT_TOKENS, 250_000);
  assert.deepEqual(f.objects.map((o) => [o.kind, o.name, o.span.start]), [['NetworkPolicy', 'p', 0], ['NetworkPolicy', 'q', text.lastIndexOf('apiVersion')]]);
  // The two policies' own findings (the misspelt policy type) and the notice, as the CLI prints them.
  assert.deepEqual(codes(text), ['invalid-policy-types', 'file-not-analyzed', 'invalid-policy-types']);
  // An edit re-reads the whole file (the notice belongs to no kept document) and finds the same.
  const edited = text.replace('name: q', 'name: r');
  const re = reparseFile(f, 'file:///map.yaml', edited, DEFAULT_OPTIONS);
  assert.deepEqual(re.issues, parseFile('file:///map.yaml', edited, DEFAULT_OPTIONS).issues);
  assert.equal(re.issues[0]?.kind, 'too-large-document');
  // A single-document file: the notice spans at most 100 characters of a minified line.
  const line = `{"apiVersion": "v1", "kind": "ConfigMap", "data": {${Array.from({ length: 60_000 }, (_, i) => `"k${i}": "v"`).join(', ')}}}\n`;
  const one = parseFile('file:///min.yaml', line, DEFAULT_OPTIONS);
  assert.deepEqual(one.issues.map((i) => [i.kind, i.span]), [['too-large-document', { start: 0, end: 100 }]]);
  assert.deepEqual(one.docs, []);
  // Under the budget (30,000 keys) the document is read.
  assert.equal(parseFile('file:///ok.yaml', hugeMap(30_000), DEFAULT_OPTIONS).objects.length, 1);
});

test('CR-only line breaks are line breaks: the same objects, findings and positions as LF', () => {
  const lf = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  policyTypes: [Ingres]\n';
  const cr = lf.replace(/\n/g, '\r');
  const a = parseFile('file:///lf.yaml', lf, DEFAULT_OPTIONS);
  const b = parseFile('file:///cr.yaml', cr, DEFAULT_OPTIONS);
  assert.equal(b.objects[0]?.kind, 'NetworkPolicy');
  assert.deepEqual(codes(cr), codes(lf));
  assert.ok(codes(cr).length > 0, 'the misspelt policy type is found');
  const at = lf.indexOf('Ingres');
  assert.deepEqual(b.lines.positionAt(at), a.lines.positionAt(at));
  assert.deepEqual(b.lines.positionAt(at), { line: 6, character: 16 });
});
