// policy-selects-nothing: a podSelector matching no workload of a namespace that has workloads in the workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, wsFindings } from './workspace-harness.ts';

const CODE = 'policy-selects-nothing';
const APPS = [deployment('shop', 'web', { app: 'web' }), deployment('shop', 'db', { app: 'db' })].join('---\n');
const np = (sel: string, ns = 'shop'): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ${ns}\nspec:\n  podSelector:${sel}\n  policyTypes: [Ingress]\n`;

test('a misspelt label is reported on the selector value with the namespace workloads', () => {
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np('\n    matchLabels:\n      app: webb # typo?\n') }, CODE);
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [['matchLabels:\n      app: webb', 7, 'warning', 'spec.podSelector (app=webb) matches no workload in namespace shop, which has 2: db, web. The policy applies to no pod the workspace declares; check the labels.']],
  );
});

test('matchExpressions are honoured (NotIn matches pods without the key)', () => {
  const files = (sel: string) => ({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(sel) });
  assert.deepEqual(wsFindings(files(' {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}'), CODE), []);
  assert.deepEqual(wsFindings(files(' {matchExpressions: [{key: app, operator: In, values: [api]}]}'), CODE).map((s) => s.at), ['{matchExpressions: [{key: app, operator: In, values: [api]}]}']);
});

test('quiet when the namespace has no workloads in the workspace (policy-only repos, other namespaces)', () => {
  assert.deepEqual(wsFindings({ 'file:///np.yaml': np(' {matchLabels: {app: x}}') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchLabels: {app: x}}', 'other') }, CODE), []);
  // kube-system holds only the DNS workload from settings: not "workloads in the workspace".
  assert.deepEqual(wsFindings({ 'file:///np.yaml': np(' {matchLabels: {app: x}}', 'kube-system') }, CODE), []);
});

test('an empty selector or a matching one is fine; an invalid selector is left to invalid-selector', () => {
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {}') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchLabels: {app: db}}') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchExpressions: [{key: app, operator: Bad}]}') }, CODE), []);
});

test('severity follows netlens.rules', () => {
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchLabels: {app: x}}') };
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'error' } }).map((s) => s.severity), ['error']);
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'off' } }), []);
});

test('CiliumNetworkPolicy: an endpointSelector (spec or specs) matching no workload of its namespace', () => {
  const cnp = (sel: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspecs:\n- endpointSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n- endpointSelector: ${sel}\n  ingress: [{}]\n`;
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///c.yaml': cnp('{matchLabels: {"k8s:app": webb}}') }, CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line]), [['{matchLabels: {"k8s:app": webb}}', 6]]);
  assert.match(seen[0]!.message, /^endpointSelector \(app=webb\) matches no workload in namespace shop, which has 2: db, web\./);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///c.yaml': cnp('{matchLabels: {"k8s:app": db}}') }, CODE), []);
});
