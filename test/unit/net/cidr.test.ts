// CIDR helpers: acceptance exactly as kube-apiserver (legacy and strict), canonical form, containment, size, class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalCidr,
  cidrContains,
  cidrContainsAddress,
  cidrSize,
  cidrsOverlap,
  classifyCidr,
  formatAddress,
  hostCidr,
  isStrictSubsetForExcept,
  parseCidr,
  strictCidrProblem,
} from '../../../server/src/core/net/cidr.ts';

const p = (s: string) => {
  const c = parseCidr(s);
  assert.ok(c, `expected ${s} to parse`);
  return c;
};

test('accepted by the API server: canonical form, family and host bits', () => {
  const cases: [string, string, 'ipv4' | 'ipv6', boolean][] = [
    ['10.0.0.0/8', '10.0.0.0/8', 'ipv4', false],
    ['0.0.0.0/0', '0.0.0.0/0', 'ipv4', false],
    ['1.1.1.1/32', '1.1.1.1/32', 'ipv4', false],
    ['10.0.0.1/8', '10.0.0.0/8', 'ipv4', true],
    ['192.168.1.77/30', '192.168.1.76/30', 'ipv4', true],
    ['2001:DB8::/64', '2001:db8::/64', 'ipv6', false],
    ['2a00:79e0:2:0::/64', '2a00:79e0:2::/64', 'ipv6', false],
    ['2001:db8::1/64', '2001:db8::/64', 'ipv6', true],
    ['::/0', '::/0', 'ipv6', false],
    ['::1/128', '::1/128', 'ipv6', false],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128', 'ipv6', false],
    // Go reads leading zeros as decimal, never octal.
    ['010.000.001.002/32', '10.0.1.2/32', 'ipv4', false],
    ['10.0.0.0/008', '10.0.0.0/8', 'ipv4', false],
    // IPv4-mapped: printed as IPv4 when the prefix keeps the mapping, as Go's IPNet.String does.
    ['::ffff:1.1.1.0/120', '1.1.1.0/24', 'ipv6', false],
    ['::ffff:1.1.1.0/24', '::/24', 'ipv6', true],
    ['::1.2.3.4/128', '::102:304/128', 'ipv6', false],
    // Go's old IPv6 parser allows groups of more than four digits when the value fits.
    ['00001::/16', '1::/16', 'ipv6', false],
  ];
  for (const [text, canonical, family, hostBits] of cases) {
    const c = p(text);
    assert.deepEqual([canonicalCidr(c), c.family, c.hasHostBits], [canonical, family, hostBits], text);
  }
});

test('rejected by the API server in every mode', () => {
  const bad = ['', 'aaaaaaa', '1.2.3.4', '192.168.0.1/healthz', '192.168.0.1/0/99', '192.168.0.0/-16', '192.168.0.0/+16', '10.0.0.0/33', '::/129',
    '8000:k00::/120', '1.2.3.400/32', '1.2.3/24', '0x0a.0.0.0/8', '10.0.0.0/ 8', ' 10.0.0.0/8', '10.0.0.0/8 ', 'fe80::1%eth0/64',
    '[2001:db8::]/32', '1:2:3:4:5:6:7:8:9/64', '1::2::3/64', ':1::/64', '1:2:3:4:5:6:7::8/128', '::ffff:1.2.3/96', '10.0.0.0/', '/8'];
  for (const s of bad) assert.equal(parseCidr(s), undefined, s);
});

test('strict validation (Kubernetes 1.36+) problems, in the API server order', () => {
  const cases: [string, string | undefined][] = [
    ['10.0.0.0/8', undefined],
    ['2001:DB8::/64', undefined], // non-canonical IPv6 is only a warning for legacy fields
    ['1.1.01.0/24', 'leading-zeros'],
    ['192.168.0.0/016', 'leading-zeros'],
    ['00001::/16', 'leading-zeros'],
    ['::ffff:01.1.1.0/120', 'leading-zeros'],
    ['::ffff:1.1.1.0/24', 'ipv4-mapped'],
    ['::ffff:1.1.1.0/120', 'ipv4-mapped'],
    ['1.2.3.4/24', 'host-bits'],
    ['2001:db8::1/64', 'host-bits'],
    ['010.0.0.1/8', 'leading-zeros'],
  ];
  for (const [s, want] of cases) assert.equal(strictCidrProblem(s), want, s);
});

test('hostCidr names the single written address', () => {
  assert.equal(hostCidr(p('10.0.0.1/8')), '10.0.0.1/32');
  assert.equal(hostCidr(p('2001:db8::1/64')), '2001:db8::1/128');
  assert.equal(hostCidr(p('::ffff:10.0.0.1/104')), '10.0.0.1/32');
});

test('formatAddress prints as Go does', () => {
  assert.equal(formatAddress([10, 0, 0, 1]), '10.0.0.1');
  assert.equal(formatAddress([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]), '1.2.3.4');
  assert.equal(formatAddress([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]), '2001:db8::1:0:0:1');
});

test("Kubernetes' except rule follows Go's net semantics", () => {
  const yes: [string, string][] = [['10.0.0.0/8', '10.1.0.0/16'], ['0.0.0.0/0', '10.0.0.0/8'], ['2001:db8::/32', '2001:db8:1::/48'], ['10.0.0.1/8', '10.0.0.0/9'],
    // The except's network address is what is checked, so its own host bits do not matter.
    ['10.0.0.0/8', '10.1.2.3/16'],
    // IPv4-mapped except in an IPv4 cidr: Go converts it to IPv4 and compares prefixes as written (8 < 112).
    ['10.0.0.0/8', '::ffff:10.1.0.0/112']];
  const no: [string, string][] = [['10.0.0.0/8', '10.0.0.0/8'], ['10.0.0.0/8', '11.0.0.0/16'], ['10.0.0.0/16', '10.0.0.0/8'], ['0.0.0.0/0', 'a000:800::/32'],
    ['::/0', '10.0.0.0/8'],
    // An IPv4-mapped cidr compares its written /104 with the IPv4 except's /16: not longer, so rejected.
    ['::ffff:10.0.0.0/104', '10.1.0.0/16']];
  for (const [c, e] of yes) assert.equal(isStrictSubsetForExcept(p(c), p(e)), true, `${e} in ${c}`);
  for (const [c, e] of no) assert.equal(isStrictSubsetForExcept(p(c), p(e)), false, `${e} in ${c}`);
});

test('semantic containment and overlap, with IPv4-mapped CIDRs seen as IPv4', () => {
  assert.equal(cidrContains(p('10.0.0.0/8'), p('10.1.0.0/16')), true);
  assert.equal(cidrContains(p('10.0.0.0/8'), p('10.0.0.0/8')), true);
  assert.equal(cidrContains(p('10.1.0.0/16'), p('10.0.0.0/8')), false);
  assert.equal(cidrContains(p('10.0.0.0/8'), p('::ffff:10.1.0.0/112')), true);
  assert.equal(cidrContains(p('::ffff:10.0.0.0/104'), p('10.1.0.0/16')), true);
  assert.equal(cidrContains(p('0.0.0.0/0'), p('::/128')), false);
  assert.equal(cidrContains(p('::/0'), p('10.0.0.0/8')), false);
  assert.equal(cidrsOverlap(p('10.1.0.0/16'), p('10.0.0.0/8')), true);
  assert.equal(cidrsOverlap(p('10.0.0.0/8'), p('11.0.0.0/8')), false);
});

test('address membership', () => {
  assert.equal(cidrContainsAddress(p('10.0.0.0/8'), '10.255.1.2'), true);
  assert.equal(cidrContainsAddress(p('10.0.0.0/8'), '11.0.0.1'), false);
  assert.equal(cidrContainsAddress(p('10.0.0.0/8'), '::ffff:10.0.0.1'), true);
  assert.equal(cidrContainsAddress(p('2001:db8::/32'), '2001:db8::5'), true);
  assert.equal(cidrContainsAddress(p('2001:db8::/32'), '10.0.0.1'), false);
  assert.equal(cidrContainsAddress(p('10.0.0.0/8'), 'not-an-ip'), false);
});

test('size is exact, also for IPv6', () => {
  assert.equal(cidrSize(p('10.0.0.0/8')), 16777216n);
  assert.equal(cidrSize(p('1.2.3.4/32')), 1n);
  assert.equal(cidrSize(p('0.0.0.0/0')), 4294967296n);
  assert.equal(cidrSize(p('::/0')), 1n << 128n);
  assert.equal(cidrSize(p('2001:db8::/64')), 1n << 64n);
});

test('classification', () => {
  const cases: [string, string][] = [
    ['0.0.0.0/0', 'any'], ['::/0', 'any'],
    ['10.0.0.0/8', 'private'], ['10.1.2.3/32', 'private'], ['172.20.0.0/16', 'private'], ['192.168.0.0/16', 'private'], ['fd00::/8', 'private'],
    ['100.64.0.0/10', 'shared'], ['127.0.0.1/32', 'loopback'], ['::1/128', 'loopback'],
    ['169.254.169.254/32', 'link-local'], ['fe80::/10', 'link-local'], ['224.0.0.0/4', 'multicast'], ['ff02::1/128', 'multicast'],
    ['192.0.2.0/24', 'special'], ['2001:db8::/32', 'special'],
    ['8.8.8.8/32', 'public'], ['1.0.0.0/8', 'public'], ['2606:4700::/32', 'public'],
    ['0.0.0.0/1', 'mixed'], ['10.0.0.0/7', 'mixed'], ['172.0.0.0/8', 'mixed'], ['::ffff:10.0.0.0/104', 'private'],
  ];
  for (const [s, want] of cases) assert.equal(classifyCidr(p(s)), want, s);
});
