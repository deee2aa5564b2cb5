// dns-tcp-blocked: DNS allowed on UDP 53 only; reported on the port entry that admits UDP, with "Also allow TCP 53".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, deployment, wsCodes, wsFindings } from './workspace-harness.ts';

const CODE = 'dns-tcp-blocked';
const APPS = deployment('shop', 'web', { app: 'web' }) + '---\n' + deployment('shop', 'api', { app: 'api' });
const policy = (egress: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-dns\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n${egress}`;
const udpOnly = policy(`  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n    ports:\n    - port: 53\n      protocol: UDP # dns\n`);

test('UDP 53 without TCP 53 is reported once on the UDP port entry, naming the pods', () => {
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': udpOnly }, CODE);
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [['port: 53\n      protocol: UDP', 14, 'information', 'DNS is allowed on UDP 53 but not on TCP 53 for api, web: answers too large for UDP are retried over TCP, and some resolvers use TCP only, so those lookups will fail. Allow TCP 53 to the DNS pods too.']],
  );
  assert.deepEqual(seen[0]?.fixes.map((f) => f.title), ['Also allow TCP 53']);
});

test('the fix appends TCP 53 to the same ports list, keeping the comment; then the finding is gone', () => {
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': udpOnly };
  const fixed = applyEdits(udpOnly, wsFindings(files, CODE)[0]!.fixes[0]!);
  assert.equal(fixed, `${udpOnly}    - protocol: TCP\n      port: 53\n`);
  assert.deepEqual(wsCodes({ ...files, 'file:///np.yaml': fixed })['file:///np.yaml'], []);
});

test('TCP 53 allowed by another policy, or no ports at all, is fine; no DNS at all is missing-dns-egress, not this', () => {
  const tcp = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: tcp, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 53, protocol: TCP}]}]\n`;
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': udpOnly + tcp }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': policy('  - to: [{namespaceSelector: {}}]\n') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': policy('  - ports: [{port: 80}]\n') }, CODE), []);
});

test('a flow ports list gets the TCP entry in flow style; a range covering 53 counts as UDP 53', () => {
  const flow = policy('  - ports: [{port: 1, endPort: 100, protocol: UDP}]\n');
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': flow };
  const seen = wsFindings(files, CODE);
  assert.deepEqual(seen.map((s) => s.at), ['{port: 1, endPort: 100, protocol: UDP}']);
  const fixed = applyEdits(flow, seen[0]!.fixes[0]!);
  assert.equal(fixed, policy('  - ports: [{port: 1, endPort: 100, protocol: UDP}, {protocol: TCP, port: 53}]\n'));
  assert.deepEqual(wsCodes({ ...files, 'file:///np.yaml': fixed })['file:///np.yaml'], []);
});

test('severity follows netlens.rules', () => {
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': udpOnly };
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'warning' } }).map((s) => s.severity), ['warning']);
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'off' } }), []);
});

// swibrow/home-ops (missing-dns-egress's case): pods the workspace does not declare, picked by labels where a
// HelmRelease deploys unseen objects; the chart's own policy may allow their TCP 53, so the message says so.
test('stand-in pods where unseen objects are deployed: the lookups fail unless a policy NetLens does not see allows TCP 53', () => {
  const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: chart, namespace: shop}\nspec:\n  chart: {spec: {chart: chart}}\n';
  const chartPods = udpOnly.replace('podSelector: {}', 'podSelector: {matchLabels: {app: from-chart}}');
  const seen = wsFindings({ 'file:///np.yaml': chartPods, 'file:///r.yaml': release }, CODE);
  assert.deepEqual(
    seen.map((s) => [s.line, s.severity, s.message]),
    [[14, 'information', 'DNS is allowed on UDP 53 but not on TCP 53 for pods of allow-dns: answers too large for UDP are retried over TCP, and some resolvers use TCP only, so those lookups fail unless a policy NetLens does not see allows TCP 53: HelmRelease shop/chart deploys objects into shop that NetLens does not see, which may include these pods and such a policy. Allow TCP 53 to the DNS pods too.']],
  );
  assert.deepEqual(seen[0]?.fixes.map((f) => f.title), ['Also allow TCP 53']);
  // Declared pods in the same namespace are judged as before.
  assert.match(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': udpOnly, 'file:///r.yaml': release }, CODE)[0]!.message, /so those lookups will fail\. Allow TCP 53/);
});
