// The NetworkPolicy schema: lookup by field path (hover and completion use it) and the name syntax helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaAt } from '../../../server/src/core/schema/networkpolicy.ts';
import { formatPath } from '../../../server/src/core/schema/types.ts';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors, utf8Length } from '../../../server/src/core/schema/names.ts';
import { closestName } from '../../../server/src/core/schema/suggest.ts';

test('schemaAt resolves nested fields, list items (* or an index) and map values', () => {
  assert.equal(schemaAt(['spec', 'ingress', '*', 'from', '*'])?.typeName, 'NetworkPolicyPeer');
  assert.equal(schemaAt(['spec', 'egress', 0, 'ports', 1, 'port'])?.type, 'int-or-string');
  assert.deepEqual(schemaAt(['spec', 'ingress', '*', 'ports', '*', 'protocol'])?.enum, ['TCP', 'UDP', 'SCTP']);
  assert.deepEqual(schemaAt(['spec', 'podSelector', 'matchExpressions', '*', 'operator'])?.enum, ['In', 'NotIn', 'Exists', 'DoesNotExist']);
  assert.equal(schemaAt(['metadata', 'labels', 'app'])?.type, 'string');
  assert.equal(schemaAt(['spec', 'ipBlock']), undefined);
  assert.equal(schemaAt(['spec', 'constructor']), undefined);
  assert.equal(schemaAt(['spec', 'ingress', 'from']), undefined);
  assert.ok(Object.keys(schemaAt([])?.fields ?? {}).every((k) => (schemaAt([k])?.doc ?? '').length > 0));
});

test('every field has a one-sentence doc', () => {
  const walk = (path: (string | number)[]): void => {
    const s = schemaAt(path);
    assert.ok(s && s.doc.length > 5, formatPath(path));
    if (s?.type === 'list') walk([...path, '*']);
    for (const k of Object.keys(s?.fields ?? {})) walk([...path, k]);
  };
  walk([]);
});

test('formatPath writes the API notation', () => {
  assert.equal(formatPath(['spec', 'ingress', 0, 'from', 1, 'podSelector']), 'spec.ingress[0].from[1].podSelector');
});

test('name syntaxes follow apimachinery', () => {
  assert.deepEqual(dns1123SubdomainErrors('a.b-c.d'), []);
  assert.equal(dns1123SubdomainErrors('a..b').length, 1);
  assert.deepEqual(dns1123LabelErrors('kube-system'), []);
  assert.equal(dns1123LabelErrors('a.b').length, 1);
  assert.deepEqual(qualifiedNameErrors('app.kubernetes.io/name'), []);
  assert.deepEqual(qualifiedNameErrors('Under_Score.1'), []);
  assert.equal(qualifiedNameErrors('a/b/c').length, 1);
  assert.deepEqual(labelValueErrors(''), []);
  assert.equal(labelValueErrors('_x').length, 1);
});

test('closestName suggests case and typo fixes, not distant words', () => {
  assert.equal(closestName('PodSelector', ['podSelector', 'ingress']), 'podSelector');
  assert.equal(closestName('matchLabel', ['matchLabels', 'matchExpressions']), 'matchLabels');
  assert.equal(closestName('protocol', ['from', 'ports']), undefined);
  assert.equal(closestName('to', ['ports']), undefined);
});

test('utf8Length counts UTF-8 bytes as Go does, pairs as four and lone surrogates as their replacement', () => {
  const cases = ['', 'http', 'é', 'ü-port', '€uro', '😀', 'a😀b', 'x'.repeat(5000), `${'é'.repeat(100)}😀${'a'.repeat(100)}`, '\ud800', 'a\udc00b', '\ud83d'];
  for (const s of cases) assert.equal(utf8Length(s), Buffer.byteLength(s, 'utf8'), JSON.stringify(s));
});
