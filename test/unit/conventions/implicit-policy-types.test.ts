// implicit-policy-types: NetworkPolicies without policyTypes, with the "Add explicit policyTypes" fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, conv, np } from './harness.ts';

const CODE = 'implicit-policy-types';

test('a policy without policyTypes is reported on its name with the defaulted types and a fix', () => {
  const text = np('p', '  podSelector: {}\n  egress: []\n');
  const seen = conv(CODE, { 'file:///w/np.yaml': text }, { requireExplicitPolicyTypes: true });
  assert.deepEqual(seen.map((s) => [s.line, s.at, s.message]), [[3, 'p', 'This NetworkPolicy does not write policyTypes, so the API server defaults it to [Ingress]; the team convention (netlens.conventions.requireExplicitPolicyTypes) wants it written.']]);
  assert.equal(applyEdits(text, seen[0]!.fixes[0]!), np('p', '  podSelector: {}\n  policyTypes:\n    - Ingress\n  egress: []\n'));
});

test('written policyTypes, or the convention off, is quiet', () => {
  assert.deepEqual(conv(CODE, { 'file:///w/np.yaml': np('p', '  podSelector: {}\n  policyTypes: [Ingress]\n') }, { requireExplicitPolicyTypes: true }), []);
  assert.deepEqual(conv(CODE, { 'file:///w/np.yaml': np('p', '  podSelector: {}\n') }, {}), []);
});
