// peer-selects-nothing: a from/to item whose selectors match no workload, when every namespace concerned has workloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile, skippedLines, skippedSummary } from '../../../server/src/core/index.ts';
import { deployment, wsFindings } from './workspace-harness.ts';

const CODE = 'peer-selects-nothing';
const NS = `apiVersion: v1\nkind: Namespace\nmetadata: {name: mon, labels: {team: ops}}\n`;
const APPS = [NS, deployment('shop', 'web', { app: 'web' }), deployment('mon', 'prometheus', { app: 'prometheus' })].join('---\n');
const np = (ingress: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n${ingress}`;
const run = (ingress: string, apps = APPS) => wsFindings({ 'file:///a.yaml': apps, 'file:///np.yaml': np(ingress) }, CODE);

test('a podSelector peer matching no pod of the policy namespace is reported on the peer item', () => {
  const seen = run('    - podSelector:\n        matchLabels:\n          app: frontend # typo\n    - podSelector: {matchLabels: {app: web}}\n');
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [['podSelector:\n        matchLabels:\n          app: frontend', 9, 'information', 'spec.ingress[0].from[0] matches no workload in the workspace: no pods labelled app=frontend in namespace shop.']],
  );
});

test('a podSelector without namespaceSelector looks only in the policy namespace', () => {
  assert.deepEqual(run('    - podSelector: {matchLabels: {app: prometheus}}\n').map((s) => s.message), ['spec.ingress[0].from[0] matches no workload in the workspace: no pods labelled app=prometheus in namespace shop.']);
  assert.deepEqual(run('    - namespaceSelector: {matchLabels: {team: ops}}\n      podSelector: {matchLabels: {app: prometheus}}\n'), []);
  assert.deepEqual(run('    - namespaceSelector: {matchLabels: {team: ops}}\n      podSelector: {matchLabels: {app: grafana}}\n').map((s) => s.message), [
    'spec.ingress[0].from[0] matches no workload in the workspace: no pods labelled app=grafana in namespaces matching team=ops (mon).',
  ]);
});

test('quiet when a concerned namespace has no workloads in the workspace, or the selector matches no namespace', () => {
  // namespaceSelector {} also matches kube-system (only the DNS workload from settings): pods may live there.
  assert.deepEqual(run('    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: grafana}}\n'), []);
  assert.deepEqual(run('    - namespaceSelector: {matchLabels: {team: nobody}}\n'), []);
  assert.deepEqual(run('    - podSelector: {matchLabels: {app: x}}\n', ''), []);
  assert.deepEqual(run('    - ipBlock: {cidr: 10.0.0.0/8}\n'), []);
});

test('egress peers are checked too; a peer into kube-system (only the DNS workload from settings) is not', () => {
  const egress = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: e, namespace: shop}\nspec:\n  podSelector: {}\n  egress:\n  - to:\n    - podSelector: {matchLabels: {app: db}}\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      podSelector: {matchLabels: {k8s-app: kube-dns}}\n`;
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': egress }, CODE).map((s) => [s.at, s.message]), [
    ['podSelector: {matchLabels: {app: db}}', 'spec.egress[0].to[0] matches no workload in the workspace: no pods labelled app=db in namespace shop.'],
  ]);
});

test('severity follows netlens.rules', () => {
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': np('    - podSelector: {matchLabels: {app: x}}\n') };
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'warning' } }).map((s) => s.severity), ['warning']);
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'off' } }), []);
});

test('quiet when a namespace the peer names runs pods the workspace does not declare (an operator, a HelmRelease)', () => {
  // kube-prometheus: Prometheus's pods come from the Prometheus object, through the operator.
  const peer = '    - namespaceSelector: {matchLabels: {team: ops}}\n      podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}\n';
  assert.equal(run(peer).length, 1, 'without it: reported');
  const prometheus = 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: mon}\nspec: {replicas: 2}\n';
  assert.deepEqual(run(peer, [APPS, prometheus].join('---\n')), []);
  const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: kps, namespace: flux-system}\nspec:\n  targetNamespace: mon\n  chart: {spec: {chart: kube-prometheus-stack}}\n';
  assert.deepEqual(run(peer, [APPS, release].join('---\n')), []);
  // Pods of another namespace do not help a peer that looks only in the policy's own.
  assert.equal(run('    - podSelector: {matchLabels: {app: frontend}}\n', [APPS, prometheus].join('---\n')).length, 1);
});

test('quiet when a kustomize build puts a remote base or a Helm chart into the namespace the peer names', () => {
  const peer = '    - namespaceSelector: {matchLabels: {team: ops}}\n      podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}\n';
  const files = (kust: string) => ({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(peer), 'file:///mon/kustomization.yaml': kust });
  assert.deepEqual(wsFindings(files('namespace: mon\nresources: [https://example.com/kube-prometheus.yaml]\n'), CODE), []);
  assert.deepEqual(wsFindings(files('helmCharts:\n- name: kube-prometheus-stack\n  namespace: mon\n'), CODE), []);
  assert.equal(wsFindings(files('namespace: mon\nsecretGenerator:\n- name: s\n  literals: [a=b]\n'), CODE).length, 1, 'a generated Secret runs no pod');
});

test('the analysis summary lists the objects that run pods NetLens cannot see, by kind and name', () => {
  const text = [
    'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: mon}\n',
    'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: agent, namespace: mon}\n',
    'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: apps, namespace: argocd}\n',
    'apiVersion: example.com/v1\nkind: Prometheus\nmetadata: {name: other}\n',
    'apiVersion: example.com/v1\nkind: constructor\nmetadata: {name: odd}\n',
  ].join('---\n');
  const lines = skippedLines(skippedSummary([parseFile('file:///s.yaml', text, DEFAULT_OPTIONS)]));
  assert.deepEqual(lines, ['3 deployments whose workloads are not in the repository: Prometheus mon/k8s, PrometheusAgent mon/agent, Argo ApplicationSet argocd/apps']);
});
