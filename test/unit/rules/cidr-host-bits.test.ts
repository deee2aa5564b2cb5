// cidr-host-bits: a CIDR with bits after the prefix is a warning showing the canonical form, with a fix to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

const block = (body: string) => np(`  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n${body}`);

test('canonical CIDRs give no warning', () => {
  assert.deepEqual(codes(block('        cidr: 10.0.0.0/8\n        except: [10.1.0.0/16, 10.2.3.4/32]\n')), []);
});

test('host bits in cidr: a warning on the value showing the canonical form; preferred fix to it clears it', () => {
  const text = block('        cidr: 10.0.0.1/8\n');
  const [f, ...rest] = findings(text, 'cidr-host-bits');
  assert.equal(rest.length, 0);
  assert.deepEqual([f?.at, f?.severity], ['10.0.0.1/8', 'warning']);
  assert.equal(
    f?.message,
    'spec.ingress[0].from[0].ipBlock.cidr: "10.0.0.1/8" has bits set after the /8 prefix, so it is ambiguous; Kubernetes reads it as 10.0.0.0/8 (did you mean 10.0.0.0/8 or the single address 10.0.0.1/32?). Kubernetes 1.36 and later reject it; earlier versions accept it (with a warning since 1.33).',
  );
  assert.deepEqual(f?.fixes.map((x) => [x.title, x.isPreferred ?? false, x.edits[0]?.newText]), [
    ['Use 10.0.0.0/8 (the whole block, as Kubernetes reads it)', true, '10.0.0.0/8'],
    ['Use 10.0.0.1/32 (only the address 10.0.0.1)', false, '10.0.0.1/32'],
  ]);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('cidr: 10.0.0.0/8\n'));
  assert.deepEqual(codes(fixed), []);
  const single = applyFix(text, f!.fixes[1]!);
  assert.deepEqual(codes(single), []);
});

test('IPv6 and except entries, keeping quotes', () => {
  const text = block('        cidr: "2001:db8::/32"\n        except: ["2001:db8:0:1::5/64"]\n');
  const [f] = findings(text, 'cidr-host-bits');
  assert.equal(f?.at, '"2001:db8:0:1::5/64"');
  assert.match(f?.message ?? '', /^spec\.ingress\[0\]\.from\[0\]\.ipBlock\.except\[0\]: .* reads it as 2001:db8:0:1::\/64 /);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('except: ["2001:db8:0:1::/64"]'));
  assert.deepEqual(codes(fixed), []);
});

test('leading zeros or IPv4-mapped forms with host bits are invalid-cidr, not this rule', () => {
  assert.deepEqual(findings(block('        cidr: 010.0.0.1/8\n'), 'cidr-host-bits'), []);
  assert.deepEqual(findings(block('        cidr: "::ffff:10.0.0.1/104"\n'), 'cidr-host-bits'), []);
  assert.deepEqual(findings(block('        cidr: "${X}"\n'), 'cidr-host-bits'), []);
});

test('the severity can be raised to error for Kubernetes 1.36+ clusters', async () => {
  const { analyzeText, DEFAULT_OPTIONS } = await import('../../../server/src/core/index.ts');
  const { findings: all } = analyzeText('t.yaml', block('        cidr: 10.0.0.1/8\n'), { ...DEFAULT_OPTIONS, rules: { 'cidr-host-bits': 'error' } });
  assert.deepEqual(all.map((f) => [f.code, f.severity]), [['cidr-host-bits', 'error']]);
});
