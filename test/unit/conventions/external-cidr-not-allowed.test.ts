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

test('a Cilium CIDR group counts as its CIDRs: one report on the group reference lists the disallowed ones', () => {
  const ws = {
    'file:///w/groups.yaml': 'apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: partners}\nspec:\n  externalCIDRs: [203.0.113.0/28, 198.51.100.0/24, 192.0.2.0/24, 10.9.0.0/16]\n',
    'file:///w/cnp.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress:\n  - toCIDRSet:\n    - cidrGroupRef: partners\n    - cidrGroupRef: elsewhere\n',
  };
  const seen = conv(CODE, ws, { allowedExternalCidrs: ['203.0.113.0/24'] });
  assert.deepEqual(seen.map((s) => [s.uri, s.line, s.message]), [
    ['file:///w/cnp.yaml', 7, 'This egress rule allows 198.51.100.0/24 and 192.0.2.0/24, external ranges the team convention does not allow (netlens.conventions.allowedExternalCidrs: 203.0.113.0/24).'],
  ]);
});
