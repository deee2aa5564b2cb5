// missing-default-deny: per namespace with workloads, per required direction, on the first policy / Namespace / workload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, conv, deployment, np, WEB, wsCodes } from './harness.ts';
import { DEFAULT_CONVENTIONS } from '../../../server/src/core/index.ts';

const CODE = 'missing-default-deny';
const allowWeb = np('allow-web', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 8080}]\n');
const denyIngress = np('deny-in', '  podSelector: {}\n  policyTypes: [Ingress]\n');

test('off by default: no finding', () => {
  assert.deepEqual(conv(CODE, { 'file:///w/a.yaml': WEB, 'file:///w/np.yaml': allowWeb }, {}), []);
});

test('"both": reported once on the name of the namespace\'s first policy, naming the missing directions', () => {
  const seen = conv(CODE, { 'file:///w/a.yaml': WEB, 'file:///w/np.yaml': allowWeb, 'file:///w/z.yaml': denyIngress }, { requireDefaultDeny: 'both' });
  assert.deepEqual(
    seen.map((s) => [s.uri, s.at, s.line, s.message]),
    [['file:///w/np.yaml', 'allow-web', 3, 'Namespace shop has workloads but no default-deny policy for egress, which the team convention requires (netlens.conventions.requireDefaultDeny: "both"). Add a policy selecting every pod (podSelector: {}) with policyTypes [Egress] and no rules. (reported on the namespace\'s first policy)']],
  );
});

test('"ingress" is satisfied by an ingress default-deny; "egress" is not', () => {
  const files = { 'file:///w/a.yaml': WEB, 'file:///w/np.yaml': denyIngress };
  assert.deepEqual(conv(CODE, files, { requireDefaultDeny: 'ingress' }), []);
  assert.equal(conv(CODE, files, { requireDefaultDeny: 'egress' }).length, 1);
});

test('a policy that selects everything but allows something is not a default-deny', () => {
  const allowAll = np('allow-all', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - {}\n');
  assert.equal(conv(CODE, { 'file:///w/a.yaml': WEB, 'file:///w/np.yaml': allowAll }, { requireDefaultDeny: 'ingress' }).length, 1);
});

test('without policies: on the Namespace object, else on the first workload; namespaces without workloads are quiet', () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
  const a = conv(CODE, { 'file:///w/a.yaml': WEB, 'file:///w/ns.yaml': ns }, { requireDefaultDeny: 'ingress' });
  assert.deepEqual(a.map((s) => [s.uri, s.at]), [['file:///w/ns.yaml', 'shop']]);
  const b = conv(CODE, { 'file:///w/a.yaml': WEB }, { requireDefaultDeny: 'ingress' });
  assert.deepEqual(b.map((s) => [s.uri, s.at]), [['file:///w/a.yaml', 'web']]);
  assert.match(b[0]?.message ?? '', /reported on its first workload/);
  assert.deepEqual(conv(CODE, { 'file:///w/np.yaml': allowWeb }, { requireDefaultDeny: 'both' }), []);
});

test('the quick fix appends the default-deny for the missing directions only, and the finding goes away', () => {
  const files = { 'file:///w/a.yaml': WEB, 'file:///w/np.yaml': allowWeb };
  const [seen] = conv(CODE, files, { requireDefaultDeny: 'egress' });
  const fix = seen?.fixes[0];
  assert.equal(fix?.title, 'Add default-deny Egress policy for namespace shop');
  const fixed = applyEdits(allowWeb, fix!);
  assert.equal(fixed, `${allowWeb}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n`);
  const codes = wsCodes({ ...files, 'file:///w/np.yaml': fixed }, { conventions: { ...DEFAULT_CONVENTIONS, requireDefaultDeny: 'egress' }, rules: { 'missing-dns-egress': 'off' } });
  assert.deepEqual(codes['file:///w/np.yaml'], []);
});

test('each namespace is judged on its own', () => {
  const other = deployment('blog', 'ghost', { app: 'ghost' });
  const seen = conv(CODE, { 'file:///w/a.yaml': `${WEB}---\n${other}`, 'file:///w/np.yaml': denyIngress }, { requireDefaultDeny: 'ingress' });
  assert.deepEqual(seen.map((s) => [s.at, s.message.split(' ')[1]]), [['ghost', 'blog']]);
});
