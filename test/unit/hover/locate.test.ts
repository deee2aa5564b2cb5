// locate(): the key/index path under the cursor, key vs value vs list item, in documents and List items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { locate } from '../../../server/src/core/parse/locate.ts';
import { offsetOf } from './fixture.ts';

const TEXT = `kind: ConfigMap
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: web}
    ports:
    - port: 
`;
const file = parseFile('file:///l.yaml', TEXT, DEFAULT_OPTIONS);
const at = (needle: string, delta = 0, nth = 0) => locate(file, offsetOf(TEXT, needle, delta, nth))!;

test('a key: path from the object root, the key span, the enclosing map and its indentation', () => {
  const l = at('matchLabels', 2);
  assert.equal(l.docIndex, 1);
  assert.deepEqual(l.path, ['spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels']);
  assert.equal(l.on, 'key');
  const start = offsetOf(TEXT, 'matchLabels');
  assert.deepEqual(l.span, { start, end: start + 'matchLabels'.length });
  assert.equal(l.indent, 8);
});

test('a scalar value in a flow map, and an empty value after `key: `', () => {
  const v = at('web', 1);
  assert.deepEqual(v.path, ['spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels', 'app']);
  assert.equal(v.on, 'value');
  const end = TEXT.length - 1; // after `port: `
  const e = locate(file, end)!;
  assert.deepEqual(e.path, ['spec', 'ingress', 0, 'ports', 0, 'port']);
  assert.equal(e.on, 'value');
});

test('the `-` of a list item locates the item', () => {
  const l = at('- from');
  assert.deepEqual(l.path, ['spec', 'ingress', 0]);
  assert.equal(l.on, 'item');
  assert.deepEqual(l.span, { start: offsetOf(TEXT, '- from'), end: offsetOf(TEXT, '- from') + 1 });
  assert.deepEqual(at('- podSelector').path, ['spec', 'ingress', 0, 'from', 0]);
});

test('the first key after a block map belongs to the next pair, not to the map that ends before it', () => {
  const l = at('\nspec', 1);
  assert.deepEqual(l.path, ['spec']);
  assert.equal(l.on, 'key');
});

test('List items are objects: paths start inside the item', () => {
  const list = 'apiVersion: v1\nkind: List\nitems:\n- kind: NetworkPolicy\n  spec:\n    podSelector: {}\n';
  const f = parseFile('file:///list.yaml', list, DEFAULT_OPTIONS);
  const l = locate(f, offsetOf(list, 'podSelector', 1))!;
  assert.deepEqual(l.docPath, ['items', 0, 'spec', 'podSelector']);
  assert.deepEqual(l.path, ['spec', 'podSelector']);
  assert.equal(l.object, f.objects[0]?.node);
});

test('an empty file has no location; broken YAML still locates what parsed', () => {
  assert.equal(locate(parseFile('file:///e.yaml', '', DEFAULT_OPTIONS), 0), undefined);
  const bad = 'spec:\n  podSelector: {\n  ingress: [\n';
  const l = locate(parseFile('file:///b.yaml', bad, DEFAULT_OPTIONS), 1);
  assert.deepEqual(l?.path, ['spec']);
});
