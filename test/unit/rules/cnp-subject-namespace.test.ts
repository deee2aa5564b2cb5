// cnp-subject-namespace: a CNP endpointSelector naming another namespace in a form Cilium keeps selects no pod
// (ParseToCiliumRule overwrites only the `k8s:` matchLabel); reach agrees, and policy-selects-nothing stays quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, DEFAULT_OPTIONS } from '../../../server/src/core/index.ts';
import { ask, cilium } from '../cilium/harness.ts';

const CODE = 'cnp-subject-namespace';
const policy = (selector: string): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n  endpointSelector:\n${selector}  ingress:\n  - fromEndpoints: [{matchLabels: {role: nobody}}]\n`;

function seen(text: string): [string, number, string][] {
  const { file, findings } = analyzeText('file:///ws/p.yaml', text, DEFAULT_OPTIONS);
  return findings.filter((f) => f.code === CODE).map((f) => [text.slice(f.span.start, f.span.end), file.lines.positionAt(f.span.start).line, f.severity]);
}

const TAIL = "Cilium only replaces a `k8s:io.kubernetes.pod.namespace` matchLabel with the policy's namespace (app) and keeps this requirement beside it, so the endpointSelector selects no pod and the policy isolates nothing. A CiliumNetworkPolicy always applies in its own namespace: to govern pods of another namespace, create the policy there.";

test('a bare or any: namespace matchLabel naming another namespace: reported on the key, the policy isolates nothing', () => {
  for (const key of ['io.kubernetes.pod.namespace', 'any:io.kubernetes.pod.namespace']) {
    const text = policy(`    matchLabels: {"${key}": other, role: api}\n`);
    assert.deepEqual(seen(text), [[`"${key}"`, 5, 'warning']], key);
    const f = analyzeText('file:///ws/p.yaml', text, DEFAULT_OPTIONS).findings.find((x) => x.code === CODE)!;
    assert.equal(f.message, `spec.endpointSelector.matchLabels: \`${key}: other\` names namespace other, not app. ${TAIL}`);
    const v = ask(cilium(text), 'app/web', 'app/api', '8080/TCP');
    assert.deepEqual([v.allowed, v.ingress.isolated], [true, false], key);
    assert.deepEqual(analyzeText('file:///ws/p.yaml', text, DEFAULT_OPTIONS).findings.filter((x) => x.code === 'policy-selects-nothing'), []);
  }
});

test('matchExpressions on the namespace key (any prefix) that exclude the policy namespace are reported', () => {
  const text = policy('    matchExpressions:\n    - {key: k8s:io.kubernetes.pod.namespace, operator: In, values: [other]}\n    - {key: io.kubernetes.pod.namespace, operator: NotIn, values: [other]}\n    - {key: any:io.kubernetes.pod.namespace, operator: DoesNotExist}\n');
  assert.deepEqual(seen(text).map(([, line]) => line), [6, 8]);
  const f = analyzeText('file:///ws/p.yaml', text, DEFAULT_OPTIONS).findings.filter((x) => x.code === CODE);
  assert.equal(f[0]!.message, `spec.endpointSelector.matchExpressions[0]: \`k8s:io.kubernetes.pod.namespace In (other)\` excludes namespace app. ${TAIL}`);
  assert.equal(ask(cilium(text), 'app/web', 'app/api', '8080/TCP').ingress.isolated, false);
});

test('the k8s: matchLabel is replaced by the policy namespace (no finding, the policy selects its pods); the own namespace is fine', () => {
  const k8s = policy('    matchLabels: {"k8s:io.kubernetes.pod.namespace": other, role: api}\n');
  assert.deepEqual(seen(k8s), []);
  const v = ask(cilium(k8s), 'app/web', 'app/api', '8080/TCP');
  assert.deepEqual([v.allowed, v.ingress.isolatedBy.map((r) => r.policy)], [false, ['app/p']]);
  const own = policy('    matchLabels: {io.kubernetes.pod.namespace: app, role: api}\n    matchExpressions: [{key: io.kubernetes.pod.namespace, operator: NotIn, values: [other]}]\n');
  assert.deepEqual(seen(own), []);
  assert.equal(ask(cilium(own), 'app/web', 'app/api', '8080/TCP').ingress.isolated, true);
});

test('a CCNP naming a namespace is not concerned', () => {
  const text = policy('    matchLabels: {io.kubernetes.pod.namespace: other}\n').replace('CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}', 'CiliumClusterwideNetworkPolicy\nmetadata: {name: p}');
  assert.deepEqual(seen(text), []);
});

test('without metadata.namespace the placed namespace decides: kustomize placing it there is no finding; elsewhere policy-selects-nothing says why', async () => {
  const { workspaceResults, parseFile } = await import('../../../server/src/core/index.ts');
  const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector:\n    matchLabels: {io.kubernetes.pod.namespace: shop, app: web}\n';
  const web = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\n';
  const run = (files: Record<string, string>) => {
    const r = workspaceResults(Object.entries(files).map(([u, t]) => parseFile(`file:///ws/${u}`, t, DEFAULT_OPTIONS)), DEFAULT_OPTIONS);
    return [...r.findings.values()].flat().filter((f) => f.code === CODE || f.code === 'policy-selects-nothing').map((f) => [f.code, f.message]);
  };
  // Placed in shop by its kustomization: the bare key names its own namespace.
  assert.deepEqual(run({ 'kustomization.yaml': 'namespace: shop\nresources: [p.yaml, web.yaml]\n', 'p.yaml': cnp, 'web.yaml': web }), []);
  // Placed in default (no namespace anywhere): it selects no pod, and policy-selects-nothing says why.
  const [only, ...rest] = run({ 'p.yaml': cnp, 'web.yaml': web });
  assert.deepEqual(rest, []);
  assert.equal(only?.[0], 'policy-selects-nothing');
  assert.match(only?.[1] ?? '', /^endpointSelector \(.*\) requires a namespace other than default, where this policy applies/);
});
