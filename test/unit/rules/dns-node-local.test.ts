// DNS through a node-local cache: port 53 to an explicit link-local CIDR (NodeLocal DNSCache) counts as DNS for
// missing-dns-egress and dns-tcp-blocked, in NetworkPolicy ipBlocks and Cilium toCIDR/toCIDRSet alike; pods whose
// dnsPolicy skips the cluster DNS are not judged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, deployment, wsCodes, wsFindings, type Files } from './workspace-harness.ts';

const MISSING = 'missing-dns-egress';
const TCP = 'dns-tcp-blocked';
const APPS = deployment('shop', 'web', { app: 'web' });
const np = (egress: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n${egress}`;
const toBlock = (cidr: string, ports: string): string => `  - to:\n    - ipBlock:\n        cidr: ${cidr}\n    ports:\n${ports}`;
const UDP = '    - port: 53\n      protocol: UDP\n';
const TCP53 = '    - port: 53\n      protocol: TCP\n';
const ws = (policy: string, more: Files = {}): Files => ({ 'file:///w/apps.yaml': APPS, 'file:///w/np.yaml': policy, ...more });
const codes = (files: Files): string[] => wsCodes(files)['file:///w/np.yaml'] ?? [];

test('an ipBlock 169.254.20.10/32 on UDP and TCP 53 is DNS through NodeLocal DNSCache: neither DNS rule reports', () => {
  const files = ws(np(toBlock('169.254.20.10/32', UDP + TCP53)));
  assert.deepEqual(wsFindings(files, MISSING), []);
  assert.deepEqual(wsFindings(files, TCP), []);
  assert.deepEqual(codes(files), []);
});

test('any explicit link-local CIDR counts (kubespray 169.254.25.10, the whole 169.254.0.0/16), on a rule without ports too', () => {
  for (const cidr of ['169.254.25.10/32', '169.254.0.0/16']) assert.deepEqual(wsFindings(ws(np(toBlock(cidr, UDP + TCP53))), MISSING), [], cidr);
  assert.deepEqual(wsFindings(ws(np(`  - to:\n    - ipBlock: {cidr: 169.254.20.10/32}\n`)), MISSING), []);
});

test('the link-local address on another port, or a broad or external ipBlock on 53, is not DNS: the warning stays', () => {
  const other = wsFindings(ws(np(toBlock('169.254.20.10/32', '    - port: 80\n'))), MISSING);
  assert.equal(other.length, 1);
  assert.match(other[0]!.message, /^This policy isolates web \(namespace shop\) for egress, and no policy of the namespace lets them reach DNS \(kube-system\/kube-dns\) on UDP 53/);
  // 0.0.0.0/0 says nothing about where pods resolve: documented as "only an ipBlock could let it through".
  const broad = wsFindings(ws(np(toBlock('0.0.0.0/0', UDP + TCP53))), MISSING);
  assert.equal(broad.length, 1);
  assert.match(broad[0]!.message, /Only an ipBlock rule could let it through/);
  assert.equal(wsFindings(ws(np(toBlock('8.8.8.8/32', UDP + TCP53))), MISSING).length, 1);
  // 169.254.0.0/15 reaches past the link-local block: not an explicit link-local CIDR.
  assert.equal(wsFindings(ws(np(toBlock('169.254.0.0/15', UDP + TCP53))), MISSING).length, 1);
});

test('an except that removes the address leaves no node-local path', () => {
  const policy = np(`  - to:\n    - ipBlock:\n        cidr: 169.254.20.0/24\n        except: [169.254.20.0/25]\n    ports:\n${UDP}${TCP53}`);
  // 169.254.20.10 is excepted: the block still holds 169.254.20.128-255, and the rule counts through those.
  assert.deepEqual(wsFindings(ws(policy), MISSING), []);
  const all = np(`  - to:\n    - ipBlock:\n        cidr: 169.254.20.0/24\n        except: [169.254.20.0/25, 169.254.20.128/25]\n    ports:\n${UDP}${TCP53}`);
  assert.equal(wsFindings(ws(all), MISSING).length, 1);
});

test('UDP 53 only to the node-local cache: dns-tcp-blocked names the address, and its fix adds TCP 53 there', () => {
  const policy = np(toBlock('169.254.20.10/32', UDP));
  const seen = wsFindings(ws(policy), TCP);
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [[
      'port: 53\n      protocol: UDP',
      13,
      'information',
      'DNS is allowed on UDP 53 but not on TCP 53 for web (through the node-local DNS cache at 169.254.20.10): answers too large for UDP are ' +
        'retried over TCP, and some resolvers use TCP only, so those lookups will fail. Allow TCP 53 to the same address too.',
    ]],
  );
  assert.deepEqual(wsFindings(ws(policy), MISSING), []);
  const fixed = applyEdits(policy, seen[0]!.fixes[0]!);
  assert.equal(fixed, `${policy}    - protocol: TCP\n      port: 53\n`);
  assert.deepEqual(codes(ws(fixed)), []);
});

test('UDP 53 to the DNS pods and TCP 53 only to the node-local cache: a pod asks one server, so TCP is still blocked', () => {
  const policy = np(`  - to:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels: {k8s-app: kube-dns}\n    ports:\n${UDP}${toBlock('169.254.20.10/32', TCP53)}`);
  assert.deepEqual(wsFindings(ws(policy), TCP).map((s) => [s.line, s.message.slice(0, 68)]), [[14, 'DNS is allowed on UDP 53 but not on TCP 53 for web: answers too larg']]);
  // Both servers on both protocols: nothing to say.
  const both = np(`  - to:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels: {k8s-app: kube-dns}\n    - ipBlock: {cidr: 169.254.20.10/32}\n    ports:\n${UDP}${TCP53}`);
  assert.deepEqual(codes(ws(both)), []);
});

const cnp = (egress: string, extra = ''): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n${egress}${extra}`;
const cidrRule = (peer: string, proto: string): string => `  - ${peer}\n    toPorts:\n    - ports:\n      - port: "53"\n        protocol: ${proto}\n`;

test('Cilium toCIDR and toCIDRSet to the node-local address count as DNS (ANY covers both protocols)', () => {
  for (const peer of ['toCIDR: [169.254.20.10/32]', 'toCIDRSet: [{cidr: 169.254.20.10/32}]']) {
    const files = { 'file:///w/apps.yaml': APPS, 'file:///w/cnp.yaml': cnp(cidrRule(peer, 'ANY')) };
    assert.deepEqual(wsCodes(files)['file:///w/cnp.yaml'], [], peer);
  }
});

test('Cilium UDP-only toCIDR to the cache: dns-tcp-blocked on the port entry; an egressDeny on the address keeps the warning', () => {
  const udp = { 'file:///w/apps.yaml': APPS, 'file:///w/cnp.yaml': cnp(cidrRule('toCIDR: [169.254.20.10/32]', 'UDP')) };
  assert.deepEqual(wsFindings(udp, MISSING), []);
  assert.deepEqual(wsFindings(udp, TCP).map((s) => [s.at, s.line, s.message.slice(0, 102)]), [[
    'port: "53"\n        protocol: UDP',
    11,
    'DNS is allowed on UDP 53 but not on TCP 53 for web (through the node-local DNS cache at 169.254.20.10)',
  ]]);
  const deny = '  egressDeny:\n  - toCIDR: [169.254.0.0/16]\n';
  const denied = { 'file:///w/apps.yaml': APPS, 'file:///w/cnp.yaml': cnp(cidrRule('toCIDR: [169.254.20.10/32]', 'ANY'), deny) };
  assert.equal(wsFindings(denied, MISSING).length, 1);
});

test('pods with dnsPolicy Default or None do not ask the cluster DNS: neither DNS rule judges them; ClusterFirst pods are', () => {
  const policy = np(toBlock('10.0.0.0/8', '    - port: 443\n'));
  const withDns = (p: string) => ({ 'file:///w/apps.yaml': APPS.replace('      containers:', `      dnsPolicy: ${p}\n      containers:`), 'file:///w/np.yaml': policy });
  for (const p of ['Default', 'None']) assert.deepEqual(wsFindings(withDns(p), MISSING), [], p);
  assert.equal(wsFindings(withDns('ClusterFirst'), MISSING).length, 1);
  const udpOnly = np(`  - to:\n    - namespaceSelector: {}\n    ports:\n${UDP}`);
  assert.deepEqual(wsFindings({ ...withDns('Default'), 'file:///w/np.yaml': udpOnly }, TCP), []);
  assert.equal(wsFindings({ ...withDns('ClusterFirstWithHostNet'), 'file:///w/np.yaml': udpOnly }, TCP).length, 1);
});
