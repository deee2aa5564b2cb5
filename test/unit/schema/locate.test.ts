// locateField: the field path under an offset, for hover and completion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { locateField } from '../../../server/src/core/schema/locate.ts';
import { schemaAt } from '../../../server/src/core/schema/networkpolicy.ts';

const text = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: p}',
  'spec:',
  '  podSelector:',
  '    matchLabels: {app: web}',
  '  ingress:',
  '  - from:',
  '    - namespaceSelector: {}',
  '    ports:',
  '    - port: 80',
  '',
].join('\n');
const obj = parseFile('l.yaml', text, DEFAULT_OPTIONS).objects[0]!;
const at = (needle: string, delta = 0) => locateField(obj.doc, obj.node, text.indexOf(needle) + delta);

test('on a key: the path ends with that key, and the schema knows it', () => {
  const l = at('namespaceSelector', 3);
  assert.deepEqual(l?.path, ['spec', 'ingress', 0, 'from', 0, 'namespaceSelector']);
  assert.equal(l?.on, 'key');
  assert.equal(schemaAt(l!.path)?.typeName, 'LabelSelector');
});

test('on a scalar value, inside flow maps too', () => {
  assert.deepEqual(at('80'), { path: ['spec', 'ingress', 0, 'ports', 0, 'port'], on: 'value', pair: at('80')?.pair, node: at('80')?.node });
  assert.deepEqual(at('web')?.path, ['spec', 'podSelector', 'matchLabels', 'app']);
  assert.equal(at('web')?.on, 'value');
  assert.deepEqual(at('name: p', 6)?.path, ['metadata', 'name']);
});

test('outside the object: undefined', () => {
  assert.equal(locateField(obj.doc, obj.node, text.length + 5), undefined);
});
