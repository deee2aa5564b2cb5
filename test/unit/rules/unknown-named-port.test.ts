// unknown-named-port: named ports no destination pod declares (ingress: the policy's pods; egress: the peers' pods).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, deployment, wsCodes, wsFindings } from './workspace-harness.ts';

const CODE = 'unknown-named-port';
const APPS = [deployment('shop', 'web', { app: 'web' }, ['http:8080', 'metrics:9090']), deployment('shop', 'db', { app: 'db' }, ['postgres:5432', 'stats:8125/UDP'])].join('---\n');
const np = (spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;
const run = (spec: string, apps = APPS) => wsFindings({ 'file:///a.yaml': apps, 'file:///np.yaml': np(spec) }, CODE);

test('ingress: a name the selected pods do not declare is reported on the port value', () => {
  const seen = run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports:\n    - port: http\n    - port: https\n');
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [['https', 10, 'warning', 'spec.ingress[0].ports[1]: none of the pods this policy selects (shop/web) declares a TCP container port named "https", so this port matches nothing for them.']],
  );
});

test('egress: names resolve on the peer pods, not on the policy pods', () => {
  const spec = '  podSelector: {matchLabels: {app: web}}\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: postgres}, {port: http}]\n';
  assert.deepEqual(run(spec).map((s) => [s.at, s.message]), [['http', 'spec.egress[0].ports[1]: none of the pods this rule sends to (shop/db) declares a TCP container port named "http", so this port matches nothing for them.']]);
});

test('the protocol must match too, and the message says which protocol declares the name', () => {
  const seen = run('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - ports: [{port: stats}]\n');
  assert.deepEqual(seen.map((s) => s.message), ['spec.ingress[0].ports[0]: none of the pods this policy selects (shop/db) declares a TCP container port named "stats", so this port matches nothing for them. It is declared for UDP only; set `protocol: UDP` if that is the port you mean.']);
  assert.deepEqual(run('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - ports: [{port: stats, protocol: UDP}]\n'), []);
});

test('one declaring pod among several destinations is enough', () => {
  assert.deepEqual(run('  podSelector: {}\n  ingress:\n  - ports: [{port: http}]\n'), []);
});

test('no finding when the destination pods are not in the workspace', () => {
  assert.deepEqual(run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: nope}]\n', ''), []);
  assert.deepEqual(run('  podSelector: {matchLabels: {app: other}}\n  ingress:\n  - ports: [{port: nope}]\n'), []);
  // Egress to anyone, to an ipBlock, or to peers matching nothing: destinations unknown.
  assert.deepEqual(run('  podSelector: {}\n  egress:\n  - ports: [{port: nope}]\n'), []);
  assert.deepEqual(run('  podSelector: {}\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: nope}]\n'), []);
  assert.deepEqual(run('  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {team: x}}}]\n    ports: [{port: nope}]\n'), []);
});

test('egress to the DNS cluster workload resolves its configured port names', () => {
  const spec = '  podSelector: {}\n  egress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: dns, protocol: UDP}, {port: dns-tcp}, {port: domain}]\n';
  assert.deepEqual(run(spec).map((s) => s.at), ['domain']);
});

test('severity follows netlens.rules', () => {
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': np('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: https}]\n') };
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'error' } }).map((s) => s.severity), ['error']);
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'off' } }), []);
});

test('"Use protocol" fix: adds or replaces protocol when the pods declare the name for another protocol only', () => {
  const block = np('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - ports:\n    - port: stats # statsd\n');
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': block };
  const [seen] = wsFindings(files, CODE);
  assert.deepEqual(seen?.fixes.map((f) => f.title), ['Use protocol UDP (the pods declare "stats" for UDP)']);
  const fixed = applyEdits(block, seen!.fixes[0]!);
  assert.equal(fixed, block.replace('    - port: stats # statsd\n', '    - port: stats # statsd\n      protocol: UDP\n'));
  assert.deepEqual(wsCodes({ ...files, 'file:///np.yaml': fixed })['file:///np.yaml'], []);
  const flow = np('  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - ports: [{port: stats, protocol: "TCP"}]\n');
  const [f2] = wsFindings({ ...files, 'file:///np.yaml': flow }, CODE);
  assert.equal(applyEdits(flow, f2!.fixes[0]!), flow.replace('protocol: "TCP"', 'protocol: UDP'));
  // A name that exists nowhere has no fix.
  assert.deepEqual(run('  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: https}]\n')[0]?.fixes, []);
});

test('egress to whole namespaces beyond the workspace, or mixed with an ipBlock: destinations unknown, no finding', () => {
  const to = (peers: string) => run(`  podSelector: {}\n  egress:\n  - to: ${peers}\n    ports: [{port: nope}]\n`);
  // Control: the same port to the namespace's own pods is judged.
  assert.deepEqual(to('[{podSelector: {}}]').map((s) => s.at), ['nope']);
  // `{}` is every pod of the cluster (np-guard's "egress to entire cluster with named ports").
  assert.deepEqual(to('[{namespaceSelector: {}}]'), []);
  // A pod peer next to an ipBlock: the port may be meant for those addresses.
  assert.deepEqual(to('[{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8}}]'), []);
  // A namespace selector naming only namespaces with workloads here is judged.
  assert.deepEqual(to('[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]').map((s) => s.at), ['nope']);
});
