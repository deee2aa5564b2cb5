// invalid-selector: matchExpressions operators and the values each operator takes, and the required key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, findings, np } from './rule-harness.ts';

const expr = (lines: string) => np(`  podSelector:\n    matchExpressions:\n${lines}`);

test('the four operators with the right values give no finding', () => {
  const text = expr(
    [
      '    - {key: a, operator: In, values: [x]}',
      '    - {key: b, operator: NotIn, values: [x, y]}',
      '    - {key: c, operator: Exists}',
      '    - {key: d, operator: DoesNotExist, values: []}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(codes(text), []);
});

test('an unknown or wrongly-cased operator is an error on the value, suggesting the right case', () => {
  const [f, ...rest] = findings(expr('    - key: a\n      operator: in\n      values: [x]\n'), 'invalid-selector');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'in');
  assert.equal(f?.severity, 'error');
  assert.match(f?.message ?? '', /spec\.podSelector\.matchExpressions\[0\]\.operator/);
  assert.match(f?.message ?? '', /In, NotIn, Exists or DoesNotExist/);
  assert.match(f?.message ?? '', /did you mean In\?/);
  const [g] = findings(expr('    - key: a\n      operator: from\n'), 'invalid-selector');
  assert.equal(g?.at, 'from');
  assert.doesNotMatch(g?.message ?? '', /did you mean/);
});

test('In and NotIn need non-empty values: on the values key, or on the operator when values is missing', () => {
  assert.deepEqual(findings(expr('    - key: a\n      operator: In\n      values: []\n'), 'invalid-selector').map((f) => f.at), ['values']);
  const [f] = findings(expr('    - key: a\n      operator: NotIn\n'), 'invalid-selector');
  assert.equal(f?.at, 'NotIn');
  assert.match(f?.message ?? '', /values must be non-empty when the operator is NotIn/);
});

test('Exists and DoesNotExist must have no values', () => {
  const [f] = findings(expr('    - key: a\n      operator: Exists\n      values:\n      - x\n'), 'invalid-selector');
  assert.equal(f?.at, 'values');
  assert.match(f?.message ?? '', /must be empty when the operator is Exists/);
});

test('key and operator are required', () => {
  const got = findings(expr('    - operator: Exists\n    - key: ""\n      operator: Exists\n    - key: a\n'), 'invalid-selector');
  assert.deepEqual(got.map((f) => f.at), ['operator', 'key', 'key']);
  assert.match(got[0]?.message ?? '', /matchExpressions\[0\]\.key is required/);
  assert.match(got[2]?.message ?? '', /matchExpressions\[2\]\.operator is required/);
});

test('peer selectors are checked too; templated operators are skipped', () => {
  const text = np('  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions: [{key: a, operator: Equals, values: [x]}]\n');
  const [f] = findings(text, 'invalid-selector');
  assert.equal(f?.at, 'Equals');
  assert.match(f?.message ?? '', /spec\.ingress\[0\]\.from\[0\]\.namespaceSelector\.matchExpressions\[0\]\.operator/);
  assert.deepEqual(findings(expr('    - {key: a, operator: "${OP}", values: [x]}\n'), 'invalid-selector'), []);
});

test('an empty condition (a bare dash) is reported on the dash', () => {
  const text = expr('    -\n    - {key: a, operator: Exists}\n');
  const [f, ...rest] = findings(text, 'invalid-selector');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, '-');
  assert.equal(f?.line, 8);
  assert.match(f?.message ?? '', /matchExpressions\[0\] is empty/);
});
