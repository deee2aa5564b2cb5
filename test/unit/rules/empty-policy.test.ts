// empty-policy: no spec, an empty spec or a missing podSelector is accepted by the API but selects every pod: a warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

const head = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n';

test('explicit podSelector: {} (default deny) and a null podSelector give no finding', () => {
  assert.deepEqual(codes(np('  podSelector: {}\n')), []);
  assert.deepEqual(codes(np('  podSelector:\n  policyTypes: [Ingress]\n')), []);
});

test('no spec: a warning on the kind explaining the effect', () => {
  const [f, ...rest] = findings(head, 'empty-policy');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'NetworkPolicy');
  assert.equal(f?.severity, 'warning');
  assert.match(f?.message ?? '', /no spec, so it selects every pod in its namespace and denies them all ingress/);
});

test('an empty spec (null or {}) is a warning on the spec key, with a fix making it explicit', () => {
  for (const [spec, fixed] of [
    ['spec:\n', 'spec: {podSelector: {}}\n'],
    ['spec: {}\n', 'spec: {podSelector: {}}\n'],
  ]) {
    const text = head + spec;
    const [f] = findings(text, 'empty-policy');
    assert.equal(f?.at, 'spec');
    assert.equal(f?.severity, 'warning');
    assert.match(f?.message ?? '', /spec is empty/);
    const out = applyFix(text, f!.fixes[0]!);
    assert.equal(out, head + fixed);
    assert.deepEqual(codes(out), []);
  }
});

test('a missing podSelector is a warning; the fix inserts podSelector: {} as the first key', () => {
  const text = `${head}spec:\n  ingress:\n  - from:\n    - podSelector: {}\n`;
  const [f] = findings(text, 'empty-policy');
  assert.equal(f?.at, 'spec');
  assert.match(f?.message ?? '', /spec\.podSelector is missing, so the policy applies to every pod in its namespace/);
  assert.doesNotMatch(f?.message ?? '', /denies/);
  const out = applyFix(text, f!.fixes[0]!);
  assert.equal(out, `${head}spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n`);
  assert.deepEqual(codes(out), []);
});

test('a scalar spec is wrong-type only; Calico policies are not ours', () => {
  assert.deepEqual(codes(`${head}spec: none\n`), ['wrong-type']);
  assert.deepEqual(codes('apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: p\n'), []);
});

test('kustomize strategic merge patches ($patch directives) are not policies: no warning, no unknown field', () => {
  assert.deepEqual(codes(`${head}$patch: delete\n`), []);
  assert.deepEqual(codes(`${head}spec:\n  $retainKeys: [ingress]\n  ingress: []\n`), []);
});
