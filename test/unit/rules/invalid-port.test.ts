// invalid-port: numeric ports 1-65535; string ports are names and must be IANA service names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

const ports = (lines: string) => np(`  podSelector: {}\n  ingress:\n  - ports:\n${lines}`);
const at = (lines: string) => findings(ports(lines), 'invalid-port').map((f) => f.at);

test('valid numbers and names give no finding', () => {
  const text = ports('    - port: 1\n    - port: 65535\n    - port: http\n    - port: "dns-tcp"\n    - port: a1b2c3d4e5f6g7h\n    - port: 9-a\n    - port: null\n    - protocol: UDP\n');
  assert.deepEqual(codes(text), []);
});

test('numbers outside 1-65535 are errors on the value', () => {
  const text = ports('    - port: 0\n    - port: 65536\n    - port: -1\n');
  const seen = findings(text, 'invalid-port');
  assert.deepEqual(seen.map((f) => [f.at, f.severity]), [['0', 'error'], ['65536', 'error'], ['-1', 'error']]);
  assert.equal(seen[1]?.message, 'spec.ingress[0].ports[1].port: 65536 is not a valid port number; must be between 1 and 65535, inclusive.');
});

test('a quoted number is a port name, says so, and offers the unquoted number', () => {
  const text = ports('    - port: "8080"\n');
  const [f, ...rest] = findings(text, 'invalid-port');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, '"8080"');
  assert.equal(
    f?.message,
    'spec.ingress[0].ports[0].port: "8080" is a string, so it is read as a port name, and a port name must contain at least one letter (a-z). Write 8080 without quotes for the port number.',
  );
  assert.deepEqual(f?.fixes.map((x) => [x.title, x.isPreferred]), [['Use port number 8080', true]]);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('    - port: 8080\n'));
  assert.deepEqual(codes(fixed), []);
});

test('quoted digits that are no port number (or have leading zeros) get no fix', () => {
  const seen = findings(ports("    - port: '99999'\n    - port: '080'\n"), 'invalid-port');
  assert.deepEqual(seen.map((f) => [f.at, f.fixes.length]), [["'99999'", 0], ["'080'", 0]]);
  assert.match(seen[0]?.message ?? '', /between 1 and 65535/);
});

test('each broken name rule is named', () => {
  const cases: [string, RegExp][] = [
    ['abcdefghijklmnop', /no more than 15 characters/],
    ['my_port', /only lowercase letters \(a-z\), digits \(0-9\) and '-'/],
    ['a--b', /consecutive hyphens/],
    ['-web', /begin or end with a hyphen/],
    ['web-', /begin or end with a hyphen/],
    ['1-2', /at least one letter/],
  ];
  for (const [name, re] of cases) {
    const [f] = findings(ports(`    - port: ${name}\n`), 'invalid-port');
    assert.equal(f?.at, name);
    assert.match(f?.message ?? '', re, name);
    assert.match(f?.message ?? '', new RegExp(`^spec\\.ingress\\[0\\]\\.ports\\[0\\]\\.port: "${name}" is not a valid port name: `));
  }
});

test('an upper-case name gets a lower-case fix when that is valid', () => {
  const text = ports('    - port: "HTTPS"\n');
  const [f] = findings(text, 'invalid-port');
  assert.equal(f?.at, '"HTTPS"');
  assert.doesNotMatch(f?.message ?? '', /at least one letter/);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('port: "https"'));
  assert.deepEqual(codes(fixed), []);
});

test('Flux variables, fractions, booleans and maps are skipped (unknown, or wrong-type)', () => {
  assert.deepEqual(at('    - port: "${PORT}"\n    - port: 80.5\n    - port: true\n    - port: {a: 1}\n    - port: [80]\n'), []);
});

test('egress, flow style and aliases', () => {
  const text = np('  podSelector: {}\n  egress:\n  - ports: [{port: &p 0}, {port: *p}]\n  - ports:\n    - port: ok\n    - port: NO_\n');
  assert.deepEqual(
    findings(text, 'invalid-port').map((f) => [f.at, f.message.split(':')[0]]),
    [['0', 'spec.egress[0].ports[0].port'], ['0', 'spec.egress[0].ports[1].port'], ['NO_', 'spec.egress[1].ports[1].port']],
  );
});
