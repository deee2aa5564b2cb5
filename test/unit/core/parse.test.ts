// Parsing: documents, lists, ranges and the parse issues that become diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, DEFAULT_OPTIONS, LineIndex, parseFile } from '../../../server/src/core/index.ts';

const opts = DEFAULT_OPTIONS;

test('multi-document file yields one object per document, with kind, name and namespace', () => {
  const f = parseFile('a.yaml', 'kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: a, namespace: x}\n---\nkind: Service\nmetadata:\n  name: s\n', opts);
  assert.deepEqual(f.objects.map((o) => [o.kind, o.name, o.namespace ?? null]), [['NetworkPolicy', 'a', 'x'], ['Service', 's', null]]);
});

test('kind: List items are objects', () => {
  const f = parseFile('l.yaml', 'apiVersion: v1\nkind: List\nitems:\n- kind: Namespace\n  metadata: {name: n1}\n- kind: Namespace\n  metadata: {name: n2}\n', opts);
  assert.deepEqual(f.objects.map((o) => [o.name, o.listIndex]), [['n1', 0], ['n2', 1]]);
});

test('syntax error is reported with its exact range', () => {
  const text = 'a: 1\nb: [1, 2\n';
  const { findings } = analyzeText('x.yaml', text, opts);
  assert.equal(findings.length >= 1, true);
  const f = findings[0]!;
  assert.equal(f.code, 'yaml-syntax');
  assert.equal(f.severity, 'error');
});

test('duplicate key is an error on the second key', () => {
  const text = 'apiVersion: v1\nkind: A\nkind: B\n';
  const { findings } = analyzeText('x.yaml', text, opts);
  assert.deepEqual(findings.map((f) => [f.code, text.slice(f.span.start, f.span.end)]), [['duplicate-key', 'kind']]);
});

test('alias bomb is bounded and reported', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const { findings, file } = analyzeText('bomb.yaml', lines.join('\n'), opts);
  assert.equal(file.objects.length, 0);
  assert.deepEqual(findings.map((f) => f.code), ['file-not-analyzed']);
});

test('too-large file is declined with one diagnostic', () => {
  const { findings } = analyzeText('big.yaml', 'x'.repeat(100), { ...opts, maxFileSize: 10 });
  assert.deepEqual(findings.map((f) => [f.code, f.span]), [['file-not-analyzed', { start: 0, end: 0 }]]);
});

test('LineIndex maps UTF-16 offsets after non-ASCII text and CRLF', () => {
  const text = 'é😀: x\r\nb: y';
  const li = new LineIndex(text);
  assert.deepEqual(li.positionAt(text.indexOf('x')), { line: 0, character: 5 });
  assert.deepEqual(li.positionAt(text.indexOf('b')), { line: 1, character: 0 });
  assert.equal(li.offsetAt({ line: 0, character: 99 }), text.indexOf('\r'));
});
