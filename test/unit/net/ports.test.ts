// Port numbers and IANA port names as the API server validates them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidPortNumber, portNameProblems } from '../../../server/src/core/net/ports.ts';

test('port numbers: whole numbers 1-65535', () => {
  for (const n of [1, 80, 65535]) assert.equal(isValidPortNumber(n), true, String(n));
  for (const n of [0, -1, 65536, 80.5, Number.NaN]) assert.equal(isValidPortNumber(n), false, String(n));
});

test('valid port names', () => {
  for (const n of ['http', 'dns-tcp', 'a', 'h2c', '9-a', 'abcdefghijklmno', 'a-b-c']) assert.deepEqual(portNameProblems(n), [], n);
});

test('each problem is reported, several at once when several apply', () => {
  assert.deepEqual(portNameProblems('abcdefghijklmnop'), ['must be no more than 15 characters']);
  assert.deepEqual(portNameProblems('80'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(portNameProblems('a--b'), ["must not contain consecutive hyphens ('--')"]);
  assert.deepEqual(portNameProblems('-a-'), ["must not begin or end with a hyphen ('-')"]);
  assert.deepEqual(portNameProblems(''), ["must contain only lowercase letters (a-z), digits (0-9) and '-'", 'must contain at least one letter (a-z)']);
  assert.deepEqual(portNameProblems('HTTP'), ["must contain only lowercase letters (a-z), digits (0-9) and '-'"]);
  assert.deepEqual(portNameProblems('---'), [
    'must contain at least one letter (a-z)',
    "must not contain consecutive hyphens ('--')",
    "must not begin or end with a hyphen ('-')",
  ]);
  // Go counts UTF-8 bytes: eight two-byte letters exceed 15.
  assert.ok(portNameProblems('éééééééé').includes('must be no more than 15 characters'));
});
