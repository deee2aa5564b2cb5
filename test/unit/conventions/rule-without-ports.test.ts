// rule-without-ports: allow rules that name no ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conv, np } from './harness.ts';

const CODE = 'rule-without-ports';

test('each allow rule without ports is reported on its first line, per direction', () => {
  const text = np('p', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n    - podSelector: {}\n  - ports: [{port: 80}]\n  egress:\n  - {}\n');
  const seen = conv(CODE, { 'file:///w/np.yaml': text }, { requirePorts: true });
  assert.deepEqual(seen.map((s) => [s.line, s.at, s.message]), [
    [9, 'from:', 'This ingress rule names no ports, so it allows every port and protocol; the team convention (netlens.conventions.requirePorts) wants the ports listed.'],
    [13, '{}', 'This egress rule names no ports, so it allows every port and protocol; the team convention (netlens.conventions.requirePorts) wants the ports listed.'],
  ]);
  assert.deepEqual(conv(CODE, { 'file:///w/np.yaml': text }, {}), []);
});
