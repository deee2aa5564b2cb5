// CiliumCIDRGroup: CIDRSet peers naming a group (cidrGroupRef) or selecting groups by label (cidrGroupSelector) match
// the groups' external CIDRs minus `except`, never pods; a group the workspace lacks is a caveat, for deny rules too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile, skippedSummary } from '../../../server/src/core/index.ts';
import { ask, can, cilium, cnp, WORKLOADS } from './harness.ts';

const group = (name: string, cidrs: string[], labels = '{}', api = 'cilium.io/v2alpha1'): string =>
  `apiVersion: ${api}\nkind: CiliumCIDRGroup\nmetadata: {name: ${name}, labels: ${labels}}\nspec:\n  externalCIDRs: [${cidrs.join(', ')}]\n---\n`;
const DENY_EXT = cnp('deny-ext', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toEntities: [all]\negressDeny:\n- toCIDRSet:\n  - cidrGroupRef: ext\n    except: [1.0.0.1/32]');

test('egressDeny with cidrGroupRef: the group\'s CIDRs are denied, its except and other addresses are not', () => {
  const m = cilium(group('ext', ['1.0.0.0/8']) + DENY_EXT);
  assert.equal(can(m, 'app/web', '1.2.3.4', '443'), false);
  assert.deepEqual(ask(m, 'app/web', '1.2.3.4', '443').egress.deniedBy.map((r) => [r.policy, r.section, r.ruleIndex]), [['app/deny-ext', 'egressDeny', 0]]);
  assert.equal(can(m, 'app/web', '1.0.0.1', '443'), true, 'excepted');
  assert.equal(can(m, 'app/web', '8.8.8.8', '443'), true, 'outside the group');
  assert.equal(can(m, 'app/web', 'app/api', '8080'), true, 'a group never matches pods');
  assert.deepEqual(ask(m, 'app/web', '1.2.3.4', '443').caveats, []);
});

test('cidrGroupSelector selects groups by label (v2alpha1 and v2), IPv4 and IPv6', () => {
  const groups = group('vpn-a', ['10.48.0.0/24', '"2001:db8::/64"'], '{role: vpn}') + group('vpn-b', ['10.16.0.0/24'], '{role: vpn}', 'cilium.io/v2') + group('office', ['192.0.2.0/24'], '{role: office}');
  const m = cilium(groups + cnp('from-vpn', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- fromCIDRSet:\n  - cidrGroupSelector: {matchLabels: {role: vpn}}'));
  assert.equal(can(m, '10.48.0.7', 'app/web', '8080'), true);
  assert.equal(can(m, '2001:db8::5', 'app/web', '8080'), true);
  assert.equal(can(m, '10.16.0.9', 'app/web', '8080'), true);
  assert.equal(can(m, '192.0.2.1', 'app/web', '8080'), false);
  assert.equal(can(m, 'app/api', 'app/web', '8080'), false, 'pods are never in a CIDR group');
});

test('an empty cidrGroupSelector selects every identity, pods and world alike, minus the except addresses', () => {
  // Cilium builds the CIDRSet entry into an endpoint selector with no requirement (pkg/policy/api/cidr.go), which
  // every identity satisfies; except adds "DoesNotExist" requirements on the CIDR labels of the excepted blocks.
  const groups = group('office', ['192.0.2.0/24'], '{role: office}');
  const policy = 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- fromCIDRSet:\n  - cidrGroupSelector: {}\n    except: [198.51.100.0/24]';
  const every = cilium(groups + cnp('from-any', policy));
  assert.equal(can(every, '192.0.2.1', 'app/web', '8080'), true);
  assert.equal(can(every, '8.8.8.8', 'app/web', '8080'), true, 'an address in no group');
  assert.equal(can(every, '2001:db8::1', 'app/web', '8080'), true);
  assert.equal(can(every, 'app/api', 'app/web', '8080'), true, 'a pod: the selector has no requirement');
  assert.equal(can(every, '198.51.100.7', 'app/web', '8080'), false, 'excepted');
  const text = groups + cnp('from-any', policy);
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', text, DEFAULT_OPTIONS)];
  const h = hoverAt(files[1]!, text.indexOf('- fromCIDRSet'), buildModel(files, DEFAULT_OPTIONS));
  assert.match(h?.markdown ?? '', /every endpoint: an empty `cidrGroupSelector` is a label selector with no requirement, which Cilium applies to every identity \(the pods of every namespace, the nodes and the world, world addresses except 198\.51\.100\.0\/24\), not just to CIDR groups/);
});

test('a group the workspace does not hold: no match, and a caveat for the allow and for the deny rule', () => {
  const deny = ask(cilium(DENY_EXT), 'app/web', '1.2.3.4', '443');
  assert.equal(deny.allowed, true);
  assert.deepEqual(deny.caveats, [
    'CIDR groups of CiliumNetworkPolicy app/deny-ext: toCIDRSet[0] names CiliumCIDRGroup "ext", which the workspace does not hold: NetLens cannot tell which addresses it covers (add the group to the workspace to have it analysed).',
  ]);
  const allow = ask(cilium(group('office', ['192.0.2.0/24'], '{role: office}') + cnp('from-vpn', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- fromCIDRSet:\n  - cidrGroupSelector: {matchLabels: {role: vpn}}')), '10.48.0.7', 'app/web', '8080');
  assert.equal(allow.allowed, false);
  assert.deepEqual(allow.caveats, [
    'CIDR groups of CiliumNetworkPolicy app/from-vpn: fromCIDRSet[0] names CiliumCIDRGroups selected by cidrGroupSelector, and no CiliumCIDRGroup of the workspace matches it: NetLens cannot tell which addresses it covers (add the group to the workspace to have it analysed).',
  ]);
  // A group with an entry that is not a CIDR is refused by the API server: as if absent.
  assert.equal(ask(cilium(group('ext', ['1.0.0.0/8', 'not-a-cidr']) + DENY_EXT), 'app/web', '1.2.3.4', '443').caveats.length, 1);
});

test('the rule hover lists the group\'s addresses, or says the group is not in the workspace', () => {
  const text = group('ext', ['1.0.0.0/8', '2.0.0.0/8']) + DENY_EXT;
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', text, DEFAULT_OPTIONS)];
  const h = hoverAt(files[1]!, text.indexOf('- toCIDRSet'), buildModel(files, DEFAULT_OPTIONS));
  assert.equal(h?.markdown, '**egressDeny[0]** Denies traffic to the addresses of CiliumCIDRGroup `ext`: 1.0.0.0/8, 2.0.0.0/8 except 1.0.0.1/32 (never pods of the cluster) on every port and protocol. A deny wins over every allow, including NetworkPolicy allows on the same pods.');
  const alone = [parseFile('file:///ws/w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', DENY_EXT, DEFAULT_OPTIONS)];
  const h2 = hoverAt(alone[1]!, DENY_EXT.indexOf('- toCIDRSet'), buildModel(alone, DEFAULT_OPTIONS));
  assert.match(h2?.markdown ?? '', /Denies traffic to the addresses of CiliumCIDRGroup "ext" except 1\.0\.0\.1\/32, which the workspace does not hold: NetLens cannot tell which they are/);
});

test('CiliumCIDRGroup objects are read, not listed as skipped', () => {
  const s = skippedSummary([parseFile('file:///ws/groups.yaml', group('ext', ['1.0.0.0/8']), DEFAULT_OPTIONS)]);
  assert.equal(s.kinds.size, 0);
});

test('the topology draws a CIDR group peer as its CIDRs (with the except), the same blocks reach asks about', async () => {
  const { collectBlocks } = await import('../../../server/src/core/topology/externals.ts');
  const m = cilium(group('ext', ['1.0.0.0/8', '"2001:db8::/32"']) + cnp('to-ext', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toCIDRSet:\n  - cidrGroupRef: ext\n    except: [1.0.0.1/32]'));
  assert.deepEqual(collectBlocks(m.policyIR, m).map((b) => [b.cidr, b.except, b.egress, b.ingress]), [
    ['1.0.0.0/8', ['1.0.0.1/32'], true, false],
    ['2001:db8::/32', ['1.0.0.1/32'], true, false],
  ]);
  assert.deepEqual(collectBlocks(m.policyIR), [], 'without the model, no group is known');
  const every = cilium(cnp('to-all', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toCIDRSet:\n  - cidrGroupSelector: {}\n    except: [1.0.0.1/32]'));
  assert.deepEqual(collectBlocks(every.policyIR, every).map((b) => [b.cidr, b.except]), [['0.0.0.0/0', ['1.0.0.1/32']], ['::/0', []]], 'an empty selector: the world blocks');
});

test('completion of cidrGroupRef offers the workspace\'s groups with their CIDRs', async () => {
  const { completeAt } = await import('../../../server/src/core/index.ts');
  const groups = group('internet', ['0.0.0.0/0', '"::/0"']) + group('vpn', ['10.48.0.0/24']);
  const policy = cnp('to-net', 'endpointSelector: {}\negress:\n- toCIDRSet:\n  - cidrGroupRef: ');
  const files = [parseFile('file:///ws/g.yaml', groups, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', policy, DEFAULT_OPTIONS)];
  const at = policy.indexOf('cidrGroupRef: ') + 'cidrGroupRef: '.length;
  const entries = completeAt(files[1]!, at, buildModel(files, DEFAULT_OPTIONS));
  assert.deepEqual(entries.map((e) => [e.label, e.detail]), [
    ['internet', 'CiliumCIDRGroup: 0.0.0.0/0, ::/0'],
    ['vpn', 'CiliumCIDRGroup: 10.48.0.0/24'],
  ]);
});

test('a group without spec.externalCIDRs is refused by the CRD (required): the reference stays unseen', () => {
  const bare = 'apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: ext}\nspec: {}\n---\n';
  const v = ask(cilium(bare + DENY_EXT), 'app/web', '1.2.3.4', '443');
  assert.equal(v.allowed, true);
  assert.match(v.caveats[0] ?? '', /names CiliumCIDRGroup "ext", which the workspace does not hold/);
  // An empty list is fine (minItems: 0): the group exists and holds no address, so there is nothing to doubt.
  assert.deepEqual(ask(cilium(group('ext', []) + DENY_EXT), 'app/web', '1.2.3.4', '443').caveats, []);
});

test('a zero-length prefix in a group matches no address from Cilium 1.17 (cilium#39688), and says so', () => {
  const internet = group('internet', ['0.0.0.0/0', '"::/0"', '203.0.113.0/24']);
  const allow = cnp('to-net', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toCIDRSet:\n  - cidrGroupRef: internet');
  const m = cilium(internet + allow);
  assert.equal(can(m, 'app/web', '203.0.113.9', '443'), true, 'a non-zero prefix of the same group still matches');
  assert.deepEqual(ask(m, 'app/web', '203.0.113.9', '443').caveats, []);
  const v = ask(m, 'app/web', '8.8.8.8', '443');
  assert.equal(v.allowed, false);
  assert.deepEqual(v.caveats, [
    'CIDR groups of CiliumNetworkPolicy app/to-net: toCIDRSet[0] reaches this address only through 0.0.0.0/0 of CiliumCIDRGroup "internet", which Cilium 1.17 and later match no address with (a zero-length prefix has the world identity, which carries no group label: cilium#39688); a release with the fix (cilium#48366) matches it.',
  ]);
  assert.equal(ask(m, 'app/web', '2001:db8::1', '443').allowed, false);
  // A deny through it: allowed, with the doubt.
  const deny = ask(cilium(group('ext', ['0.0.0.0/0']) + DENY_EXT), 'app/web', '1.2.3.4', '443');
  assert.equal(deny.allowed, true);
  assert.match(deny.caveats[0] ?? '', /only through 0\.0\.0\.0\/0 of CiliumCIDRGroup "ext"/);
  // Cilium 1.16 expanded a group into CIDR rules: 0.0.0.0/0 is the world there.
  const old = { ...DEFAULT_OPTIONS, ciliumVersion: '1.16' };
  const files = [parseFile('file:///ws/w.yaml', WORKLOADS, old), parseFile('file:///ws/p.yaml', internet + allow, old)];
  assert.equal(can(buildModel(files, old), 'app/web', '8.8.8.8', '443'), true);
  // The hover says it too.
  const text = internet + allow;
  const hf = [parseFile('file:///ws/w.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', text, DEFAULT_OPTIONS)];
  assert.match(hoverAt(hf[1]!, text.indexOf('- toCIDRSet'), buildModel(hf, DEFAULT_OPTIONS))?.markdown ?? '', /Cilium 1\.17 and later match no address through 0\.0\.0\.0\/0, ::\/0 \(a zero-length prefix/);
});

test('a cilium.io/v2 group is not read when netlens.ciliumVersion is before 1.18 (not served): the caveat says it is missing', async () => {
  const { reach: reachOf, resolveEndpoint, parsePortSpec } = await import('../../../server/src/core/index.ts');
  const text = group('ext', ['1.0.0.0/8'], '{}', 'cilium.io/v2') + DENY_EXT;
  const verdict = (version: string) => {
    const options = { ...DEFAULT_OPTIONS, ciliumVersion: version };
    const files = [parseFile('file:///ws/w.yaml', WORKLOADS, options), parseFile('file:///ws/p.yaml', text, options)];
    const m = buildModel(files, options);
    const f = resolveEndpoint(m, 'app/web');
    const t = resolveEndpoint(m, '1.2.3.4');
    const p = parsePortSpec('443');
    if (!f.ok || !t.ok || 'error' in p) throw new Error('bad query');
    return reachOf(m, { from: f.endpoint, to: t.endpoint, port: p.port, protocol: p.protocol });
  };
  assert.equal(verdict('1.18').allowed, false);
  const old = verdict('1.17');
  assert.equal(old.allowed, true);
  assert.match(old.caveats.join('\n'), /names CiliumCIDRGroup "ext", which the workspace does not hold/);
});
