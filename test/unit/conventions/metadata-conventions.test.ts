// policy-name-pattern, missing-policy-label and missing-policy-annotation: object metadata conventions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conv, np } from './harness.ts';

const spec = '  podSelector: {}\n';

test('policy-name-pattern: the whole name must match; set only when configured', () => {
  const files = { 'file:///w/a.yaml': `${np('allow-web', spec)}---\n${np('webPolicy', spec)}` };
  const seen = conv('policy-name-pattern', files, { policyNamePattern: '(allow|deny)-[a-z-]+' });
  assert.deepEqual(seen.map((s) => [s.line, s.at, s.message]), [[11, 'webPolicy', "Policy name 'webPolicy' does not match the team's naming convention /(allow|deny)-[a-z-]+/ (netlens.conventions.policyNamePattern; the whole name must match)."]]);
  assert.deepEqual(conv('policy-name-pattern', { 'file:///w/a.yaml': np('xallow-web', spec) }, { policyNamePattern: 'allow-web' }).length, 1, 'anchored');
  assert.deepEqual(conv('policy-name-pattern', files, {}), []);
});

test('missing-policy-label: key, or key=value; one finding per policy on metadata listing every missing entry', () => {
  const files = { 'file:///w/a.yaml': np('p', spec, '  labels:\n    team: payments\n    tier: web\n') };
  const seen = conv('missing-policy-label', files, { requiredPolicyLabels: ['team=platform', 'owner', 'tier'] });
  assert.deepEqual(seen.map((s) => [s.line, s.at, s.message]), [[2, 'metadata', "This policy lacks the required labels 'team=platform', 'owner' (netlens.conventions.requiredPolicyLabels)."]]);
  assert.deepEqual(conv('missing-policy-label', files, { requiredPolicyLabels: ['team'] }), []);
});

test('missing-policy-annotation: reads metadata.annotations; other kinds are not policies', () => {
  const files = { 'file:///w/a.yaml': `${np('p', spec)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n` };
  const seen = conv('missing-policy-annotation', files, { requiredPolicyAnnotations: ['netlens.io/owner'] });
  assert.deepEqual(seen.map((s) => [s.line, s.message]), [[2, "This policy lacks the required annotation 'netlens.io/owner' (netlens.conventions.requiredPolicyAnnotations)."]]);
});
