// wrong-type: values the API server cannot decode into the field's type; nulls are fine (they decode to zero values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

test('nulls are accepted everywhere (the API decodes them as unset or empty)', () => {
  const text = np(
    ['  podSelector:', '  ingress:', '  -', '  - from:', '    -', '    - podSelector:', '    ports:', '    - port:', '      protocol: ~', '  egress: null', '  policyTypes:', ''].join('\n'),
    '  name: p\n  labels:\n    empty:\n  annotations:\n',
  );
  assert.deepEqual(findings(text, 'wrong-type'), []);
});

test('a list where a map belongs, and a map where a list belongs, are errors on the value', () => {
  const text = np('  podSelector: []\n  ingress:\n    from: []\n');
  const got = findings(text, 'wrong-type');
  assert.deepEqual(got.map((f) => [f.at, f.severity]), [['[]', 'error'], ['from: []', 'error']]);
  assert.match(got[0]?.message ?? '', /^spec\.podSelector must be a map \(LabelSelector\), not a list\.$/);
  assert.match(got[1]?.message ?? '', /spec\.ingress must be a list of NetworkPolicyIngressRule, not a map; it looks like a list item missing its leading "- "/);
});

test('numbers and booleans where strings belong, with a quoting fix; YAML 1.1 booleans (yes/on) too', () => {
  const text = np('  podSelector:\n    matchLabels:\n      app: 6\n      enabled: true\n      legacy: yes\n', '  name: p\n');
  const got = findings(text, 'wrong-type');
  assert.deepEqual(got.map((f) => f.at), ['6', 'true', 'yes']);
  assert.match(got[0]?.message ?? '', /spec\.podSelector\.matchLabels\.app must be a string, not a number; quote it/);
  assert.match(got[2]?.message ?? '', /kubectl reads an unquoted yes as a boolean, as YAML 1\.1 does/);
  let fixed = text;
  for (const f of [...got].reverse()) fixed = applyFix(fixed, f.fixes[0]!);
  assert.match(fixed, /app: "6"\n {6}enabled: "true"\n {6}legacy: "yes"/);
  assert.deepEqual(codes(fixed), []);
});

test('port: a number or a string; a map, a fraction or a boolean is an error', () => {
  const ok = np('  podSelector: {}\n  ingress:\n  - ports:\n    - port: 80\n    - port: http\n    - port: "${PORT}"\n');
  assert.deepEqual(findings(ok, 'wrong-type'), []);
  const bad = np('  podSelector: {}\n  ingress:\n  - ports:\n    - port: {number: 80}\n    - port: 80.5\n    - port: false\n');
  const got = findings(bad, 'wrong-type');
  assert.deepEqual(got.map((f) => f.at), ['{number: 80}', '80.5', 'false']);
  assert.match(got[0]?.message ?? '', /spec\.ingress\[0\]\.ports\[0\]\.port must be a number or a string, not a map/);
  assert.match(got[1]?.message ?? '', /not a fraction/);
});

test('endPort must be a whole number: a quoted number gets an unquote fix', () => {
  const text = np('  podSelector: {}\n  egress:\n  - ports:\n    - port: 8000\n      endPort: "9000"\n');
  const [f] = findings(text, 'wrong-type');
  assert.equal(f?.at, '"9000"');
  assert.match(f?.message ?? '', /endPort must be a whole number, not a string; remove the quotes/);
  assert.deepEqual(codes(applyFix(text, f!.fixes[0]!)), []);
});

test('scalars where collections belong: spec, metadata, ipBlock, policyTypes, except', () => {
  const text = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: [name]',
    'spec: deny-all',
    '---',
    ...np('  policyTypes: Ingress\n  egress:\n  - to:\n    - ipBlock: 10.0.0.0/8\n    - ipBlock: {cidr: 10.0.0.0/8, except: 10.1.0.0/16}\n').split('\n'),
  ].join('\n');
  assert.deepEqual(findings(text, 'wrong-type').map((f) => f.at), ['[name]', 'deny-all', 'Ingress', '10.0.0.0/8', '10.1.0.0/16']);
});

test('flow style, aliases and templated values', () => {
  const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, labels: &l {a: b}}\nspec: {podSelector: {matchLabels: *l}, ingress: [{from: [{podSelector: {matchLabels: {x: "${X}"}}}]}]}\n';
  assert.deepEqual(codes(text), []);
  const bad = 'x: &n [1]\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: *n}\n';
  assert.deepEqual(findings(bad, 'wrong-type').map((f) => f.at), ['[1]']);
});

test('no quoting fix where quoting cannot help: enum fields, CIDRs, ports', () => {
  const text = np('  podSelector: {}\n  policyTypes: [1]\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10}\n    ports:\n    - {protocol: 6, port: true}\n');
  const got = findings(text, 'wrong-type');
  assert.deepEqual(got.map((f) => [f.at, f.fixes.length]), [['1', 0], ['10', 0], ['6', 0], ['true', 0]]);
  assert.match(got[0]?.message ?? '', /use one of Ingress, Egress/);
  assert.match(got[1]?.message ?? '', /write a CIDR such as 10\.0\.0\.0\/16/);
});
