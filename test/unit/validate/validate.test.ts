// validate/: one decision per object, shared by the diagnostics and the model (isRejected, objectProblems).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, buildModel, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { isRejected, objectProblems } from '../../../server/src/core/validate/index.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const np = (spec: string, meta = '{name: p, namespace: ns}') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: ${meta}\nspec:\n${spec}`;

test('a valid NetworkPolicy has no problems and is not rejected', () => {
  const file = parseFile('file:///a.yaml', np('  podSelector: {}\n  ingress: [{ports: [{port: 80}]}]\n'), opts);
  const obj = file.objects[0]!;
  assert.deepEqual(objectProblems(obj, opts), []);
  assert.equal(isRejected(obj, opts), false);
});

test('the diagnostics and the model read the same problems, computed once per object', () => {
  const text = np('  podSelector: {}\n  ingress: [{ports: [{port: 70000, protocol: tcp}]}]\n');
  const file = parseFile('file:///a.yaml', text, opts);
  const obj = file.objects[0]!;
  const problems = objectProblems(obj, opts);
  assert.equal(objectProblems(obj, opts), problems, 'memoised per object and options');
  assert.deepEqual(problems.map((p) => [p.code, p.severity, text.slice(p.span.start, p.span.end)]), [
    ['invalid-protocol', 'error', 'tcp'],
    ['invalid-port', 'error', '70000'],
  ]);
  assert.equal(isRejected(obj, opts), true);
  const model = buildModel([file], opts);
  assert.deepEqual(model.policies[0]!.invalid, problems.map((p) => p.message));
  const { findings } = analyzeText('file:///a.yaml', text, opts);
  const byStart = [...problems].sort((a, b) => a.span.start - b.span.start);
  assert.deepEqual(findings.map((f) => [f.code, f.message]), byStart.map((p) => [p.code, p.message]));
});

test('an unknown field is a schema problem, not a rejection: the object is still stored', () => {
  const file = parseFile('file:///a.yaml', np('  podSelector: {}\n  ingres: []\n'), opts);
  const obj = file.objects[0]!;
  assert.deepEqual(objectProblems(obj, opts).map((p) => p.code), ['unknown-field']);
  assert.equal(isRejected(obj, opts), false);
});

test('an invalid name is rejected by the API server, so the model ignores the policy', () => {
  const file = parseFile('file:///a.yaml', np('  podSelector: {}\n', '{name: Bad_Name, namespace: ns}'), opts);
  assert.equal(isRejected(file.objects[0]!, opts), true);
  assert.ok(buildModel([file], opts).policies[0]!.invalid?.[0]?.includes('Bad_Name'));
});

test('a user severity of "off" hides the diagnostic but the object stays rejected', () => {
  const off = { ...opts, rules: { 'invalid-port': 'off' as const } };
  const text = np('  podSelector: {}\n  ingress: [{ports: [{port: 0}]}]\n');
  assert.deepEqual(analyzeText('file:///a.yaml', text, off).findings, []);
  assert.equal(isRejected(parseFile('file:///a.yaml', text, off).objects[0]!, off), true);
});
