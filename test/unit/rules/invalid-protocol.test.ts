// invalid-protocol: TCP, UDP or SCTP exactly; a wrongly-cased protocol gets a quick fix keeping the quotes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

const ports = (lines: string) => np(`  podSelector: {}\n  ingress:\n  - ports:\n${lines}`);

test('TCP, UDP, SCTP, a null protocol and no protocol are fine', () => {
  const text = ports('    - {port: 1, protocol: TCP}\n    - {port: 2, protocol: UDP}\n    - {port: 3, protocol: SCTP}\n    - {port: 4, protocol: null}\n    - port: 5\n');
  assert.deepEqual(codes(text), []);
});

test('an unknown protocol is an error on the value, naming the field path and the allowed values, without a fix', () => {
  const text = np(`  podSelector: {}\n  egress:\n  - ports:\n    - port: 80\n    - port: 443\n      protocol: HTTP\n`);
  const seen = findings(text, 'invalid-protocol');
  assert.deepEqual(
    seen.map((f) => [f.at, f.severity, f.message, f.fixes.length]),
    [['HTTP', 'error', 'spec.egress[0].ports[1].protocol: "HTTP" is not supported; must be one of TCP, UDP, SCTP.', 0]],
  );
});

test('wrong case gets "Use TCP" as the preferred fix; applying it clears the finding', () => {
  const text = ports('    - port: 80\n      protocol: tcp\n');
  const [f, ...rest] = findings(text, 'invalid-protocol');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'tcp');
  assert.match(f?.message ?? '', /case-sensitive: write TCP/);
  assert.deepEqual(f?.fixes.map((x) => [x.title, x.isPreferred]), [['Use TCP', true]]);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('protocol: TCP\n'));
  assert.deepEqual(codes(fixed), []);
});

test('the fix keeps double and single quotes', () => {
  for (const [src, want] of [['"udp"', '"UDP"'], ["'Sctp'", "'SCTP'"]] as const) {
    const text = ports(`    - port: 80\n      protocol: ${src}\n`);
    const [f] = findings(text, 'invalid-protocol');
    assert.equal(f?.at, src);
    const fixed = applyFix(text, f!.fixes[0]!);
    assert.ok(fixed.includes(`protocol: ${want}\n`), fixed);
    assert.deepEqual(codes(fixed), []);
  }
});

test('an empty string is not a protocol (the API server only defaults a missing one)', () => {
  const [f] = findings(ports('    - port: 80\n      protocol: ""\n'), 'invalid-protocol');
  assert.equal(f?.at, '""');
});

test('flow style, aliases and Flux variables', () => {
  const text = np(`  podSelector: {}\n  ingress:\n  - ports: [{port: 80, protocol: &p Udp}, {port: 81, protocol: *p}, {protocol: "\${PROTO}"}]\n`);
  const seen = findings(text, 'invalid-protocol');
  // The alias resolves to the anchored value: both items report the same text, each with its own path.
  assert.deepEqual(seen.map((f) => [f.at, f.message.split(':')[0]]), [
    ['Udp', 'spec.ingress[0].ports[0].protocol'],
    ['Udp', 'spec.ingress[0].ports[1].protocol'],
  ]);
});

test('odd shapes never throw and are left to wrong-type', () => {
  const odd = [
    '  ingress:\n  - ports: 80\n',
    '  ingress:\n  - ports: [[TCP]]\n',
    '  ingress:\n  - ports: [null, ~, 5]\n',
    '  ingress:\n  - ports:\n    - protocol: {a: 1}\n    - protocol: 6\n    - protocol: [TCP]\n',
    '  ingress: [[], {}, null]\n',
    '  ingress: x\n',
  ];
  for (const o of odd) assert.deepEqual(findings(np(`  podSelector: {}\n${o}`), 'invalid-protocol'), [], o);
});

test('other kinds and Calico NetworkPolicies are not checked', () => {
  const text = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: a}\nspec:\n  ingress:\n  - ports:\n    - protocol: tcp\n';
  assert.deepEqual(findings(text, 'invalid-protocol'), []);
});

test('CRLF line endings and kind: List items: exact spans, and the fix still clears the finding', () => {
  const text = ['apiVersion: v1', 'kind: List', 'items:', '- apiVersion: networking.k8s.io/v1', '  kind: NetworkPolicy', '  metadata: {name: p, namespace: d}', '  spec:', '    podSelector: {}', '    ingress:', '    - ports:', '      - protocol: sctp', ''].join('\r\n');
  const [f, ...rest] = findings(text, 'invalid-protocol');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'sctp');
  assert.equal(f?.line, 10);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('- protocol: SCTP\r\n'));
  assert.deepEqual(codes(fixed), []);
});
