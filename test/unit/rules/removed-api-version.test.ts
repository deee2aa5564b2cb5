// removed-api-version (and np-api-version's removed case): gated by netlens.kubernetesVersion, in the editor's and
// the CLI's one pipeline; objects the configured release refuses are left out of the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, buildModel, DEFAULT_OPTIONS, parseFile, type Options } from '../../../server/src/core/index.ts';
import { applyFix } from './rule-harness.ts';

const at = (v: string): Options => ({ ...DEFAULT_OPTIONS, kubernetesVersion: v });
const deploy = (api: string, selector = true): string =>
  `apiVersion: ${api}\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n${selector ? '  selector: {matchLabels: {app: web}}\n' : ''}  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n`;

function seen(text: string, options: Options, code = 'removed-api-version') {
  const { findings } = analyzeText('file:///w/a.yaml', text, options);
  return findings.filter((f) => f.code === code).map((f) => ({ at: text.slice(f.span.start, f.span.end), severity: f.severity, message: f.message, tags: f.tags, fixes: f.fixes ?? [] }));
}

test('an apps/v1beta2 Deployment with Kubernetes 1.16 or later: an error on the apiVersion value, with a one-line fix', () => {
  const text = deploy('apps/v1beta2');
  const [f, ...rest] = seen(text, at('1.16'));
  assert.equal(rest.length, 0);
  assert.deepEqual([f!.at, f!.severity], ['apps/v1beta2', 'error']);
  assert.equal(
    f!.message,
    'Deployment in apps/v1beta2 was removed in Kubernetes 1.16 (netlens.kubernetesVersion is 1.16): the API server refuses the object, so it is never created. ' +
      'Use apps/v1, which has the same fields. NetLens leaves its pods out of connectivity, as the cluster would never run them.',
  );
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.equal(fixed, deploy('apps/v1'));
  assert.deepEqual(analyzeText('file:///w/a.yaml', fixed, at('1.16')).findings.map((x) => x.code), []);
});

test('below the removal release: a deprecation warning instead (tagged deprecated), and the object is still modelled', () => {
  const [f] = seen(deploy('extensions/v1beta1'), at('1.15'));
  assert.deepEqual([f!.severity, f!.tags], ['warning', ['deprecated']]);
  assert.equal(f!.message, 'Deployment in extensions/v1beta1 is deprecated: Kubernetes 1.15 (netlens.kubernetesVersion) still serves it, but 1.16 and later refuse it; use apps/v1, which has the same fields.');
  const ids = (v: string) => buildModel([parseFile('file:///w/a.yaml', deploy('extensions/v1beta1'), at(v))], at(v)).workloads.filter((w) => w.namespace === 'shop').map((w) => w.id);
  assert.deepEqual(ids('1.15'), ['shop/web']);
  assert.deepEqual(ids('1.16'), [], 'refused by the API server: no pods');
});

test('no fix when apps/v1 would need a selector the object lacks; Ingress betas (1.22) get none either (the spec differs)', () => {
  assert.deepEqual(seen(deploy('apps/v1beta1', false), at('1.35'))[0]!.fixes, []);
  const ingress = (api: string) => `apiVersion: ${api}\nkind: Ingress\nmetadata: {name: i}\nspec:\n  backend: {serviceName: web, servicePort: 80}\n`;
  assert.deepEqual(seen(ingress('networking.k8s.io/v1beta1'), at('1.21')).map((f) => [f.severity, f.fixes.length]), [['warning', 0]]);
  const [f] = seen(ingress('extensions/v1beta1'), at('1.22'));
  assert.equal(f!.message, 'Ingress in extensions/v1beta1 was removed in Kubernetes 1.22 (netlens.kubernetesVersion is 1.22): the API server refuses the object, so it is never created. Use networking.k8s.io/v1 (its spec differs: rewrite the object for it). NetLens does not read it as a way in.');
});

test('batch/v1beta1 CronJob: removed in 1.25, warning in 1.24; StatefulSet apps/v1beta1 and DaemonSet apps/v1beta2 in 1.16', () => {
  const cron = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: x}]}}}}\n';
  assert.deepEqual(seen(cron, at('1.24')).map((f) => f.severity), ['warning']);
  const [f] = seen(cron, at('1.25'));
  assert.equal(f!.severity, 'error');
  assert.equal(applyFix(cron, f!.fixes[0]!), cron.replace('batch/v1beta1', 'batch/v1'));
  assert.deepEqual(seen(deploy('apps/v1beta1').replace('Deployment', 'StatefulSet'), at('1.16')).map((x) => x.severity), ['error']);
  assert.deepEqual(seen(deploy('apps/v1beta2').replace('Deployment', 'DaemonSet'), at('1.15')).map((x) => x.severity), ['warning']);
  assert.deepEqual(seen(deploy('apps/v1'), at('1.35')), []);
});

test('NetworkPolicy extensions/v1beta1: np-api-version says removed from 1.16 and deprecated (and not modelled) before', () => {
  const np = 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n';
  assert.deepEqual(seen(np, at('1.16')), [], 'one rule per mistake: np-api-version owns NetworkPolicy');
  const [removed] = seen(np, at('1.16'), 'np-api-version');
  assert.deepEqual([removed!.severity, removed!.message], ['error', 'NetworkPolicy in extensions/v1beta1 was removed in Kubernetes 1.16 (netlens.kubernetesVersion is 1.16); use networking.k8s.io/v1, which has the same fields.']);
  const [old] = seen(np, at('1.15'), 'np-api-version');
  assert.deepEqual([old!.severity, old!.tags], ['warning', ['deprecated']]);
  assert.equal(
    old!.message,
    'NetworkPolicy in extensions/v1beta1 is deprecated: Kubernetes 1.15 (netlens.kubernetesVersion) still serves it, but 1.16 and later refuse it. ' +
      'NetLens analyses NetworkPolicy only as networking.k8s.io/v1, so this policy is left out of reach, the matrix and the preview; use networking.k8s.io/v1, which has the same fields.',
  );
  assert.equal(applyFix(np, old!.fixes[0]!), np.replace('extensions/v1beta1', 'networking.k8s.io/v1'));
});
