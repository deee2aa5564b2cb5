// fqdn-without-dns-proxy: toFQDNs for endpoints whose DNS passes no rules.dns rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, wsFindings } from './workspace-harness.ts';

const CODE = 'fqdn-without-dns-proxy';
const APPS = deployment('app', 'web', { app: 'web' });
const DNS_RULE = `
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`;
const cnp = (extra: string, sel = '{matchLabels: {app: web}}') => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: out, namespace: app}
spec:
  endpointSelector: ${sel}
  egress:
  - toFQDNs:
    - matchName: api.example.com
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]${extra}
`;

test('reported on the toFQDNs entry when the selected workloads have no DNS rule', () => {
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///p.yaml': cnp('') }, CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line, s.severity]), [['matchName: api.example.com', 7, 'warning']]);
  assert.match(seen[0]!.message, /DNS requests of app\/web pass no egress rule with rules\.dns: this rule allows nothing/);
});

test('quiet with a rules.dns rule, in the same policy or in another policy selecting the workload', () => {
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///p.yaml': cnp(DNS_RULE) }, CODE), []);
  const other = `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: dns}\nspec:\n  endpointSelector: {}\n  egress:${DNS_RULE}\n`;
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///p.yaml': cnp(''), 'file:///dns.yaml': other }, CODE), []);
});

test('a policy selecting no workload of the workspace is judged for a stand-in pod with its labels', () => {
  const seen = wsFindings({ 'file:///p.yaml': cnp('', '{matchLabels: {app: elsewhere}}') }, CODE);
  assert.deepEqual(seen.map((s) => s.at), ['matchName: api.example.com']);
  assert.match(seen[0]!.message, /DNS requests of app\/\(pods of out\) pass no egress rule/);
  assert.deepEqual(wsFindings({ 'file:///p.yaml': cnp(DNS_RULE, '{matchLabels: {app: elsewhere}}') }, CODE), []);
});

// Tsuguya/home-cluster: the CNPs with toFQDNs select pods the repository does not deploy, and a CCNP selecting
// every endpoint of the cluster (io.cilium.k8s.policy.cluster: default) carries the rules.dns rule.
const ccnpDns = (sel: string) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: allow-dns}\nspec:\n  endpointSelector: ${sel}\n  egress:${DNS_RULE}\n`;

test('a cluster-wide DNS rule covers the pods of a policy that selects no workload of the workspace', () => {
  const blind = cnp('', '{matchLabels: {app: cloudflared}}');
  for (const sel of ['{matchLabels: {io.cilium.k8s.policy.cluster: default}}', '{}', '{matchLabels: {"k8s:io.kubernetes.pod.namespace": app}}']) {
    assert.deepEqual(wsFindings({ 'file:///p.yaml': blind, 'file:///dns.yaml': ccnpDns(sel) }, CODE), [], sel);
  }
  // A DNS rule for other pods (another namespace, other labels) does not cover them.
  for (const sel of ['{matchLabels: {"k8s:io.kubernetes.pod.namespace": other}}', '{matchLabels: {app: web}}']) {
    const seen = wsFindings({ 'file:///p.yaml': blind, 'file:///dns.yaml': ccnpDns(sel) }, CODE);
    assert.deepEqual(seen.map((s) => [s.uri, s.at]), [['file:///p.yaml', 'matchName: api.example.com']], sel);
  }
});

test('a CCNP with toFQDNs and no selected workload takes its namespace from its selector', () => {
  const fq = (sel: string) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: fq}\nspec:\n  endpointSelector: ${sel}\n  egress:\n  - toFQDNs: [{matchName: api.example.com}]\n`;
  const nsDns = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: dns, namespace: tools}\nspec:\n  endpointSelector: {}\n  egress:${DNS_RULE}\n`;
  assert.deepEqual(wsFindings({ 'file:///p.yaml': fq('{matchLabels: {"k8s:io.kubernetes.pod.namespace": tools, app: x}}'), 'file:///dns.yaml': nsDns }, CODE), []);
  // No namespace to place a stand-in in: only the policy's own rules are known.
  const seen = wsFindings({ 'file:///p.yaml': fq('{matchLabels: {app: x}}'), 'file:///dns.yaml': nsDns }, CODE);
  assert.match(seen[0]?.message ?? '', /\(the pods it selects\)/);
});

// Cilium's DNS proxy answers REFUSED to names the endpoint's rules.dns do not allow (pkg/fqdn/dnsproxy ServeDNS).
const dnsFor = (sel: string) => `
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [${sel}]}}]`;
const fqdnEntries = (entries: string, dns: string) => cnp(dns).replace('    - matchName: api.example.com\n', entries);

test('reported on each toFQDNs entry the DNS rules do not allow, with the rules and the node-wide cache caveat', () => {
  const text = fqdnEntries('    - matchName: api.example.com\n    - matchPattern: "*.example.com"\n    - matchPattern: "**.other.com"\n', dnsFor('{matchPattern: "*.other.com"}'));
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///p.yaml': text }, CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line, s.severity]), [
    ['matchName: api.example.com', 7, 'warning'],
    ['matchPattern: "*.example.com"', 8, 'warning'],
  ]);
  assert.equal(
    seen[0]!.message,
    "The DNS rules of app/web (lookups of *.other.com) do not allow the name api.example.com: Cilium's DNS proxy refuses those lookups, so it never learns the addresses and this entry allows nothing (unless another pod on the same node is allowed that lookup: Cilium's FQDN cache is shared per node). Allow the name in the rules.dns (matchName or matchPattern).",
  );
  assert.match(seen[1]!.message, /do not allow any name matching \*\.example\.com:/);
});

test('quiet when a DNS rule allows the name, or some name the pattern matches', () => {
  for (const [entry, dns] of [
    ['    - matchName: api.example.com\n', '{matchName: API.example.com.}'],
    ['    - matchName: api.example.com\n', '{matchPattern: "**.com"}'],
    ['    - matchPattern: "*.example.com"\n', '{matchName: www.example.com}'],
    ['    - matchPattern: "*.example.com"\n', '{matchPattern: "ap*.example.com"}'],
    ['    - matchPattern: "**.example.com"\n', '{matchPattern: "*.*.example.com"}'],
    ['    - matchPattern: "*"\n', '{matchName: a.b}'],
  ]) {
    assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///p.yaml': fqdnEntries(entry!, dnsFor(dns!)) }, CODE), [], `${entry} ${dns}`);
  }
  const apex = fqdnEntries('    - matchName: example.com\n', dnsFor('{matchPattern: "**.example.com"}'));
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///p.yaml': apex }, CODE).map((s) => s.at), ['matchName: example.com'], '**. never matches the apex');
});

// haraldkoch/kochhaus-home: a runner's CNP with toFQDNs and no DNS rule, its pods made by a HelmRelease; a policy
// the chart (or another unseen object of the namespace) brings may carry their rules.dns, as missing-dns-egress says.
test('pods picked by labels where unseen objects are deployed: information that names what deploys them', () => {
  const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: runner, namespace: app}\nspec:\n  chart: {spec: {chart: runner}}\n';
  const seen = wsFindings({ 'file:///p.yaml': cnp('', '{matchLabels: {app: elsewhere}}'), 'file:///r.yaml': release }, CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.severity]), [['matchName: api.example.com', 'information']]);
  assert.equal(
    seen[0]!.message,
    "toFQDNs only allows addresses Cilium's DNS proxy has seen resolved, and no policy NetLens sees sends the DNS requests of app/(pods of out) through an egress rule with rules.dns. HelmRelease app/runner deploys objects into app that NetLens does not see, which may include these pods and a policy with their DNS rules. If none does, this rule allows nothing: add an egress rule to the cluster DNS with toPorts rules.dns (e.g. matchPattern \"*\").",
  );
  // A cluster-wide policy whose selector names the namespace: its stand-in is there too.
  const ccnp = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: fq}\nspec:\n  endpointSelector: {matchLabels: {"k8s:io.kubernetes.pod.namespace": app, app: elsewhere}}\n  egress:\n  - toFQDNs: [{matchName: api.example.com}]\n';
  assert.deepEqual(wsFindings({ 'file:///p.yaml': ccnp, 'file:///r.yaml': release }, CODE).map((s) => s.severity), ['information']);
  // Declared pods, and a selector of every pod (no labels to stand in for a chart's pods), are judged as before.
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///p.yaml': cnp(''), 'file:///r.yaml': release }, CODE).map((s) => s.severity), ['warning']);
  assert.deepEqual(wsFindings({ 'file:///p.yaml': cnp('', '{}'), 'file:///r.yaml': release }, CODE).map((s) => s.severity), ['warning']);
  // A DNS rule that does not allow the name: information too, naming what else may allow it.
  const narrow = `\n  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]\n    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchName: other.example.com}]}}]`;
  const refused = wsFindings({ 'file:///p.yaml': cnp(narrow, '{matchLabels: {app: elsewhere}}'), 'file:///r.yaml': release }, CODE);
  assert.deepEqual(refused.map((s) => s.severity), ['information']);
  assert.match(refused[0]!.message, /HelmRelease app\/runner deploys objects into app that NetLens does not see, which may include these pods and a policy with DNS rules that allow it\. Allow the name/);
});
