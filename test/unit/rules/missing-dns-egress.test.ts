// missing-dns-egress: egress-isolated pods that no policy lets reach kube-dns on UDP 53, with the "Add DNS egress" fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_KUBE_DNS } from '../../../server/src/core/index.ts';
import { applyEdits, deployment, wsCodes, wsFindings, type Files } from './workspace-harness.ts';

const CODE = 'missing-dns-egress';
const WEB = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const DB = deployment('shop', 'db', { app: 'db' }, ['postgres:5432']);

const webEgress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels:
          app: db
    ports:
    - port: 5432
`;

const denyAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
`;

const ws = (policies: string, more: Files = {}): Files => ({ 'file:///w/apps.yaml': `${WEB}---\n${DB}`, 'file:///w/np.yaml': policies, ...more });

test('an egress policy without DNS is reported on its egress key, with the exact message', () => {
  const seen = wsFindings(ws(webEgress), CODE);
  assert.deepEqual(
    seen.map((s) => [s.uri, s.at, s.line, s.severity, s.message]),
    [['file:///w/np.yaml', 'egress', 10, 'warning', 'This policy isolates web (namespace shop) for egress, and no policy of the namespace lets them reach DNS (kube-system/kube-dns) on UDP 53, so name lookups will fail. Allow egress to the DNS pods on UDP and TCP 53.']],
  );
  assert.deepEqual(seen[0]?.fixes.map((f) => [f.title, f.isPreferred]), [['Add DNS egress (UDP and TCP 53 to kube-system pods k8s-app=kube-dns)', true]]);
});

test('a default-deny without egress rules is reported on the Egress entry of policyTypes, naming every blocked pod', () => {
  const seen = wsFindings(ws(denyAll), CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line]), [['Egress', 9]]);
  assert.match(seen[0]?.message ?? '', /^This policy isolates db, web \(namespace shop\) for egress/);
});

test('policies are additive: DNS allowed by another policy (namespaceSelector {} + port 53) counts', () => {
  const allowDns = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {}}]
    ports: [{port: 53, protocol: UDP}]
`;
  assert.deepEqual(wsFindings(ws(webEgress + allowDns), CODE), []);
  assert.deepEqual(wsFindings(ws(denyAll + allowDns), CODE), []);
});

test('egress: [{}] (allow all) and a rule without ports to kube-system count as DNS', () => {
  const all = denyAll.replace('  - Egress\n', '  - Egress\n  egress: [{}]\n');
  assert.deepEqual(wsFindings(ws(all), CODE), []);
  const ns = webEgress + `  - to:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: kube-system}\n`;
  assert.deepEqual(wsFindings(ws(ns), CODE), []);
});

test('DNS allowed on TCP only, or to the wrong namespace, is still missing on UDP 53', () => {
  const tcp = webEgress + `  - ports: [{port: 53, protocol: TCP}]\n`;
  assert.equal(wsFindings(ws(tcp), CODE).length, 1);
  const wrong = webEgress + `  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dns}}}]\n    ports: [{port: 53, protocol: UDP}]\n`;
  assert.equal(wsFindings(ws(wrong), CODE).length, 1);
});

test('ingress-only policies and policies without policyTypes and without egress rules are not egress-isolating', () => {
  const ingressOnly = denyAll.replace('  - Egress\n', '');
  assert.deepEqual(wsFindings(ws(ingressOnly), CODE), []);
  const implicit = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  egress: []\n`;
  assert.deepEqual(wsFindings(ws(implicit), CODE), []);
});

test('without policyTypes, an egress rule makes the policy egress-isolating (API defaulting)', () => {
  const implicit = webEgress.replace('  policyTypes: [Egress]\n', '');
  assert.deepEqual(wsFindings(ws(implicit), CODE).map((s) => s.at), ['egress']);
});

test('a policy file alone is checked with a stand-in pod carrying the selector labels', () => {
  const seen = wsFindings({ 'file:///w/np.yaml': webEgress }, CODE);
  assert.deepEqual(
    seen.map((s) => s.message),
    ['This policy isolates its pods (labels app=web in namespace shop; no such workload in the workspace) for egress, and no policy of the namespace lets them reach DNS (kube-system/kube-dns) on UDP 53, so name lookups will fail. Allow egress to the DNS pods on UDP and TCP 53.'],
  );
  // matchExpressions: In takes its first value; another policy selecting that value allows DNS.
  const expr = webEgress.replace('    matchLabels:\n      app: web\n', '    matchExpressions:\n    - {key: tier, operator: In, values: [front, back]}\n');
  const dnsForFront = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dns, namespace: shop}\nspec:\n  podSelector: {matchLabels: {tier: front}}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 53, protocol: UDP}]}]\n`;
  assert.equal(wsFindings({ 'file:///w/np.yaml': expr }, CODE).length, 1);
  assert.deepEqual(wsFindings({ 'file:///w/np.yaml': expr + dnsForFront }, CODE), []);
});

test('pods the workspace does not declare, where a Helm chart or a remote base deploys unseen objects: NetLens cannot tell (information)', () => {
  const kust = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [np.yaml]\nhelmCharts:\n- name: web\n  repo: oci://example.com/charts\n';
  const seen = wsFindings({ 'file:///w/np.yaml': webEgress, 'file:///w/kustomization.yaml': kust }, CODE);
  assert.deepEqual(
    seen.map((s) => [s.severity, s.message]),
    [['information', 'This policy isolates its pods (labels app=web in namespace shop; no such workload in the workspace) for egress, and no policy NetLens sees lets them reach DNS (kube-system/kube-dns) on UDP 53. kustomization w deploys objects into shop that NetLens does not see, which may include these pods and a policy that lets them reach DNS; if not, name lookups will fail.']],
  );
  // Adding DNS egress is harmless either way: the fix stays.
  assert.deepEqual(seen[0]?.fixes.map((f) => f.title), ['Add DNS egress (UDP and TCP 53 to kube-system pods k8s-app=kube-dns)']);
  // A namespace default-deny (every pod) isolates the chart's pods for certain: a warning, as without the chart.
  const denyAll = webEgress.replace('    matchLabels:\n      app: web\n', '').replace('  podSelector:\n', '  podSelector: {}\n');
  assert.deepEqual(wsFindings({ 'file:///w/np.yaml': denyAll, 'file:///w/kustomization.yaml': kust }, CODE).map((s) => s.severity), ['warning']);
  // A HelmRelease's namespace alike; declared pods are judged as before.
  const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: shop}\nspec:\n  chart: {spec: {chart: web}}\n';
  assert.deepEqual(wsFindings({ 'file:///w/np.yaml': webEgress, 'file:///w/hr.yaml': release }, CODE).map((s) => s.severity), ['information']);
  assert.deepEqual(wsFindings({ 'file:///w/np.yaml': webEgress, 'file:///w/hr.yaml': release, 'file:///w/web.yaml': WEB }, CODE).map((s) => s.severity), ['warning']);
});

test('a selector no pod can satisfy is not evaluated with a stand-in pod', () => {
  const impossible = webEgress.replace('      app: web\n', '      app: web\n    matchExpressions: [{key: app, operator: NotIn, values: [web]}]\n');
  assert.deepEqual(wsFindings({ 'file:///w/np.yaml': impossible }, CODE), []);
});

test('severity follows netlens.rules; no configured DNS workload means no check', () => {
  assert.deepEqual(wsFindings(ws(webEgress), CODE, { rules: { [CODE]: 'error' } }).map((s) => s.severity), ['error']);
  assert.deepEqual(wsFindings(ws(webEgress), CODE, { rules: { [CODE]: 'off' } }), []);
  assert.deepEqual(wsFindings(ws(webEgress), CODE, { clusterWorkloads: [] }), []);
});

test('a custom DNS workload from settings is what the check and the fix use', () => {
  const custom = { namespace: 'dns', name: 'coredns', labels: { 'k8s-app': 'kube-dns', 'app.kubernetes.io/name': 'coredns' }, ports: DEFAULT_KUBE_DNS.ports };
  const files = ws(webEgress);
  const seen = wsFindings(files, CODE, { clusterWorkloads: [custom] });
  assert.match(seen[0]?.message ?? '', /reach DNS \(dns\/coredns\) on UDP 53/);
  const fixed = applyEdits(files['file:///w/np.yaml'] ?? '', seen[0]!.fixes[0]!);
  assert.ok(fixed.includes('          kubernetes.io/metadata.name: dns\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n          app.kubernetes.io/name: coredns\n'), fixed);
  assert.deepEqual(wsFindings({ ...files, 'file:///w/np.yaml': fixed }, CODE, { clusterWorkloads: [custom] }), []);
});

test('the DNS pods themselves and host-network pods are not checked', () => {
  const kubeSystem = denyAll.replace('namespace: shop', 'namespace: kube-system');
  assert.deepEqual(wsFindings({ 'file:///w/np.yaml': kubeSystem }, CODE), []);
  const host = WEB.replace('      containers:', '      hostNetwork: true\n      containers:');
  assert.deepEqual(wsFindings({ 'file:///w/apps.yaml': host, 'file:///w/np.yaml': webEgress }, CODE), []);
});

test('applying the fix removes the warning and leaves a clean, parseable file', () => {
  const files = ws(webEgress);
  const fix = wsFindings(files, CODE)[0]!.fixes[0]!;
  const fixed = applyEdits(webEgress, fix);
  assert.equal(
    fixed,
    webEgress +
      '  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n' +
      '    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n',
  );
  assert.deepEqual(wsCodes({ ...files, 'file:///w/np.yaml': fixed })['file:///w/np.yaml'], []);
});

test('an ipBlock that may cover pod IPs does not count, and the message says why; podCIDRs settle it', () => {
  const ip = webEgress + `  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 53, protocol: UDP}]\n`;
  const seen = wsFindings(ws(ip), CODE);
  assert.deepEqual(seen.map((s) => s.message.slice(s.message.indexOf('Only'))), [
    'Only an ipBlock rule could let it through: that depends on whether your network plugin matches ipBlock against pod IPs (set netlens.cluster.podCIDRs to let NetLens relate them).',
  ]);
  assert.deepEqual(wsFindings(ws(ip), CODE, { podCIDRs: ['10.244.0.0/16'] }), []);
  const external = webEgress + `  - to: [{ipBlock: {cidr: 8.8.8.8/32}}]\n    ports: [{port: 53, protocol: UDP}]\n`;
  assert.ok(!wsFindings(ws(external), CODE)[0]?.message.includes('Only an ipBlock'));
});
