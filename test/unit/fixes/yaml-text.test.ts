// yaml-text: style detection, scalar quoting and block/flow rendering used by every quick fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, parseDocument, type YAMLSeq } from 'yaml';
import { appendToSeq, detectStyle, flowText, mapLines, scalarText } from '../../../server/src/core/fixes/yaml-text.ts';

const style = (text: string) => detectStyle(text, parseAllDocuments(text) as never);

test('detectStyle: indent step, indented or flush dashes, line endings, defaults', () => {
  assert.deepEqual(style('a:\n  b:\n    - x\n'), { indent: 2, seqIndent: true, eol: '\n' });
  assert.deepEqual(style('a:\n    b:\n    - x\n'), { indent: 4, seqIndent: false, eol: '\n' });
  assert.deepEqual(style('a:\r\n  - x\r\n'), { indent: 2, seqIndent: true, eol: '\r\n' });
  assert.deepEqual(style('a: {b: [x]}\n'), { indent: 2, seqIndent: true, eol: '\n' });
  // The evidence of a later document counts when the first has none.
  assert.deepEqual(style('a: 1\n---\nb:\n- x\n'), { indent: 2, seqIndent: false, eol: '\n' });
});

test('scalarText quotes what YAML would read as something else', () => {
  assert.deepEqual(['kube-dns', 'kubernetes.io/metadata.name', 'true', 'no', '1.10', '53', '', 'a b', 'x: y', '*x', 'null'].map(scalarText), [
    'kube-dns', 'kubernetes.io/metadata.name', '"true"', '"no"', '"1.10"', '"53"', '""', '"a b"', '"x: y"', '"*x"', '"null"',
  ]);
  assert.equal(scalarText(53), '53');
});

test('rendering in block and flow style', () => {
  const v = { to: [{ podSelector: {} }], ports: [{ port: 53 }] };
  assert.deepEqual(mapLines(v, 2, { indent: 2, seqIndent: false, eol: '\n' }), ['  to:', '  - podSelector: {}', '  ports:', '  - port: 53']);
  assert.deepEqual(mapLines(v, 0, { indent: 4, seqIndent: true, eol: '\n' }), ['to:', '    - podSelector: {}', 'ports:', '    - port: 53']);
  assert.equal(flowText(v), '{to: [{podSelector: {}}], ports: [{port: 53}]}');
});

test('appendToSeq keeps a wider item offset (`-   key`) and supplies a final newline', () => {
  const text = 'l:\n-   a: 1\n    b: 2';
  const seq = (parseDocument(text).contents as { items: { value: YAMLSeq }[] }).items[0]!.value;
  const e = appendToSeq(text, seq, { a: 3, b: 4 }, { indent: 4, seqIndent: false, eol: '\n' })!;
  const out = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  assert.equal(out, 'l:\n-   a: 1\n    b: 2\n-   a: 3\n    b: 4\n');
  assert.deepEqual(parseDocument(out).toJS(), { l: [{ a: 1, b: 2 }, { a: 3, b: 4 }] });
});
