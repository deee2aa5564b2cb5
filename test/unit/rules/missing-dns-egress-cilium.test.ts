// missing-dns-egress for Cilium-isolated pods (CNP and CCNP): the same connectivity verdicts, deny rules included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, deployment, wsCodes, wsFindings, type Files } from './workspace-harness.ts';

const CODE = 'missing-dns-egress';
const WEB = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const DB = deployment('shop', 'db', { app: 'db' }, ['postgres:5432']);

const cnp = (egress: string, extra = ''): string => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: web
  egress:
  - toEndpoints:
    - matchLabels:
        app: db
    toPorts:
    - ports:
      - port: "5432"
        protocol: TCP
${egress}${extra}`;

const ws = (policy: string): Files => ({ 'file:///w/apps.yaml': `${WEB}---\n${DB}`, 'file:///w/cnp.yaml': policy });
const MSG =
  'This CiliumNetworkPolicy makes shop/web default-deny for egress, and no policy lets them reach DNS (kube-system/kube-dns) on UDP 53, ' +
  'so name lookups will fail. Allow egress to the DNS pods on port 53 (a toEndpoints rule for k8s-app: kube-dns in kube-system, with a rules.dns section if you use toFQDNs).';

const DNS_RULE = `  - toEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: kube-system
        k8s:k8s-app: kube-dns
    toPorts:
    - ports:
      - port: "53"
        protocol: ANY
      rules:
        dns:
        - matchPattern: "*"
`;

test('a CNP whose egress misses DNS is reported on its egress key, with a Cilium-form fix', () => {
  const seen = wsFindings(ws(cnp('')), CODE);
  assert.deepEqual(seen.map((s) => [s.uri, s.at, s.line, s.severity, s.message]), [['file:///w/cnp.yaml', 'egress', 9, 'warning', MSG]]);
  assert.deepEqual(seen[0]?.fixes.map((f) => [f.title, f.isPreferred]), [['Add DNS egress (port 53 to kube-system pods k8s-app=kube-dns, with a rules.dns section)', true]]);
});

test('the Cilium fix appends a toEndpoints kube-dns rule on 53/ANY with rules.dns, keeping comments and CRLF; re-analysed clean', () => {
  const text = cnp('').replace('  - toEndpoints:\n', '  # to the database\n  - toEndpoints:\n');
  const fixed = applyEdits(text, wsFindings(ws(text), CODE)[0]!.fixes[0]!);
  assert.equal(
    fixed,
    text +
      '  - toEndpoints:\n    - matchLabels:\n        "k8s:io.kubernetes.pod.namespace": kube-system\n        k8s-app: kube-dns\n' +
      '    toPorts:\n    - ports:\n      - port: "53"\n        protocol: ANY\n      rules:\n        dns:\n        - matchPattern: "*"\n',
  );
  assert.deepEqual(wsCodes(ws(fixed))['file:///w/cnp.yaml'], []);
  const crlf = text.replace(/\n/g, '\r\n');
  const fixedCrlf = applyEdits(crlf, wsFindings(ws(crlf), CODE)[0]!.fixes[0]!);
  assert.equal(fixedCrlf, fixed.replace(/\n/g, '\r\n'));
});

test('a toEndpoints rule to kube-dns on 53/ANY with rules.dns counts as DNS', () => {
  assert.deepEqual(wsFindings(ws(cnp(DNS_RULE)), CODE), []);
});

test('toEntities cluster or all count as DNS; world does not', () => {
  assert.deepEqual(wsFindings(ws(cnp('  - toEntities: [cluster]\n')), CODE), []);
  assert.deepEqual(wsFindings(ws(cnp('  - toEntities: [all]\n')), CODE), []);
  assert.deepEqual(wsFindings(ws(cnp('  - toEntities: [world]\n')), CODE).map((s) => s.line), [9]);
});

test('an egressDeny on 53 wins over the DNS allow rule', () => {
  const deny = 'egressDeny:\n  - toEntities: [cluster]\n    toPorts:\n    - ports:\n      - port: "53"\n        protocol: UDP\n';
  const seen = wsFindings(ws(cnp(DNS_RULE, `  ${deny}`)), CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line, s.message]), [['egress', 9, MSG.replace('no policy lets them reach DNS', 'a deny rule (shop/web egressDeny[0]) drops their DNS traffic').replace(/Allow egress .*$/, 'Deny rules win over every allow: narrow the deny rule so that it leaves DNS out.')]]);
  assert.deepEqual(seen[0]?.fixes, []); // an allow cannot win over the deny
  // The deny on TCP only leaves UDP 53 open: no finding.
  assert.deepEqual(wsFindings(ws(cnp(DNS_RULE, `  ${deny.replace('UDP', 'TCP')}`)), CODE), []);
});

test('a CCNP is reported too; a CNP in another namespace is judged for a stand-in there', () => {
  const ccnp = cnp('').replace('CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy').replace('  namespace: shop\n', '');
  const seen = wsFindings(ws(ccnp), CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line, s.message]), [['egress', 8, MSG.replace('This CiliumNetworkPolicy', 'This CiliumClusterwideNetworkPolicy')]]);
  // A CNP in another namespace selects no workload here: its pods are judged through a stand-in in that namespace.
  assert.deepEqual(wsFindings(ws(cnp('').replace('namespace: shop', 'namespace: other')), CODE).map((s) => s.message.slice(0, 134)), [
    'This CiliumNetworkPolicy makes its pods (labels app=web in namespace other; no such workload in the workspace) default-deny for egress',
  ]);
});

test('a CNP with only egressDeny isolates egress and is reported on its egressDeny key', () => {
  const only = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egressDeny:
  - toEntities: [world]
`;
  const seen = wsFindings(ws(only), CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line, s.fixes.length]), [['egressDeny', 5, 0]]);
});

// Tsuguya/home-cluster, bjw-s home-ops: the CNPs are in the repository, the pods come from Helm charts.
test('a CNP whose pods the repository does not deploy is judged for a stand-in pod, as NetworkPolicy is', () => {
  const only = { 'file:///w/cnp.yaml': cnp('') };
  assert.deepEqual(wsFindings(only, CODE).map((s) => [s.at, s.line, s.severity, s.message]), [
    [
      'egress',
      9,
      'warning',
      'This CiliumNetworkPolicy makes its pods (labels app=web in namespace shop; no such workload in the workspace) default-deny for egress, and no policy lets them reach DNS (kube-system/kube-dns) on UDP 53, ' +
        'so name lookups will fail. Allow egress to the DNS pods on port 53 (a toEndpoints rule for k8s-app: kube-dns in kube-system, with a rules.dns section if you use toFQDNs).',
    ],
  ]);
  // A cluster-wide DNS rule for every endpoint (io.cilium.k8s.policy.cluster) covers them.
  const ccnp = `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: allow-dns}\nspec:\n  endpointSelector: {matchLabels: {io.cilium.k8s.policy.cluster: default}}\n  egress:\n${DNS_RULE}`;
  assert.deepEqual(wsFindings({ ...only, 'file:///w/dns.yaml': ccnp }, CODE), []);
});

// Cilium 1.17+ translates toServices of a Service with a selector into that selector (cilium#34208): without the
// Service object NetLens cannot know which pods it selects, so it says so instead of "lookups will fail".
const TO_KUBE_DNS = '  - toServices:\n    - k8sService:\n        serviceName: kube-dns\n        namespace: kube-system\n';
const KUBE_DNS_SVC = 'apiVersion: v1\nkind: Service\nmetadata: {name: kube-dns, namespace: kube-system}\nspec:\n  selector: {k8s-app: kube-dns}\n  ports:\n  - {name: dns, port: 53, protocol: UDP}\n';

test('toServices naming kube-system/kube-dns, a Service the workspace lacks: information "cannot tell", no fix', () => {
  const seen = wsFindings(ws(cnp(TO_KUBE_DNS)), CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line, s.severity, s.message, s.fixes.length]), [
    [
      'egress',
      9,
      'information',
      'NetLens cannot tell whether shop/web reach DNS (kube-system/kube-dns) on UDP 53 under this CiliumNetworkPolicy: toServices of CiliumNetworkPolicy shop/web names ' +
        "Service kube-system/kube-dns, which the workspace does not hold: Cilium 1.17 and later allow the pods the cluster's Service selects, which NetLens cannot see " +
        '(add the Service to the workspace to have it analysed).',
      0,
    ],
  ]);
  // With the Service in the workspace its selector decides: the kube-dns pods are its backends, so DNS passes.
  assert.deepEqual(wsFindings({ ...ws(cnp(TO_KUBE_DNS)), 'file:///w/svc.yaml': KUBE_DNS_SVC }, CODE), []);
  // A Service that exists but selects other pods: DNS is known to be blocked.
  const other = KUBE_DNS_SVC.replace('{k8s-app: kube-dns}', '{k8s-app: coredns-custom}');
  assert.deepEqual(wsFindings({ ...ws(cnp(TO_KUBE_DNS)), 'file:///w/svc.yaml': other }, CODE).map((s) => [s.severity, s.message]), [['warning', MSG]]);
  // A toServices peer in another namespace than the DNS pods' cannot select them: still blocked.
  assert.deepEqual(wsFindings(ws(cnp(TO_KUBE_DNS.replace('namespace: kube-system', 'namespace: shop'))), CODE).map((s) => s.severity), ['warning']);
});

test('an unseen toServices Service does not soften a deny rule on 53', () => {
  const deny = '  egressDeny:\n  - toEntities: [cluster]\n    toPorts:\n    - ports:\n      - port: "53"\n        protocol: UDP\n';
  const seen = wsFindings(ws(cnp(TO_KUBE_DNS, deny)), CODE);
  assert.deepEqual(seen.map((s) => [s.severity, s.message.slice(0, 120)]), [['warning', MSG.replace('no policy lets them reach DNS', 'a deny rule (shop/web egressDeny[0]) drops their DNS traffic').slice(0, 120)]]);
});

// Pods the workspace does not declare, picked by labels where a HelmRelease deploys unseen objects: information, for
// a CiliumNetworkPolicy and for a cluster-wide one whose selector names the namespace alike (the stand-in's).
test('stand-in pods beside a HelmRelease: information, for a CNP and for a CCNP that names the namespace', () => {
  const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: shop}\nspec:\n  chart: {spec: {chart: web}}\n';
  assert.deepEqual(wsFindings({ 'file:///w/cnp.yaml': cnp(''), 'file:///w/hr.yaml': release }, CODE).map((s) => s.severity), ['information']);
  const ccnp = cnp('').replace('CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy').replace('  namespace: shop\n', '').replace('      app: web\n', '      app: web\n      k8s:io.kubernetes.pod.namespace: shop\n');
  const seen = wsFindings({ 'file:///w/cnp.yaml': ccnp, 'file:///w/hr.yaml': release }, CODE);
  assert.deepEqual(seen.map((s) => s.severity), ['information']);
  assert.match(seen[0]!.message, /HelmRelease shop\/web deploys objects into shop that NetLens does not see/);
});
