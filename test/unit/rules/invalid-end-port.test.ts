// invalid-end-port: endPort only with a numeric port, never below it, and itself 1-65535.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, findings, np } from './rule-harness.ts';

const ports = (lines: string) => np(`  podSelector: {}\n  egress:\n  - ports:\n${lines}`);
const seen = (lines: string) => findings(ports(lines), 'invalid-end-port').map((f) => [f.at, f.severity, f.message]);

test('a valid range, an equal range and no endPort are fine', () => {
  assert.deepEqual(codes(ports('    - {port: 32000, endPort: 32768}\n    - {port: 80, endPort: 80}\n    - {port: 1, endPort: 65535}\n    - port: 80\n    - {port: 80, endPort: null}\n')), []);
});

test('endPort below port is an error on endPort', () => {
  assert.deepEqual(seen('    - port: 53\n      endPort: 50\n'), [
    ['50', 'error', 'spec.egress[0].ports[0].endPort: 50 must be greater than or equal to port (53).'],
  ]);
});

test('endPort out of range: one finding naming both problems when both apply', () => {
  assert.deepEqual(seen('    - {port: 53, endPort: 0}\n    - {port: 1, endPort: 70000}\n'), [
    ['0', 'error', 'spec.egress[0].ports[0].endPort: 0 must be greater than or equal to port (53), and must be between 1 and 65535, inclusive.'],
    ['70000', 'error', 'spec.egress[0].ports[1].endPort: 70000 must be between 1 and 65535, inclusive.'],
  ]);
});

test('endPort with a named port, or without a port, is an error', () => {
  assert.deepEqual(seen('    - {port: http, endPort: 90}\n    - {protocol: UDP, endPort: 90}\n    - {port: null, endPort: 91}\n    - {port: "80", endPort: 92}\n'), [
    ['90', 'error', 'spec.egress[0].ports[0].endPort: may not be specified when port is a named port ("http"); a range needs a numeric start port.'],
    ['90', 'error', 'spec.egress[0].ports[1].endPort: may not be specified when port is not specified; a range needs a numeric start port.'],
    ['91', 'error', 'spec.egress[0].ports[2].endPort: may not be specified when port is not specified; a range needs a numeric start port.'],
    ['92', 'error', 'spec.egress[0].ports[3].endPort: may not be specified when port is a named port ("80"); a range needs a numeric start port.'],
  ]);
});

test('templated or wrong-typed values are skipped', () => {
  assert.deepEqual(seen('    - {port: "${P}", endPort: 1}\n    - {port: 80, endPort: "90"}\n    - {port: 80, endPort: 9.5}\n    - {port: [1], endPort: 1}\n    - {port: 80, endPort: {a: 1}}\n'), []);
});

test('ingress ports with aliases', () => {
  const text = np('  podSelector: {}\n  ingress:\n  - ports:\n    - &r {port: 100, endPort: 10}\n    - *r\n');
  assert.deepEqual(findings(text, 'invalid-end-port').map((f) => [f.at, f.message.split(':')[0]]), [
    ['10', 'spec.ingress[0].ports[0].endPort'],
    ['10', 'spec.ingress[0].ports[1].endPort'],
  ]);
});
