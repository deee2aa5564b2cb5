// invalid-name: metadata.name required (unless generateName) and a DNS-1123 subdomain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, findings, np } from './rule-harness.ts';

const spec = '  podSelector: {}\n';

test('valid names give no finding', () => {
  for (const name of ['a', 'allow-dns', 'web.example.com', '0abc', 'a'.repeat(253), '"quoted-name"']) {
    assert.deepEqual(codes(np(spec, `  name: ${name}\n`)), [], name);
  }
});

test('uppercase, underscore and bad ends are errors on the value', () => {
  for (const name of ['Allow-DNS', 'use_common_labels', '-lead', 'trail-', 'a..b', 'a.-b', 'x y']) {
    const text = np(spec, `  name: ${name}\n`);
    const [f, ...rest] = findings(text, 'invalid-name');
    assert.equal(rest.length, 0, name);
    assert.equal(f?.at, name);
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /metadata\.name/);
    assert.match(f?.message ?? '', /lowercase RFC 1123 subdomain/);
  }
});

test('longer than 253 characters is an error naming the limit', () => {
  const name = 'a'.repeat(254);
  const [f] = findings(np(spec, `  name: ${name}\n`), 'invalid-name');
  assert.equal(f?.at, name);
  assert.match(f?.message ?? '', /no more than 253 characters/);
  assert.doesNotMatch(f?.message ?? '', /RFC 1123/);
});

test('missing name is an error on metadata (or on name: when empty)', () => {
  assert.deepEqual(findings(np(spec, '  namespace: x\n'), 'invalid-name').map((f) => [f.at, /required/.test(f.message)]), [['metadata', true]]);
  assert.deepEqual(findings(np(spec, '  name: ""\n'), 'invalid-name').map((f) => f.at), ['name']);
  assert.deepEqual(findings(np(spec, '  name:\n'), 'invalid-name').map((f) => f.at), ['name']);
  const noMeta = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector: {}\n';
  assert.deepEqual(findings(noMeta, 'invalid-name').map((f) => f.at), ['NetworkPolicy']);
});

test('generateName stands in for name, and is checked as a prefix (a trailing dash is fine)', () => {
  assert.deepEqual(codes(np(spec, '  generateName: deny-\n')), []);
  const [f] = findings(np(spec, '  generateName: Deny-\n'), 'invalid-name');
  assert.equal(f?.at, 'Deny-');
  assert.match(f?.message ?? '', /generateName/);
});

test('templated names and non-string names are left to others', () => {
  assert.deepEqual(codes(np(spec, '  name: ${APP}-policy\n')), []);
  assert.deepEqual(findings(np(spec, '  name: 123\n'), 'invalid-name'), []);
  assert.deepEqual(findings(np(spec, '  name: [a]\n'), 'invalid-name'), []);
  assert.deepEqual(findings('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: [x]\n', 'invalid-name'), []);
});

test('Calico NetworkPolicy names are not checked', () => {
  assert.deepEqual(codes('apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: Bad_Name\n'), []);
});
