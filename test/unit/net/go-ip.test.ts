// The Go parser ports: the legacy (sloppy) and strict (netip) grammars differ exactly where Kubernetes says they do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskBytes, parseCidrSloppy, parseIPv4Sloppy, parseIPv6Sloppy, parsePrefixStrict, to4 } from '../../../server/src/core/net/go-ip.ts';

test('sloppy IPv4: four decimal fields, leading zeros read as decimal', () => {
  assert.deepEqual(parseIPv4Sloppy('010.000.001.255'), [10, 0, 1, 255]);
  for (const bad of ['1.2.3', '1.2.3.4.5', '1.2.3.256', '1..2.3', '1.2.3.4 ', '0x1.2.3.4', '-1.2.3.4', '']) assert.equal(parseIPv4Sloppy(bad), undefined, bad);
});

test('sloppy IPv6: ellipsis rules, embedded IPv4, long groups', () => {
  assert.deepEqual(parseIPv6Sloppy('::'), new Array(16).fill(0));
  assert.deepEqual(parseIPv6Sloppy('::ffff:1.2.3.4')?.slice(10), [0xff, 0xff, 1, 2, 3, 4]);
  assert.deepEqual(parseIPv6Sloppy('1:2:3:4:5:6:1.2.3.4')?.slice(12), [1, 2, 3, 4]);
  assert.deepEqual(parseIPv6Sloppy('000ab::')?.slice(0, 2), [0, 0xab]);
  for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', ':1::', '1:2:3:4:5:6:7:8::', '1:2:3:4:5:6:7::8:9', '1:2:3:4:5:1.2.3.4', '12345::', 'g::', '1:', '::1.2.3']) {
    assert.equal(parseIPv6Sloppy(bad), undefined, bad);
  }
});

test('sloppy CIDR splits at the first slash; prefix digits only, within the family width', () => {
  assert.deepEqual(parseCidrSloppy('10.0.0.1/08'), { bytes: [10, 0, 0, 1], prefix: 8 });
  assert.equal(parseCidrSloppy('10.0.0.0/8/8'), undefined);
  assert.equal(parseCidrSloppy('::/129'), undefined);
  assert.equal(parseCidrSloppy('10.0.0.0/'), undefined);
});

test('strict prefix: no leading zeros anywhere, at most four hex digits, no zone, no sign', () => {
  assert.deepEqual(parsePrefixStrict('10.0.0.0/8'), { bytes: [10, 0, 0, 0], prefix: 8, is6: false });
  assert.equal(parsePrefixStrict('::ffff:1.2.3.0/120')?.is6, true);
  for (const bad of ['010.0.0.0/8', '10.0.0.0/08', '10.0.0.0/+8', '00001::/16', '::ffff:01.2.3.4/128', 'fe80::1%eth0/64', '10.0.0.0', '10.0.0.0/33']) {
    assert.equal(parsePrefixStrict(bad), undefined, bad);
  }
});

test('masking and To4', () => {
  assert.deepEqual(maskBytes([10, 255, 255, 255], 12), [10, 240, 0, 0]);
  assert.deepEqual(maskBytes([255, 255, 255, 255], 0), [0, 0, 0, 0]);
  assert.deepEqual(to4([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 9, 8, 7, 6]), [9, 8, 7, 6]);
  assert.equal(to4([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 8, 7, 6]), undefined);
  assert.deepEqual(to4([1, 2, 3, 4]), [1, 2, 3, 4]);
});
