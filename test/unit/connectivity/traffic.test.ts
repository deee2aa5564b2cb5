// Allowed traffic sets: intersections of egress and ingress, ranges, named ports, contributing rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedTraffic } from '../../../server/src/core/connectivity/traffic.ts';
import { ep, modelWith, np } from './harness.ts';

const ALL = { all: true, ranges: [{ from: 1, to: 65535 }] };

test('no policy: every port of every protocol, and ICMP', () => {
  const m = modelWith('');
  assert.deepEqual(allowedTraffic(m, ep(m, 'x/a'), ep(m, 'y/b')), { byProtocol: { TCP: ALL, UDP: ALL, SCTP: ALL }, other: true, allowedBy: [], caveats: [] });
});

test('egress ranges intersected with ingress ports; only contributing rules are listed', () => {
  const m = modelWith([
    np('egress', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: 70, endPort: 90}, {port: 53, protocol: UDP}]\n  - to: [{podSelector: {matchLabels: {pod: c}}}]\n'),
    np('ingress', 'podSelector: {matchLabels: {pod: b}}\ningress:\n  - ports: [{port: serve-81-tcp}, {port: 85}, {port: 100}]\n  - ports: [{port: 9999, protocol: SCTP}]\n', 'y'),
  ].join('---\n'));
  const t = allowedTraffic(m, ep(m, 'x/a'), ep(m, 'y/b'));
  assert.deepEqual(t.byProtocol, { TCP: { all: false, ranges: [{ from: 81, to: 81 }, { from: 85, to: 85 }] } });
  assert.equal(t.other, false);
  assert.deepEqual(t.allowedBy.map((r) => [r.policy, r.direction, r.ruleIndex]), [['x/egress', 'egress', 0], ['y/ingress', 'ingress', 0]]);
  const toC = allowedTraffic(m, ep(m, 'x/a'), ep(m, 'x/c'));
  assert.deepEqual([toC.byProtocol.TCP, toC.other, toC.allowedBy.map((r) => r.ruleIndex)], [ALL, true, [0, 1]]);
});

test('fully denied: empty byProtocol', () => {
  const m = modelWith(np('deny', 'podSelector: {}\ningress: []\n'));
  assert.deepEqual(allowedTraffic(m, ep(m, 'y/a'), ep(m, 'x/a')), { byProtocol: {}, other: false, allowedBy: [], caveats: [] });
});

test('to an IP address: named ports never apply, numeric ones do', () => {
  const m = modelWith(np('out', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: http}, {port: 443}]\n'));
  const t = allowedTraffic(m, ep(m, 'x/a'), ep(m, '1.2.3.4'));
  assert.deepEqual(t.byProtocol, { TCP: { all: false, ranges: [{ from: 443, to: 443 }] } });
  assert.deepEqual(t.caveats, ['Named port "http" in x/out egress[0]: named ports never apply to IP addresses.']);
});
