// invalid-policy-types: at most two entries, each exactly Ingress or Egress, with fixes for obvious typos.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

const types = (v: string) => np(`  podSelector: {}\n  policyTypes: ${v}\n`);

test('Ingress, Egress, both, none and null are fine', () => {
  for (const v of ['[Ingress]', '[Egress]', '[Ingress, Egress]', '[]', 'null']) assert.deepEqual(codes(types(v)), [], v);
});

test('a wrongly-cased entry is an error with a preferred fix that clears it', () => {
  const text = np('  podSelector: {}\n  policyTypes:\n  - ingress\n  - Egress\n');
  const [f, ...rest] = findings(text, 'invalid-policy-types');
  assert.equal(rest.length, 0);
  assert.deepEqual([f?.at, f?.severity, f?.message], ['ingress', 'error', 'spec.policyTypes[0]: "ingress" is not supported; must be Ingress or Egress, case-sensitive (did you mean Ingress?).']);
  assert.deepEqual(f?.fixes.map((x) => [x.title, x.isPreferred]), [['Use Ingress', true]]);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('  - Ingress\n  - Egress\n'));
  assert.deepEqual(codes(fixed), []);
});

test('a typo gets a fix when one value is obviously meant, keeping quotes', () => {
  const text = types('["Egres", "Ingres"]');
  const seen = findings(text, 'invalid-policy-types');
  assert.deepEqual(seen.map((f) => [f.at, f.fixes[0]?.title]), [['"Egres"', 'Use Egress'], ['"Ingres"', 'Use Ingress']]);
  let fixed = applyFix(text, seen[1]!.fixes[0]!);
  fixed = applyFix(fixed, seen[0]!.fixes[0]!);
  assert.ok(fixed.includes('policyTypes: ["Egress", "Ingress"]'));
  assert.deepEqual(codes(fixed), []);
});

test('a value that is not close to either gets no fix', () => {
  const [f] = findings(types('[Both]'), 'invalid-policy-types');
  assert.deepEqual([f?.at, f?.fixes.length], ['Both', 0]);
  assert.doesNotMatch(f?.message ?? '', /did you mean/);
});

test('more than two entries is one error on the list, and entries are not checked further', () => {
  const seen = findings(types('[Ingress, Egress, Foo]'), 'invalid-policy-types');
  assert.deepEqual(seen.map((f) => [f.at, f.message]), [
    ['[Ingress, Egress, Foo]', 'spec.policyTypes: may not specify more than two policyTypes (found 3); list Ingress and/or Egress once each.'],
  ]);
});

test('empty entries are errors; Flux variables, numbers and non-lists are skipped', () => {
  const text = np('  podSelector: {}\n  policyTypes:\n  - \n  - ""\n');
  assert.deepEqual(findings(text, 'invalid-policy-types').map((f) => f.at), ['-', '""']);
  assert.deepEqual(findings(types('["${T}", 5]'), 'invalid-policy-types'), []);
  assert.deepEqual(findings(types('Ingress'), 'invalid-policy-types'), []);
  assert.deepEqual(findings(types('{a: b}'), 'invalid-policy-types'), []);
});

test('aliases resolve to their anchor', () => {
  const text = np('  podSelector: {}\n  policyTypes: [&t egress, *t]\n');
  assert.deepEqual(findings(text, 'invalid-policy-types').map((f) => [f.at, f.message.split(':')[0]]), [
    ['egress', 'spec.policyTypes[0]'],
    ['egress', 'spec.policyTypes[1]'],
  ]);
});
