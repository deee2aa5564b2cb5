// unrestricted-egress: 0.0.0.0/0 or ::/0 without excepting the private ranges, and rules without `to`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conv, np } from './harness.ts';

const CODE = 'unrestricted-egress';
const egress = (to: string) => ({ 'file:///w/np.yaml': np('p', `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n${to}`) });

test('0.0.0.0/0 excepting only some private ranges names the missing ones, on the ipBlock line', () => {
  const seen = conv(CODE, egress('  - to:\n    - ipBlock:\n        cidr: 0.0.0.0/0\n        except: [10.0.0.0/8]\n'), { forbidUnrestrictedEgress: true });
  assert.deepEqual(seen.map((s) => [s.line, s.at, s.message]), [
    [10, 'ipBlock:', 'This egress rule allows 0.0.0.0/0 without excepting 172.16.0.0/12 and 192.168.0.0/16: the team convention (netlens.conventions.forbidUnrestrictedEgress) forbids unrestricted egress. Name the destinations, or except the private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7).'],
  ]);
});

test('excepting every private range of the family is fine; ::/0 needs fc00::/7', () => {
  const v4 = egress('  - to:\n    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}\n');
  assert.deepEqual(conv(CODE, v4, { forbidUnrestrictedEgress: true }), []);
  const v6 = egress('  - to:\n    - ipBlock: {cidr: "::/0"}\n');
  assert.match(conv(CODE, v6, { forbidUnrestrictedEgress: true })[0]?.message ?? '', /allows ::\/0 without excepting fc00::\/7/);
});

test('privateRanges is configurable; a rule without `to` allows every destination; narrow CIDRs are fine', () => {
  const v4 = egress('  - to:\n    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}\n');
  assert.deepEqual(conv(CODE, v4, { forbidUnrestrictedEgress: true, privateRanges: ['10.0.0.0/8'] }), []);
  const open = egress('  - ports: [{port: 443}]\n');
  assert.match(conv(CODE, open, { forbidUnrestrictedEgress: true })[0]?.message ?? '', /^This egress rule allows every destination \(the rule has no `to`\)/);
  assert.deepEqual(conv(CODE, egress('  - to:\n    - ipBlock: {cidr: 203.0.113.0/24}\n'), { forbidUnrestrictedEgress: true }), []);
});

test('off by default, and ingress rules are not egress', () => {
  assert.deepEqual(conv(CODE, egress('  - ports: [{port: 443}]\n'), {}), []);
  const ingress = { 'file:///w/np.yaml': np('p', '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 0.0.0.0/0}\n') };
  assert.deepEqual(conv(CODE, ingress, { forbidUnrestrictedEgress: true }), []);
});
