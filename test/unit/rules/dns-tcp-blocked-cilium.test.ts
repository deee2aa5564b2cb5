// dns-tcp-blocked for Cilium policies (CNP, CCNP): through the connectivity verdicts, ANY covering both protocols,
// deny rules winning; reported on the port entry that admits UDP 53, with a Cilium-form "Also allow TCP 53".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, deployment, wsCodes, wsFindings, type Files } from './workspace-harness.ts';

const CODE = 'dns-tcp-blocked';
const APPS = deployment('shop', 'web', { app: 'web' }) + '---\n' + deployment('shop', 'api', { app: 'api' });
const dnsRule = (proto: string): string => `  - toEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: kube-system
        k8s-app: kube-dns
    toPorts:
    - ports:
      - port: "53"
        protocol: ${proto} # resolver
      rules:
        dns:
        - matchPattern: "*"
`;
const cnp = (egress: string, extra = ''): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: dns\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n${egress}${extra}`;
const ws = (policy: string, more: Files = {}): Files => ({ 'file:///w/apps.yaml': APPS, 'file:///w/cnp.yaml': policy, ...more });
const MSG =
  'DNS is allowed on UDP 53 but not on TCP 53 for api, web: answers too large for UDP are retried over TCP, and some resolvers use TCP only, ' +
  'so those lookups will fail. Allow TCP 53 to the DNS pods too.';

test('a CNP allowing DNS on 53/UDP only is reported on that port entry, naming the pods', () => {
  const seen = wsFindings(ws(cnp(dnsRule('UDP'))), CODE);
  assert.deepEqual(seen.map((s) => [s.uri, s.at, s.line, s.severity, s.message]), [['file:///w/cnp.yaml', 'port: "53"\n        protocol: UDP', 14, 'information', MSG]]);
  assert.deepEqual(seen[0]?.fixes.map((f) => [f.title, f.isPreferred]), [['Also allow TCP 53', true]]);
});

test('the fix adds TCP 53 to the same ports list (so rules.dns covers it), keeping the comment; re-analysed clean', () => {
  const text = cnp(dnsRule('UDP'));
  const fixed = applyEdits(text, wsFindings(ws(text), CODE)[0]!.fixes[0]!);
  assert.equal(fixed, text.replace('protocol: UDP # resolver\n', 'protocol: UDP # resolver\n      - port: "53"\n        protocol: TCP\n'));
  assert.deepEqual(wsCodes(ws(fixed))['file:///w/cnp.yaml'], []);
});

test('protocol ANY (or no protocol: ANY by default) covers TCP and UDP: nothing to say', () => {
  assert.deepEqual(wsFindings(ws(cnp(dnsRule('ANY'))), CODE), []);
  assert.deepEqual(wsFindings(ws(cnp(dnsRule('ANY').replace('        protocol: ANY # resolver\n', ''))), CODE), []);
});

test('TCP 53 allowed by another Cilium policy (or a NetworkPolicy) of the pods is enough', () => {
  const tcp = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: tcp, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress: [{toEntities: [cluster], toPorts: [{ports: [{port: "53", protocol: TCP}]}]}]\n`;
  assert.deepEqual(wsFindings(ws(cnp(dnsRule('UDP')), { 'file:///w/tcp.yaml': tcp }), CODE), []);
  const np = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: tcp, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 53, protocol: TCP}]}]\n`;
  assert.deepEqual(wsFindings(ws(cnp(dnsRule('UDP')), { 'file:///w/np.yaml': np }), CODE), []);
});

test('an egressDeny on TCP 53 next to a 53/ANY allow: reported, naming the deny rule, and no fix (an allow cannot win)', () => {
  const deny = '  egressDeny:\n  - toEntities: [cluster]\n    toPorts:\n    - ports:\n      - port: "53"\n        protocol: TCP\n';
  const seen = wsFindings(ws(cnp(dnsRule('ANY'), deny)), CODE);
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.message]),
    [[
      'port: "53"\n        protocol: ANY',
      14,
      'DNS is allowed on UDP 53 but not on TCP 53 for api, web: answers too large for UDP are retried over TCP, and some resolvers use TCP only, ' +
        'so those lookups will fail. A deny rule (shop/dns egressDeny[0]) drops TCP 53 and wins over every allow: narrow it so that it leaves DNS over TCP out.',
    ]],
  );
  assert.deepEqual(seen[0]?.fixes, []);
});

test('a CCNP allowing UDP 53 only to every pod is reported the same way; a flow ports list gets a flow entry', () => {
  const ccnp =
    'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: dns\nspec:\n  endpointSelector: {}\n' +
    '  egress:\n  - toEntities: [cluster]\n    toPorts:\n    - ports: [{port: "53", protocol: UDP}]\n';
  const files = ws(ccnp);
  const seen = wsFindings(files, CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line]), [['{port: "53", protocol: UDP}', 9]]);
  const fixed = applyEdits(ccnp, seen[0]!.fixes[0]!);
  assert.equal(fixed, ccnp.replace('protocol: UDP}]', 'protocol: UDP}, {port: "53", protocol: TCP}]'));
  assert.deepEqual(wsFindings({ ...files, 'file:///w/cnp.yaml': fixed }, CODE), []);
});

test('a NetworkPolicy isolating the pods plus a CNP allowing UDP 53 only: the CNP rule is the one named', () => {
  const np = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: iso, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`;
  const seen = wsFindings(ws(cnp(dnsRule('UDP')), { 'file:///w/np.yaml': np }), CODE);
  assert.deepEqual(seen.map((s) => [s.uri, s.line]), [['file:///w/cnp.yaml', 14]]);
});

test('a CNP selecting pods the repository does not deploy is judged for a stand-in pod, as missing-dns-egress does', () => {
  const text = cnp(dnsRule('UDP')).replace('  endpointSelector: {}\n', '  endpointSelector:\n    matchLabels: {app: worker}\n');
  const seen = wsFindings(ws(text), CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line, s.message]), [[
    'port: "53"\n        protocol: UDP',
    15,
    'DNS is allowed on UDP 53 but not on TCP 53 for pods of dns: answers too large for UDP are retried over TCP, and some resolvers use TCP only, ' +
      'so those lookups will fail. Allow TCP 53 to the DNS pods too.',
  ]]);
  // A TCP 53 allowance in a cluster-wide policy for every endpoint covers the stand-in too.
  const ccnp = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: tcp}\nspec:\n  endpointSelector: {}\n  egress: [{toEntities: [cluster], toPorts: [{ports: [{port: "53", protocol: TCP}]}]}]\n';
  assert.deepEqual(wsFindings(ws(text, { 'file:///w/ccnp.yaml': ccnp }), CODE), []);
});
