// np-api-version: removed, misspelt and missing apiVersions of Kubernetes' NetworkPolicy; vendors' kinds untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings } from './rule-harness.ts';

const body = 'kind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n';

test('extensions/v1beta1 is an error saying it was removed in 1.16, with a fix to networking.k8s.io/v1', () => {
  const text = `apiVersion: extensions/v1beta1\n${body}`;
  const [f, ...rest] = findings(text, 'np-api-version');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'extensions/v1beta1');
  assert.equal(f?.severity, 'error');
  assert.match(f?.message ?? '', /removed in Kubernetes 1\.16/);
  assert.match(f?.message ?? '', /networking\.k8s\.io\/v1/);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.equal(fixed, `apiVersion: networking.k8s.io/v1\n${body}`);
  assert.deepEqual(codes(fixed), []);
});

test('a quoted value is replaced whole, quotes included', () => {
  const text = `apiVersion: "networking.k8s.io/v1beta1"\n${body}`;
  const [f] = findings(text, 'np-api-version');
  assert.equal(f?.at, '"networking.k8s.io/v1beta1"');
  assert.match(f?.message ?? '', /only as networking\.k8s\.io\/v1, not networking\.k8s\.io\/v1beta1/);
  assert.equal(applyFix(text, f!.fixes[0]!), `apiVersion: networking.k8s.io/v1\n${body}`);
});

test('a group without a dot (k8sV1, v1, apps/v1) cannot be a vendor CRD: reported', () => {
  for (const v of ['k8sV1', 'v1', 'apps/v1']) {
    const text = `apiVersion: ${v}\n${body}`;
    assert.deepEqual(findings(text, 'np-api-version').map((f) => f.at), [v], v);
  }
});

test('missing apiVersion is reported on the kind, with a fix inserting the line', () => {
  const text = `metadata:\n  name: p\nkind: NetworkPolicy\nspec:\n  podSelector: {}\n`;
  const [f] = findings(text, 'np-api-version');
  assert.equal(f?.at, 'NetworkPolicy');
  assert.match(f?.message ?? '', /no apiVersion/);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.equal(fixed, `metadata:\n  name: p\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector: {}\n`);
  assert.deepEqual(codes(fixed), []);
});

test('missing apiVersion in a flow map: reported without a fix', () => {
  const text = '{kind: NetworkPolicy, metadata: {name: p}, spec: {podSelector: {}}}\n';
  const [f] = findings(text, 'np-api-version');
  assert.equal(f?.at, 'NetworkPolicy');
  assert.deepEqual(f?.fixes, []);
});

test('a non-string apiVersion is reported on its value', () => {
  const [f] = findings(`apiVersion: 1\n${body}`, 'np-api-version');
  assert.equal(f?.at, '1');
  assert.match(f?.message ?? '', /must be the string networking\.k8s\.io\/v1/);
});

test('Calico, Antrea and other vendors\' NetworkPolicy kinds are not ours: no findings at all', () => {
  for (const v of ['projectcalico.org/v3', 'crd.projectcalico.org/v1', 'crd.antrea.io/v1beta1']) {
    const text = `apiVersion: ${v}\nkind: NetworkPolicy\nmetadata:\n  name: Not_A_DNS_Name\nspec:\n  selector: all()\n  ingress:\n  - action: Allow\n`;
    assert.deepEqual(codes(text), [], v);
  }
});

test('networking.k8s.io/v1, Flux-substituted versions and other kinds are fine', () => {
  assert.deepEqual(findings(`apiVersion: networking.k8s.io/v1\n${body}`, 'np-api-version'), []);
  assert.deepEqual(findings(`apiVersion: \${API_VERSION}\n${body}`, 'np-api-version'), []);
  assert.deepEqual(findings('apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: i\n', 'np-api-version'), []);
});
