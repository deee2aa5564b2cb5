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

test('an except that removes a known cache address leaves no node-local path, even on port 53', () => {
  const both = np(`  - to:\n    - ipBlock:\n        cidr: 169.254.0.0/16\n        except: [169.254.20.10/32, 169.254.25.10/32]\n    ports:\n${UDP}${TCP53}`);
  assert.equal(wsFindings(ws(both), MISSING).length, 1);
  // The rest of a /24 whose lower half (with 169.254.20.10) is excepted holds no cache address NetLens knows.
  const half = np(`  - to:\n    - ipBlock:\n        cidr: 169.254.20.0/24\n        except: [169.254.20.0/25]\n    ports:\n${UDP}${TCP53}`);
  assert.equal(wsFindings(ws(half), MISSING).length, 1);
  // Excepting only the default keeps kubespray's address, but a cluster runs one cache and the author shut out the
  // usual one: not taken as DNS (either way round), so the warning stays.
  for (const gone of ['169.254.20.10/32', '169.254.25.10/32']) {
    const one = np(`  - to:\n    - ipBlock:\n        cidr: 169.254.0.0/16\n        except: [${gone}]\n    ports:\n${UDP}${TCP53}`);
    assert.equal(wsFindings(ws(one), MISSING).length, 1, gone);
  }
  // An except elsewhere in the block (the metadata service) leaves both caches: the rule counts.
  const meta = np(`  - to:\n    - ipBlock:\n        cidr: 169.254.0.0/16\n        except: [169.254.169.254/32]\n    ports:\n${UDP}${TCP53}`);
  assert.deepEqual(wsFindings(ws(meta), MISSING), []);
});

test('the metadata service is not a DNS cache; another single link-local address is one only when the rule names port 53', () => {
  // The usual rule for the cloud metadata service, without ports: it admits port 53 but is not where pods resolve.
  assert.equal(wsFindings(ws(np(`  - to:\n    - ipBlock: {cidr: 169.254.169.254/32}\n`)), MISSING).length, 1);
  assert.equal(wsFindings(ws(np(toBlock('169.254.169.254/32', UDP + TCP53))), MISSING).length, 1);
  // A cache on a custom address, named with port 53: counted; the same address without ports says nothing.
  assert.deepEqual(wsFindings(ws(np(toBlock('169.254.10.10/32', UDP + TCP53))), MISSING), []);
  assert.equal(wsFindings(ws(np(`  - to:\n    - ipBlock: {cidr: 169.254.10.10/32}\n`)), MISSING).length, 1);
  // A range of ports holding 53 names it too.
  assert.deepEqual(wsFindings(ws(np(toBlock('169.254.10.10/32', '    - port: 50\n      endPort: 60\n      protocol: UDP\n    - port: 50\n      endPort: 60\n'))), MISSING), []);
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

test('a CiliumCIDRGroup holding the node-local address, named by a toCIDRSet, counts as DNS; a group without it does not', () => {
  const group = (cidrs: string): string => `apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata:\n  name: dns-cache\n  labels: {role: dns}\nspec:\n  externalCIDRs: [${cidrs}]\n`;
  for (const peer of ['toCIDRSet: [{cidrGroupRef: dns-cache}]', 'toCIDRSet: [{cidrGroupSelector: {matchLabels: {role: dns}}}]']) {
    const files = { 'file:///w/apps.yaml': APPS, 'file:///w/group.yaml': group('10.9.0.0/16, 169.254.20.10/32'), 'file:///w/cnp.yaml': cnp(cidrRule(peer, 'ANY')) };
    assert.deepEqual(wsCodes(files)['file:///w/cnp.yaml'], [], peer);
    // The same rule when the group holds no link-local block: the pods still cannot reach a DNS server.
    const without = { ...files, 'file:///w/group.yaml': group('10.9.0.0/16') };
    assert.deepEqual(wsFindings(without, MISSING).map((f) => [f.line, f.at]), [[7, 'egress']], peer);
  }
  // The cache address excepted from the group's block: no node-local path.
  const excepted = { 'file:///w/apps.yaml': APPS, 'file:///w/group.yaml': group('169.254.0.0/16'), 'file:///w/cnp.yaml': cnp(cidrRule('toCIDRSet: [{cidrGroupRef: dns-cache, except: [169.254.20.10/32, 169.254.25.10/32]}]', 'ANY')) };
  assert.equal(wsFindings(excepted, MISSING).length, 1);
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

test('pods with dnsPolicy Default (or None without name servers) do not ask the cluster DNS: neither DNS rule judges them; ClusterFirst pods are', () => {
  const policy = np(toBlock('10.0.0.0/8', '    - port: 443\n'));
  const withDns = (p: string) => ({ 'file:///w/apps.yaml': APPS.replace('      containers:', `      dnsPolicy: ${p}\n      containers:`), 'file:///w/np.yaml': policy });
  for (const p of ['Default', 'None']) assert.deepEqual(wsFindings(withDns(p), MISSING), [], p);
  assert.equal(wsFindings(withDns('ClusterFirst'), MISSING).length, 1);
  const udpOnly = np(`  - to:\n    - namespaceSelector: {}\n    ports:\n${UDP}`);
  assert.deepEqual(wsFindings({ ...withDns('Default'), 'file:///w/np.yaml': udpOnly }, TCP), []);
  assert.equal(wsFindings({ ...withDns('ClusterFirstWithHostNet'), 'file:///w/np.yaml': udpOnly }, TCP).length, 1);
});

const noneApps = (servers: string): string =>
  APPS.replace('      containers:', `      dnsPolicy: None\n      dnsConfig:\n        nameservers: [${servers}]\n      containers:`);
const noneWs = (servers: string, policy: string): Files => ({ 'file:///w/apps.yaml': noneApps(servers), 'file:///w/np.yaml': policy });

test('a dnsPolicy: None pod is judged against the name servers its dnsConfig lists, without the cluster-DNS fix', () => {
  const seen = wsFindings(noneWs('10.96.0.10', np(toBlock('10.0.0.0/8', '    - port: 443\n'))), MISSING);
  assert.deepEqual(seen.map((f) => [f.line, f.message, f.fixes.length]), [[
    8,
    'This policy isolates web (namespace shop) for egress, and no policy of the namespace lets them reach the name servers their dnsConfig lists ' +
      '(dnsPolicy: None: 10.96.0.10) on UDP 53, so name lookups will fail. Allow egress to them on UDP and TCP 53.',
    0,
  ]]);
  // The server's own address on 53 is enough.
  assert.deepEqual(wsFindings(noneWs('8.8.8.8', np(toBlock('8.8.8.8/32', UDP + TCP53))), MISSING), []);
  // A private server may be the cluster DNS Service's ClusterIP: the DNS pods on 53 count for it.
  const dnsPods = np(`  - to:\n    - namespaceSelector: {}\n      podSelector:\n        matchLabels: {k8s-app: kube-dns}\n    ports:\n${UDP}${TCP53}`);
  assert.deepEqual(wsFindings(noneWs('10.96.0.10', dnsPods), MISSING), []);
  // A public server is not the cluster DNS: the DNS pods do not count, and the node-local cache is not asked either.
  assert.equal(wsFindings(noneWs('8.8.8.8', dnsPods), MISSING).length, 1);
  assert.equal(wsFindings(noneWs('8.8.8.8', np(toBlock('169.254.20.10/32', UDP + TCP53))), MISSING).length, 1);
  // dns-tcp-blocked's advice is about the cluster DNS: it leaves such pods alone.
  assert.deepEqual(wsFindings(noneWs('8.8.8.8', np(toBlock('8.8.8.8/32', UDP))), TCP), []);
});
