// invalid-cidr: ipBlock.cidr required and parseable as the API server parses it; excepts strictly inside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

const block = (body: string) => np(`  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n${body}`);
const seen = (text: string) => findings(text, 'invalid-cidr').map((f) => [f.at, f.message]);

test('valid IPv4 and IPv6 blocks with strict-subset excepts are fine', () => {
  const text = block('        cidr: 0.0.0.0/0\n        except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.169.254/32]\n    - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}\n    - ipBlock: {cidr: "::/0"}\n    - ipBlock: {cidr: 2001:DB8::/64}\n');
  assert.deepEqual(codes(text), []);
});

test('a missing, null or empty cidr is required: on the ipBlock key or the cidr value', () => {
  const text = np('  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {except: [bad]}\n    - ipBlock: {cidr: null}\n    - ipBlock:\n        cidr: ""\n');
  assert.deepEqual(findings(text, 'invalid-cidr').map((f) => [f.at, f.severity, f.message]), [
    ['ipBlock', 'error', 'spec.egress[0].to[0].ipBlock.cidr: required; an ipBlock needs a CIDR such as 10.0.0.0/8 or 2001:db8::/64.'],
    ['null', 'error', 'spec.egress[0].to[1].ipBlock.cidr: required; an ipBlock needs a CIDR such as 10.0.0.0/8 or 2001:db8::/64.'],
    ['""', 'error', 'spec.egress[0].to[2].ipBlock.cidr: required; an ipBlock needs a CIDR such as 10.0.0.0/8 or 2001:db8::/64.'],
  ]);
});

test('unparseable CIDRs are errors that say what is wrong', () => {
  const cases: [string, string][] = [
    ['10.0.0.1', 'it is an address without a prefix length (add /32 for one IPv4 address, /128 for IPv6)'],
    ['10.0.0.0/33', 'the prefix length must be a number from 0 to 32'],
    ['2001:db8::/129', 'the prefix length must be a number from 0 to 128'],
    ['8000:k00::/120', '"8000:k00::" is not an IPv4 or IPv6 address'],
    ['10.0.0/8', '"10.0.0" is not an IPv4 or IPv6 address'],
    ['0x0a.0.0.0/8', '"0x0a.0.0.0" is not an IPv4 or IPv6 address'],
    ['10.0.0.0/+8', 'the prefix length must be a number from 0 to 32'],
    ['fe80::1%eth0/64', '"fe80::1%eth0" is not an IPv4 or IPv6 address'],
    ['any', 'it is not of the form address/prefix-length'],
  ];
  for (const [v, why] of cases) {
    assert.deepEqual(seen(block(`        cidr: "${v}"\n`)), [[`"${v}"`, `spec.egress[0].to[0].ipBlock.cidr: "${v}" is not a valid CIDR: ${why}; must look like 10.9.8.0/24 or 2001:db8::/64.`]], v);
  }
});

test('an unparseable cidr stops the checks of its excepts, as in the API server', () => {
  assert.deepEqual(seen(block('        cidr: nope\n        except: [also-nope]\n')).map((x) => x[0]), ['nope']);
});

test('excepts must be valid and strictly inside the cidr, with the reason', () => {
  const text = block('        cidr: 10.0.0.0/8\n        except:\n        - 10.0.0.0/8\n        - 11.0.0.0/16\n        - fd00::/8\n        - 0.0.0.0/0\n        - 10.1.0.0/16\n        - 10.2.0.0\n        -\n');
  assert.deepEqual(seen(text), [
    ['10.0.0.0/8', 'spec.egress[0].to[0].ipBlock.except[0]: "10.0.0.0/8" must be a strict subset of cidr "10.0.0.0/8" (inside it, with a longer prefix): it is the whole cidr, not a part of it.'],
    ['11.0.0.0/16', 'spec.egress[0].to[0].ipBlock.except[1]: "11.0.0.0/16" must be a strict subset of cidr "10.0.0.0/8" (inside it, with a longer prefix): it lies outside 10.0.0.0/8.'],
    ['fd00::/8', 'spec.egress[0].to[0].ipBlock.except[2]: "fd00::/8" must be a strict subset of cidr "10.0.0.0/8" (inside it, with a longer prefix): it is IPv6 and the cidr is IPv4.'],
    ['0.0.0.0/0', 'spec.egress[0].to[0].ipBlock.except[3]: "0.0.0.0/0" must be a strict subset of cidr "10.0.0.0/8" (inside it, with a longer prefix): it is larger than the cidr (/0 versus /8).'],
    ['10.2.0.0', 'spec.egress[0].to[0].ipBlock.except[5]: "10.2.0.0" is not a valid CIDR: it is an address without a prefix length (add /32 for one IPv4 address, /128 for IPv6); must look like 10.9.8.0/24 or 2001:db8::/64.'],
    ['-', 'spec.egress[0].to[0].ipBlock.except[6]: an empty except entry is not a valid CIDR; remove it or write a CIDR such as 10.0.0.0/24.'],
  ]);
});

test('an IPv4 except in an IPv6 cidr is not a subset either', () => {
  assert.deepEqual(seen(block('        cidr: ::/0\n        except: [10.0.0.0/8]\n')).map((x) => x[0]), ['10.0.0.0/8']);
});

test('leading zeros are errors (Kubernetes 1.36+), with a fix to the decimal form Kubernetes reads', () => {
  const text = block('        cidr: 010.0.0.0/8\n        except: ["10.1.0.0/016"]\n');
  const found = findings(text, 'invalid-cidr');
  assert.deepEqual(found.map((f) => f.at), ['010.0.0.0/8', '"10.1.0.0/016"']);
  assert.equal(
    found[0]?.message,
    'spec.egress[0].to[0].ipBlock.cidr: "010.0.0.0/8" must not have leading zeros in the address or the prefix length (Kubernetes reads 010 as 10, but many other tools read it as octal 8). Kubernetes 1.36 and later reject it; write 10.0.0.0/8.',
  );
  let fixed = applyFix(text, found[1]!.fixes[0]!);
  fixed = applyFix(fixed, found[0]!.fixes[0]!);
  assert.ok(fixed.includes('cidr: 10.0.0.0/8\n        except: ["10.1.0.0/16"]'));
  assert.deepEqual(codes(fixed), []);
});

test('IPv4-mapped IPv6 CIDRs are errors with a fix to the IPv4 form', () => {
  const text = block('        cidr: "::ffff:10.0.0.0/104"\n');
  const [f] = findings(text, 'invalid-cidr');
  assert.match(f?.message ?? '', /must not be an IPv4-mapped IPv6 address .* write 10\.0\.0\.0\/8\.$/);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('cidr: "10.0.0.0/8"'));
  assert.deepEqual(codes(fixed), []);
});

test('Flux variables are skipped, and a templated cidr skips the subset checks', () => {
  assert.deepEqual(seen(block('        cidr: "${CIDR}"\n        except: ["${EX}", 1.2.3.4/32]\n')), []);
  assert.deepEqual(seen(block('        cidr: "${CIDR}"\n        except: [1.2.3.4]\n')).map((x) => x[0]), ['1.2.3.4']);
});

test('odd shapes never throw', () => {
  const odd = ['        cidr: [10.0.0.0/8]\n', '        cidr: 10\n        except: 10.0.0.0/8\n', '        cidr: 10.0.0.0/8\n        except: [[1], {a: b}, 5]\n'];
  for (const o of odd) assert.deepEqual(seen(block(o)), [], o);
  assert.deepEqual(seen(np('  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: 5\n    - ipBlock: [a]\n    - ipBlock:\n')), []);
});

test('a bare address gets a non-preferred fix to a single-host CIDR; the except error points at the cidr', async () => {
  const text = block('        cidr: 10.0.0.0/8\n        except: [192.168.1.5, "fd00::1", 010.1.1.1]\n');
  const seenF = findings(text, 'invalid-cidr');
  assert.deepEqual(seenF.map((f) => [f.at, f.fixes.map((x) => [x.title, x.isPreferred ?? false])]), [
    ['192.168.1.5', [['Use 192.168.1.5/32 (only this address)', false]]],
    ['"fd00::1"', [['Use fd00::1/128 (only this address)', false]]],
    ['010.1.1.1', []],
  ]);
  const fixed = applyFix(text, seenF[0]!.fixes[0]!);
  // Now a valid CIDR, but outside 10.0.0.0/8: the subset error takes over, with the cidr as related information.
  const { analyzeText, DEFAULT_OPTIONS } = await import('../../../server/src/core/index.ts');
  const again = analyzeText('t.yaml', fixed, DEFAULT_OPTIONS).findings.filter((f) => f.code === 'invalid-cidr');
  assert.equal(fixed.slice(again[0]!.span.start, again[0]!.span.end), '192.168.1.5/32');
  assert.match(again[0]!.message, /it lies outside 10\.0\.0\.0\/8/);
  assert.deepEqual(again[0]!.related?.map((r) => [fixed.slice(r.span.start, r.span.end), r.message]), [['10.0.0.0/8', 'the cidr "10.0.0.0/8"']]);
});

test('texts remembered as valid are judged the same the second time; problems are found every time', () => {
  const text = block('        cidr: 10.0.0.0/8\n        except: [10.1.0.0/16, 010.2.0.0/16]\n    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.0.0.1]}\n');
  const first = seen(text);
  assert.equal(first.length, 2, JSON.stringify(first));
  assert.match(String(first[0]?.[1]), /"010\.2\.0\.0\/16" must not have leading zeros/);
  assert.match(String(first[1]?.[1]), /"10\.0\.0\.1" is not a valid CIDR/);
  assert.deepEqual(seen(text), first);
});
