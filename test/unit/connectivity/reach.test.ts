// Verdict details: deciding rules with spans, isolating policies, ipBlock vs IPs and pods, caveats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reach } from '../../../server/src/core/connectivity/reach.ts';
import { matchesSelector } from '../../../server/src/core/connectivity/selectors.ts';
import { parsePortSpec, resolveEndpoint } from '../../../server/src/core/connectivity/endpoints.ts';
import { buildModel, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { ep, modelWith, np, POLICY_URI } from './harness.ts';

test('allowedBy names the policy, file, rule span and index per direction; isolatedBy the policies', () => {
  const policies = np('x-a', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{podSelector: {matchLabels: {pod: c}}}]\n  - from: [{podSelector: {matchLabels: {pod: b}}}]\n    ports: [{port: 80}]\n');
  const m = modelWith(policies);
  const v = reach(m, { from: ep(m, 'x/b'), to: ep(m, 'x/a'), port: 80, protocol: 'TCP' });
  assert.equal(v.allowed, true);
  assert.deepEqual(v.egress, { isolated: false, allowed: true, allowedBy: [], deniedBy: [], isolatedBy: [] });
  assert.equal(v.ingress.isolated, true);
  assert.deepEqual(v.ingress.allowedBy.map((r) => [r.policy, r.uri, r.direction, r.ruleIndex]), [['x/x-a', POLICY_URI, 'ingress', 1]]);
  const span = v.ingress.allowedBy[0]!.span!;
  assert.equal(policies.slice(span.start, span.end), 'from: [{podSelector: {matchLabels: {pod: b}}}]\n      ports: [{port: 80}]');
  const denied = reach(m, { from: ep(m, 'y/b'), to: ep(m, 'x/a'), port: 80, protocol: 'TCP' });
  assert.equal(denied.allowed, false);
  assert.deepEqual(denied.ingress.allowedBy, []);
  assert.deepEqual(denied.ingress.isolatedBy.map((r) => [r.policy, r.ruleIndex, policies.slice(r.span!.start, r.span!.end)]), [['x/x-a', -1, 'x-a']]);
  assert.deepEqual(denied.caveats, []);
});

test('ipBlock with except against IP endpoints; IP sources need only the destination ingress', () => {
  const m = modelWith(np('cidr', 'podSelector: {}\npolicyTypes: [Ingress, Egress]\negress:\n  - to: [{ipBlock: {cidr: 1.0.0.0/8, except: [1.0.0.1/32]}}]\ningress:\n  - from: [{ipBlock: {cidr: 2001:db8::/32}}]\n'));
  const q = (from: string, to: string, port = 443) => reach(m, { from: ep(m, from), to: ep(m, to), port, protocol: 'TCP' }).allowed;
  assert.equal(q('x/a', '1.1.1.1'), true);
  assert.equal(q('x/a', '1.0.0.1'), false);
  assert.equal(q('x/a', '8.8.8.8'), false);
  assert.equal(q('y/a', '1.0.0.1'), true); // y has no policy
  assert.equal(q('2001:db8::5', 'x/a'), true);
  assert.equal(q('2001:db9::5', 'x/a'), false);
  assert.equal(q('1.1.1.1', 'y/a'), true);
  const v = reach(m, { from: ep(m, '2001:db8::5'), to: ep(m, 'x/a'), port: 80, protocol: 'TCP' });
  assert.deepEqual(v.egress, { isolated: false, allowed: true, allowedBy: [], deniedBy: [], isolatedBy: [] });
});

test('ipBlock never matches pods silently: a caveat when it could cover pod IPs, a match with caveat under podCIDRs', () => {
  const policy = np('to-private', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n');
  const m = modelWith(policy);
  const v = reach(m, { from: ep(m, 'x/a'), to: ep(m, 'y/b'), port: 80, protocol: 'TCP' });
  assert.equal(v.allowed, false);
  assert.equal(v.caveats.length, 1);
  assert.match(v.caveats[0]!, /ipBlock 10\.0\.0\.0\/8 of x\/to-private may cover pod IPs/);
  const public8 = modelWith(np('to-public', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 1.0.0.0/8}}]\n'));
  assert.deepEqual(reach(public8, { from: ep(public8, 'x/a'), to: ep(public8, 'y/b'), port: 80, protocol: 'TCP' }).caveats, []);
  const withPods = modelWith(policy, { podCIDRs: ['10.244.0.0/16'] });
  const v2 = reach(withPods, { from: ep(withPods, 'x/a'), to: ep(withPods, 'y/b'), port: 80, protocol: 'TCP' });
  assert.equal(v2.allowed, true);
  assert.match(v2.caveats.join('\n'), /allowed only if the CNI matches ipBlock against pod IPs/);
  const ipInPods = reach(withPods, { from: ep(withPods, '10.244.3.4'), to: ep(withPods, 'y/b'), port: 80, protocol: 'TCP' });
  assert.deepEqual(ipInPods.caveats, ["10.244.3.4 is inside the pod CIDR 10.244.0.0/16: if it is a pod's address, that pod's own policies apply, which NetLens cannot know from an address."]);
  const outside = modelWith(policy, { podCIDRs: ['192.168.0.0/16'] });
  const v3 = reach(outside, { from: ep(outside, 'x/a'), to: ep(outside, 'y/b'), port: 80, protocol: 'TCP' });
  assert.deepEqual([v3.allowed, v3.caveats], [false, []]);
  const excepted = modelWith(np('except', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.244.0.0/16]}}]\n'), { podCIDRs: ['10.244.0.0/16'] });
  assert.equal(reach(excepted, { from: ep(excepted, 'x/a'), to: ep(excepted, 'y/b'), port: 80, protocol: 'TCP' }).allowed, false);
});

test('invalid policies have no effect and say so; undeclared named ports explain a denial', () => {
  const m = modelWith(np('bad', 'podSelector: {}\ningress:\n  - ports: [{port: 80, protocol: tcp}]\n'));
  const v = reach(m, { from: ep(m, 'y/a'), to: ep(m, 'x/a'), port: 80, protocol: 'TCP' });
  assert.equal(v.allowed, true);
  assert.equal(v.ingress.isolated, false);
  assert.match(v.caveats.join('\n'), /Policy x\/bad would select x\/a for ingress but is invalid \(spec\.ingress\[0\]\.ports\[0\]\.protocol: "tcp" is not supported/);
  const named = modelWith(np('named', 'podSelector: {}\ningress:\n  - ports: [{port: metrics}]\n'));
  const v2 = reach(named, { from: ep(named, 'y/a'), to: ep(named, 'x/a'), port: 80, protocol: 'TCP' });
  assert.equal(v2.allowed, false);
  assert.deepEqual(v2.caveats, ['Named port "metrics" in x/named ingress[0]: x/a declares no TCP container port named "metrics".']);
});

test('same workload and hostNetwork caveats', () => {
  const m = modelWith(np('deny', 'podSelector: {}\ningress: []\n'));
  const v = reach(m, { from: ep(m, 'x/a'), to: ep(m, 'x/a'), port: 80, protocol: 'TCP' });
  assert.equal(v.allowed, false);
  assert.match(v.caveats.join('\n'), /same workload/);
  const hostNet = buildModel([parseFile('file:///h.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: node-agent, namespace: x}\nspec: {hostNetwork: true}\n', DEFAULT_OPTIONS)], DEFAULT_OPTIONS);
  const agent = { kind: 'workload' as const, workload: hostNet.workloads.find((w) => w.name === 'node-agent')! };
  const v2 = reach(hostNet, { from: agent, to: { kind: 'ip', address: '1.1.1.1' }, port: 443, protocol: 'TCP' });
  assert.deepEqual([v2.allowed, v2.caveats], [true, ['x/node-agent uses hostNetwork: NetworkPolicy does not govern host-network pods (their traffic is node traffic); this verdict assumes pod networking.']]);
});

test('selector semantics at the edges', () => {
  const sel = (matchLabels: Record<string, string>, exprs: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] }[] = []) => ({ matchLabels, matchExpressions: exprs });
  assert.equal(matchesSelector(sel({}), {}), true);
  assert.equal(matchesSelector(sel({ a: '' }), { a: '' }), true);
  assert.equal(matchesSelector(sel({ a: '' }), {}), false);
  assert.equal(matchesSelector(sel({}, [{ key: 'a', operator: 'NotIn', values: ['x'] }]), {}), true);
  assert.equal(matchesSelector(sel({}, [{ key: 'a', operator: 'NotIn', values: ['x'] }]), { a: 'x' }), false);
  assert.equal(matchesSelector(sel({}, [{ key: 'a', operator: 'In', values: ['x'] }]), {}), false);
  assert.equal(matchesSelector(sel({ b: '1' }, [{ key: 'a', operator: 'Exists', values: [] }]), { a: '', b: '1' }), true);
  assert.equal(matchesSelector({ ...sel({}), invalid: 'x' }, {}), false);
  assert.equal(matchesSelector(sel({ constructor: 'x' }), {}), false);
});

test('endpoint and port lookup for adapters', () => {
  const m = modelWith('');
  const ok = resolveEndpoint(m, 'x/a');
  assert.ok(ok.ok && ok.endpoint.kind === 'workload' && ok.endpoint.workload.id === 'x/a');
  const kinded = resolveEndpoint(m, 'pod/x/b');
  assert.ok(kinded.ok);
  assert.deepEqual(resolveEndpoint(m, '10.0.0.1'), { ok: true, endpoint: { kind: 'ip', address: '10.0.0.1' } });
  const unknown = resolveEndpoint(m, 'q/a');
  assert.ok(!unknown.ok);
  assert.deepEqual(unknown.candidates, ['x/a', 'y/a', 'z/a']);
  assert.deepEqual(parsePortSpec('53/UDP'), { port: 53, protocol: 'UDP' });
  assert.deepEqual(parsePortSpec('8080'), { port: 8080, protocol: 'TCP' });
  assert.deepEqual(parsePortSpec('8/ICMP'), { port: 8, protocol: 'ICMP' });
  assert.ok('error' in parsePortSpec('70000'));
  assert.ok('error' in parsePortSpec('80/HTTP'));
});

test('ipBlock CIDRs parse as the API server does: leading zeros are decimal, host bits are masked', () => {
  const m = modelWith(np('odd', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 010.0.0.0/8}}, {ipBlock: {cidr: 192.168.1.77/24}}]\n'));
  assert.equal(m.policies[0]!.invalid, undefined);
  const q = (to: string) => reach(m, { from: ep(m, 'x/a'), to: ep(m, to), port: 80, protocol: 'TCP' }).allowed;
  assert.deepEqual([q('10.9.9.9'), q('8.9.9.9'), q('192.168.1.5'), q('192.168.2.5')], [true, false, true, false]);
});
