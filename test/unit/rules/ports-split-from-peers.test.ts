// ports-split-from-peers: a ports-only rule after a peers-only rule, its range and the merge fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, DEFAULT_OPTIONS } from '../../../server/src/core/index.ts';
import { applyFix, findings, np } from './rule-harness.ts';

const split = np(`  podSelector:
    matchLabels:
      role: ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              group: ingress   # keep me
    - ports:
        - protocol: TCP
          port: 8080
  policyTypes:
    - Ingress
`);

test('a ports-only rule after a from-only rule is reported on its ports key', () => {
  const f = findings(split, 'ports-split-from-peers');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.at, 'ports');
  assert.equal(f[0]!.severity, 'warning');
  assert.match(f[0]!.message, /spec\.ingress\[1\] has `ports` but no `from`, so it allows these ports from every source/);
  assert.match(f[0]!.message, /spec\.ingress\[0\] allows every port/);
});

test('the fix joins the ports to the previous rule, keeps the comment, and the finding is gone', () => {
  const fix = findings(split, 'ports-split-from-peers')[0]!.fixes[0]!;
  const fixed = applyFix(split, fix);
  assert.ok(fixed.includes('              group: ingress   # keep me\n      ports:\n        - protocol: TCP\n'));
  const { findings: after, file } = analyzeText('t.yaml', fixed, DEFAULT_OPTIONS);
  assert.deepEqual(after.map((x) => x.code), []);
  // The merged rule is one rule with peers AND ports.
  assert.equal(file.objects.length, 1);
  assert.equal(fixed.match(/^ {4}- (from|ports)/gm)?.length, 1);
});

test('egress works the same; no finding for rules that each carry both, or a ports-only rule first', () => {
  const egress = np(`  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector: {matchLabels: {app: db}}
  - ports:
    - port: 5432
`);
  const f = findings(egress, 'ports-split-from-peers');
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /allows these ports to every destination/);
  assert.equal(applyFix(egress, f[0]!.fixes[0]!).includes('    - podSelector: {matchLabels: {app: db}}\n    ports:\n    - port: 5432\n'), true);
  const fine = np(`  podSelector: {}
  ingress:
  - ports: [{port: 80}]
  - from: [{podSelector: {}}]
  - from: [{podSelector: {}}]
    ports: [{port: 81}]
  - ports: [{port: 82}]
`);
  assert.deepEqual(findings(fine, 'ports-split-from-peers'), []);
});

test('flow-style rules get the warning without a fix', () => {
  const flow = np(`  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}, {ports: [{port: 80}]}]
`);
  const f = findings(flow, 'ports-split-from-peers');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0]!.fixes, []);
});
