// invalid-label: label keys/values in metadata and every selector, and annotation keys, as the API server checks them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, findings, np } from './rule-harness.ts';

const meta = (lines: string) => `  name: p\n${lines}`;

test('valid keys and values everywhere give no finding', () => {
  const text = np(
    [
      '  podSelector:',
      '    matchLabels:',
      '      app.kubernetes.io/name: web',
      '      Tier_1: Front.End-2',
      '      empty: ""',
      '      nothing:',
      '    matchExpressions:',
      '    - {key: example.com/role, operator: In, values: [a, "", B_1]}',
      '  ingress:',
      '  - from:',
      '    - namespaceSelector:',
      '        matchLabels: {kubernetes.io/metadata.name: kube-system}',
      '      podSelector:',
      '        matchLabels: {"k8s-app": "kube-dns"}',
      '',
    ].join('\n'),
    meta('  labels:\n    team: net\n  annotations:\n    Example.COM/Owner: anything at all, even spaces!\n    note: x\n'),
  );
  assert.deepEqual(codes(text), []);
});

test('a metadata label key with a bad name part is an error on the key, naming the field path', () => {
  const text = np('  podSelector: {}\n', meta('  labels:\n    "bad key": x\n'));
  const [f, ...rest] = findings(text, 'invalid-label');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, '"bad key"');
  assert.equal(f?.severity, 'error');
  assert.match(f?.message ?? '', /in metadata\.labels/);
  assert.match(f?.message ?? '', /name part must consist of alphanumeric characters, '-', '_' or '\.', and must start and end with an alphanumeric character/);
});

test('key prefix must be a lowercase DNS subdomain, non-empty; at most one slash; name part at most 63', () => {
  const cases: [string, RegExp][] = [
    ['Example.com/x', /prefix part must be a lowercase RFC 1123 subdomain/],
    ['/x', /prefix part must be non-empty/],
    ['a/b/c', /more than one '\/'/],
    ['example.com/', /name part must be non-empty/],
    [`k${'x'.repeat(63)}`, /name part must be no more than 63 characters/],
  ];
  for (const [key, re] of cases) {
    const [f, ...rest] = findings(np(`  podSelector:\n    matchLabels:\n      ${key}: v\n`), 'invalid-label');
    assert.equal(rest.length, 0, key);
    assert.equal(f?.at, key);
    assert.match(f?.message ?? '', re, key);
    assert.match(f?.message ?? '', /spec\.podSelector\.matchLabels/);
  }
});

test('label values: more than 63 characters, bad characters or ends are errors on the value', () => {
  const long = 'v'.repeat(64);
  const text = np(`  podSelector:\n    matchLabels:\n      a: ${long}\n      b: -x\n      c: "a b"\n      d: $backend\n`);
  const got = findings(text, 'invalid-label');
  assert.deepEqual(got.map((f) => f.at), [long, '-x', '"a b"', '$backend']);
  assert.match(got[0]?.message ?? '', /spec\.podSelector\.matchLabels\.a: must be no more than 63 characters/);
  assert.match(got[1]?.message ?? '', /a label value must be empty or consist of alphanumeric characters/);
});

test('peer selectors and matchExpressions keys and values are checked with their paths', () => {
  const text = np(
    [
      '  podSelector: {}',
      '  egress:',
      '  - to:',
      '    - namespaceSelector:',
      '        matchLabels: {"team name": x}',
      '      podSelector:',
      '        matchExpressions:',
      '        - key: "-role"',
      '          operator: NotIn',
      '          values: [ok, "not ok"]',
      '',
    ].join('\n'),
  );
  const got = findings(text, 'invalid-label');
  assert.deepEqual(got.map((f) => f.at), ['"team name"', '"-role"', '"not ok"']);
  assert.match(got[0]?.message ?? '', /spec\.egress\[0\]\.to\[0\]\.namespaceSelector\.matchLabels/);
  assert.match(got[1]?.message ?? '', /spec\.egress\[0\]\.to\[0\]\.podSelector\.matchExpressions\[0\]\.key/);
  assert.match(got[2]?.message ?? '', /matchExpressions\[0\]\.values\[1\]/);
});

test('annotation keys are qualified names (case-insensitive); values are free text', () => {
  const text = np('  podSelector: {}\n', meta('  annotations:\n    "bad key!": x\n    Good.Example/Key: "{\\"json\\": true}"\n'));
  assert.deepEqual(findings(text, 'invalid-label').map((f) => [f.at, /metadata\.annotations/.test(f.message)]), [['"bad key!"', true]]);
});

test('templated keys and values, numbers (wrong-type\'s) and Calico objects are not reported here', () => {
  assert.deepEqual(findings(np('  podSelector:\n    matchLabels:\n      app: ${APP}\n      ${KEY}: x\n      n: 6\n'), 'invalid-label'), []);
  assert.deepEqual(codes('apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: p\n  labels: {"bad key": x}\n'), []);
});
