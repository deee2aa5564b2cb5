// port-not-exposed: numeric ports no destination pod declares as a containerPort (information; pods may listen anyway).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { serviceIndexOf } from '../../../server/src/core/rules/port-not-exposed.ts';
import { deployment, wsFindings } from './workspace-harness.ts';

const CODE = 'port-not-exposed';
const SVC = `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n`;
const APPS = [deployment('shop', 'web', { app: 'web' }, ['http:8080']), deployment('shop', 'bare', { app: 'bare' }), SVC].join('---\n');
const np = (spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;
const run = (spec: string, apps = APPS) => wsFindings({ 'file:///a.yaml': apps, 'file:///np.yaml': np(spec) }, CODE);

test('a Service port used instead of the container port is reported, with the Service hint', () => {
  const seen = run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports:\n    - port: 80\n    - port: 8080\n');
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [['80', 9, 'information', "spec.ingress[0].ports[0]: none of the pods this policy selects (shop/web) declares TCP port 80 as a containerPort. A pod may listen on ports it does not declare; if not, this port lets nothing through. Service shop/web maps port 80 to targetPort 8080: NetworkPolicy applies to the pod's port, not the Service's."]],
  );
});

test('protocol and endPort ranges count', () => {
  assert.deepEqual(run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 8080, protocol: UDP}]\n').map((s) => s.message), [
    'spec.ingress[0].ports[0]: none of the pods this policy selects (shop/web) declares UDP port 8080 as a containerPort. A pod may listen on ports it does not declare; if not, this port lets nothing through.',
  ]);
  assert.deepEqual(run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 8000, endPort: 8100}]\n'), []);
  assert.deepEqual(run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 9000, endPort: 9100}]\n').map((s) => s.message.slice(0, 123)), [
    'spec.ingress[0].ports[0]: none of the pods this policy selects (shop/web) declares TCP port in 9000-9100 as a containerPort',
  ]);
});

test('egress ports are checked against the peer pods', () => {
  const spec = '  podSelector: {matchLabels: {app: bare}}\n  egress:\n  - to: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 8080}, {port: 443}]\n';
  assert.deepEqual(run(spec).map((s) => s.at), ['443']);
});

test('silent when destination pods declare no ports at all, or are not in the workspace', () => {
  assert.deepEqual(run('  podSelector: {matchLabels: {app: bare}}\n  ingress:\n  - ports: [{port: 80}]\n'), []);
  assert.deepEqual(run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 80}]\n', ''), []);
  assert.deepEqual(run('  podSelector: {}\n  egress:\n  - ports: [{port: 443}]\n'), []);
});

test('severity follows netlens.rules', () => {
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': np('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 80}]\n') };
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'hint' } }).map((s) => s.severity), ['hint']);
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'off' } }), []);
});

test('the Service index is built once per model: analyses of the same model share it, a new model gets its own', () => {
  const files = [parseFile('file:///a.yaml', APPS, DEFAULT_OPTIONS)];
  const model = buildModel(files, DEFAULT_OPTIONS);
  const ix = serviceIndexOf(model);
  assert.equal(serviceIndexOf(model), ix);
  assert.deepEqual([...ix.byPair.keys()], ['shop\u0000app\u0000web']);
  assert.deepEqual(ix.byPair.get('shop\u0000app\u0000web')?.map((s) => s.id), ['shop/web']);
  const other = buildModel(files, DEFAULT_OPTIONS);
  assert.notEqual(serviceIndexOf(other), ix);
});

// np-guard/netpol-analyzer tests/with_end_port_example: every pod of kube-system on every SCTP port, in a
// repository that deploys nothing to kube-system; kube-dns (from the settings) is one of those pods, not all.
test('a whole namespace the repository deploys nothing to is not judged by the settings\' cluster workloads', () => {
  const all = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: all, namespace: kube-system}\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 1, endPort: 65535, protocol: SCTP}, {port: 7000}]\n';
  assert.deepEqual(wsFindings({ 'file:///np.yaml': all }, CODE), []);
  // Selecting the DNS pods themselves still checks what the settings say they declare (53 and 9153).
  const dns = all.replace('podSelector: {}', 'podSelector: {matchLabels: {k8s-app: kube-dns}}');
  assert.deepEqual(wsFindings({ 'file:///np.yaml': dns }, CODE).map((s) => s.at), ['1', '7000']);
  // With a workload of the repository in the namespace, the whole namespace is judged.
  const own = deployment('kube-system', 'metrics', { app: 'metrics' }, ['8443']);
  assert.deepEqual(wsFindings({ 'file:///np.yaml': all, 'file:///a.yaml': own }, CODE).map((s) => s.at), ['1', '7000']);
});
