// external-cidr-not-allowed: CIDRs outside the private ranges must be inside allowedExternalCidrs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conv, np } from './harness.ts';

const CODE = 'external-cidr-not-allowed';
const files = {
  'file:///w/np.yaml': np(
    'p',
    '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 203.0.113.8/29}\n    - ipBlock: {cidr: 198.51.100.7/32}\n    - ipBlock: {cidr: 10.1.0.0/16}\n    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}\n',
  ),
};

test('unset: quiet; set: external CIDRs outside the list are reported, private and allowed ones are not', () => {
  assert.deepEqual(conv(CODE, files, {}), []);
  const seen = conv(CODE, files, { allowedExternalCidrs: ['203.0.113.0/24'] });
  assert.deepEqual(seen.map((s) => [s.line, s.message]), [
    [11, 'This egress rule allows 198.51.100.7/32, an external range the team convention does not allow (netlens.conventions.allowedExternalCidrs: 203.0.113.0/24).'],
    [13, 'This egress rule allows 0.0.0.0/0, an external range the team convention does not allow (netlens.conventions.allowedExternalCidrs: 203.0.113.0/24).'],
  ]);
  assert.equal(conv(CODE, files, { allowedExternalCidrs: [] }).length, 3);
});
