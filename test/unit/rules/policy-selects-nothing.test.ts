// policy-selects-nothing: a podSelector matching no workload of a namespace that has workloads in the workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, wsFindings } from './workspace-harness.ts';

const CODE = 'policy-selects-nothing';
const APPS = [deployment('shop', 'web', { app: 'web' }), deployment('shop', 'db', { app: 'db' })].join('---\n');
const np = (sel: string, ns = 'shop'): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ${ns}\nspec:\n  podSelector:${sel}\n  policyTypes: [Ingress]\n`;

test('a misspelt label is reported on the selector value with the namespace workloads', () => {
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np('\n    matchLabels:\n      app: webb # typo?\n') }, CODE);
  assert.deepEqual(
    seen.map((s) => [s.at, s.line, s.severity, s.message]),
    [['matchLabels:\n      app: webb', 7, 'warning', 'spec.podSelector (app=webb) matches no workload in namespace shop, which has 2: db, web. The policy applies to no pod the workspace declares; check the labels.']],
  );
});

test('matchExpressions are honoured (NotIn matches pods without the key)', () => {
  const files = (sel: string) => ({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(sel) });
  assert.deepEqual(wsFindings(files(' {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}'), CODE), []);
  assert.deepEqual(wsFindings(files(' {matchExpressions: [{key: app, operator: In, values: [api]}]}'), CODE).map((s) => s.at), ['{matchExpressions: [{key: app, operator: In, values: [api]}]}']);
});

test('quiet when the namespace has no workloads in the workspace (policy-only repos, other namespaces)', () => {
  assert.deepEqual(wsFindings({ 'file:///np.yaml': np(' {matchLabels: {app: x}}') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchLabels: {app: x}}', 'other') }, CODE), []);
  // kube-system holds only the DNS workload from settings: not "workloads in the workspace".
  assert.deepEqual(wsFindings({ 'file:///np.yaml': np(' {matchLabels: {app: x}}', 'kube-system') }, CODE), []);
});

test('an empty selector or a matching one is fine; an invalid selector is left to invalid-selector', () => {
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {}') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchLabels: {app: db}}') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchExpressions: [{key: app, operator: Bad}]}') }, CODE), []);
});

test('severity follows netlens.rules', () => {
  const files = { 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchLabels: {app: x}}') };
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'error' } }).map((s) => s.severity), ['error']);
  assert.deepEqual(wsFindings(files, CODE, { rules: { [CODE]: 'off' } }), []);
});

test('CiliumNetworkPolicy: an endpointSelector (spec or specs) matching no workload of its namespace', () => {
  const cnp = (sel: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspecs:\n- endpointSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n- endpointSelector: ${sel}\n  ingress: [{}]\n`;
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///c.yaml': cnp('{matchLabels: {"k8s:app": webb}}') }, CODE);
  assert.deepEqual(seen.map((s) => [s.at, s.line]), [['{matchLabels: {"k8s:app": webb}}', 6]]);
  assert.match(seen[0]!.message, /^endpointSelector \(app=webb\) matches no workload in namespace shop, which has 2: db, web\./);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///c.yaml': cnp('{matchLabels: {"k8s:app": db}}') }, CODE), []);
});

// Objects that run pods the workspace does not declare make their namespace "opaque" (model/deployers.ts).
const helmRelease = (ns: string, target?: string, group = 'helm.toolkit.fluxcd.io/v2') =>
  `apiVersion: ${group}\nkind: HelmRelease\nmetadata: {name: plex, namespace: ${ns}}\nspec:\n${target ? `  targetNamespace: ${target}\n` : ''}  chart: {spec: {chart: app-template, sourceRef: {kind: HelmRepository, name: bjw-s}}}\n`;
const typo = np(' {matchLabels: {app: plex}}');

test('quiet in a namespace where a HelmRelease runs pods the workspace does not declare (its own, or its targetNamespace)', () => {
  assert.equal(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo }, CODE).length, 1, 'without it: reported');
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///hr.yaml': helmRelease('shop') }, CODE), []);
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///hr.yaml': helmRelease('flux-system', 'shop') }, CODE), []);
  // Its pods go to the targetNamespace, not to the namespace the HelmRelease lives in.
  assert.equal(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///hr.yaml': helmRelease('shop', 'media') }, CODE).length, 1);
  // A target through a Flux substitution is not known: the HelmRelease makes no namespace opaque.
  assert.equal(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///hr.yaml': helmRelease('shop', '"${NS}"') }, CODE).length, 1);
  // One that installs into another cluster (spec.kubeConfig) too: NetLens reads the repository as one cluster.
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///hr.yaml': helmRelease('shop').replace('spec:\n', 'spec:\n  kubeConfig: {secretRef: {name: remote}}\n') }, CODE), []);
  // Another group's HelmRelease kind is not Flux's.
  assert.equal(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///hr.yaml': helmRelease('shop', undefined, 'example.com/v1') }, CODE).length, 1);
  // Without metadata.namespace: the default namespace, as for any object.
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///hr.yaml': helmRelease('shop').replace(', namespace: shop', '') }, CODE, { defaultNamespace: 'shop' }), []);
});

test('quiet in an Argo CD Application destination namespace and where a Prometheus Operator server runs', () => {
  const app = (dest: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://charts.example.com, chart: shop, targetRevision: 1.0.0}\n  destination: {server: https://kubernetes.default.svc${dest}}\n`;
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///app.yaml': app(', namespace: shop') }, CODE), []);
  // No destination namespace: the Application's manifests place their own objects; nothing is known.
  assert.equal(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///app.yaml': app('') }, CODE).length, 1);
  // kube-prometheus: the policy selects the pods the operator makes from the Prometheus object.
  const prometheus = 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: shop}\nspec:\n  podMetadata: {labels: {app: plex}}\n';
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///p.yaml': prometheus }, CODE), []);
  assert.equal(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///p.yaml': prometheus.replace('namespace: shop', 'namespace: monitoring') }, CODE).length, 1);
});

test('a kustomization places a HelmRelease as it places the file\'s other objects', () => {
  const files = {
    'file:///a.yaml': APPS,
    'file:///np.yaml': typo,
    'file:///app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [hr.yaml]\n',
    'file:///app/hr.yaml': helmRelease('default'),
  };
  assert.deepEqual(wsFindings(files, CODE), []);
  assert.equal(wsFindings({ ...files, 'file:///app/kustomization.yaml': files['file:///app/kustomization.yaml'].replace('namespace: shop', 'namespace: media') }, CODE).length, 1);
  // A Flux Kustomization's targetNamespace over a kustomization without one (a homelab's ks.yaml).
  const flux = (target: string) => ({
    'file:///a.yaml': APPS,
    'file:///np.yaml': typo,
    'file:///apps/plex/ks.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: plex, namespace: flux-system}\nspec:\n  targetNamespace: ${target}\n  path: ./apps/plex/app\n  sourceRef: {kind: GitRepository, name: flux-system}\n`,
    'file:///apps/plex/app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [hr.yaml]\n',
    'file:///apps/plex/app/hr.yaml': helmRelease('default').replace(', namespace: default', ''),
  });
  assert.deepEqual(wsFindings(flux('shop'), CODE), []);
  assert.equal(wsFindings(flux('media'), CODE).length, 1);
});

test('quiet where a kustomize build places objects NetLens does not see under a namespace (a remote base, a Helm chart)', () => {
  const kust = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
  // Argo CD installed from its remote manifests, with a local Deployment beside it and a policy for the remote pods.
  const files = {
    'file:///argocd/kustomization.yaml': kust('namespace: shop\nresources:\n- https://raw.githubusercontent.com/argoproj/argo-cd/v2.12.0/manifests/install.yaml\n- apps.yaml\n- np.yaml\n'),
    'file:///argocd/apps.yaml': APPS,
    'file:///argocd/np.yaml': typo,
  };
  assert.deepEqual(wsFindings(files, CODE), []);
  // Without a namespace transformer the remote objects keep namespaces NetLens cannot know: nothing is quieted.
  const own = kust('resources:\n- https://raw.githubusercontent.com/argoproj/argo-cd/v2.12.0/manifests/install.yaml\n- apps.yaml\n- np.yaml\n');
  assert.equal(wsFindings({ ...files, 'file:///argocd/kustomization.yaml': own }, CODE).length, 1);
  // Generated ConfigMaps run no pods.
  const generated = kust('namespace: shop\nresources: [apps.yaml, np.yaml]\nconfigMapGenerator:\n- name: cfg\n  literals: [a=b]\n');
  assert.equal(wsFindings({ ...files, 'file:///argocd/kustomization.yaml': generated }, CODE).length, 1);
  // A Helm chart inflated by kustomize, in the kustomization's namespace or in its own entry's.
  const chart = kust('namespace: shop\nresources: [apps.yaml, np.yaml]\nhelmCharts:\n- name: plex\n  repo: https://charts.example\n');
  assert.deepEqual(wsFindings({ ...files, 'file:///argocd/kustomization.yaml': chart }, CODE), []);
  const chartNs = (ns: string) => kust(`resources: [apps.yaml, np.yaml]\nhelmCharts:\n- name: plex\n  namespace: ${ns}\n`);
  assert.deepEqual(wsFindings({ ...files, 'file:///argocd/kustomization.yaml': chartNs('shop') }, CODE), []);
  assert.equal(wsFindings({ ...files, 'file:///argocd/kustomization.yaml': chartNs('media') }, CODE).length, 1);
  // A generator plugin makes what its configuration's kind says: KSOPS makes Secrets, Helm inflation runs pods.
  const generator = (kind: string) => ({ ...files, 'file:///argocd/kustomization.yaml': kust('namespace: shop\nresources: [apps.yaml, np.yaml]\ngenerators: [gen.yaml]\n'), 'file:///argocd/gen.yaml': `apiVersion: example/v1\nkind: ${kind}\nmetadata: {name: g}\n` });
  assert.equal(wsFindings(generator('ksops'), CODE).length, 1);
  assert.deepEqual(wsFindings(generator('HelmChartInflationGenerator'), CODE), []);
  // A base with a remote part, moved by an overlay's namespace: the overlay's namespace holds the unseen pods.
  const layered = (overlayNs: string) => ({
    'file:///base/kustomization.yaml': kust('namespace: tools\nresources: [github.com/org/repo//deploy?ref=v1]\n'),
    'file:///overlay/kustomization.yaml': kust(`namespace: ${overlayNs}\nresources: [../base]\n`),
    'file:///plain/apps.yaml': APPS,
    'file:///plain/np.yaml': typo,
  });
  assert.deepEqual(wsFindings(layered('shop'), CODE), []);
  assert.equal(wsFindings(layered('media'), CODE).length, 1, 'the overlay moved the remote objects to media');
  // The base alone (nothing includes it): its own namespace.
  const { ['file:///overlay/kustomization.yaml']: _, ...baseAlone } = layered('shop');
  assert.equal(wsFindings(baseAlone, CODE).length, 1, 'the remote objects are in tools');
  assert.deepEqual(wsFindings({ ...baseAlone, 'file:///base/kustomization.yaml': kust('namespace: shop\nresources: [github.com/org/repo//deploy?ref=v1]\n') }, CODE), []);
});

test("a Flux folder's nested kustomization is built under the Flux Kustomization only: its own namespace is not quieted", () => {
  const files = {
    'file:///repo/clusters/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps\n  targetNamespace: media\n  sourceRef: {kind: GitRepository, name: flux-system}\n',
    'file:///repo/apps/argocd/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [https://example.com/install.yaml]\n',
    'file:///repo/plain/apps.yaml': APPS,
    'file:///repo/plain/np.yaml': typo,
  };
  // Flux's generated build moves the remote objects to media; shop keeps only the declared workloads.
  assert.equal(wsFindings(files, CODE).length, 1);
});

test('quiet in the targetNamespace of a Flux Kustomization whose source is another repository', () => {
  const git = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  url: ${url}\n`;
  const ks = (target: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: vendor, namespace: flux-system}\nspec:\n  targetNamespace: ${target}\n  path: ./deploy\n  sourceRef: {kind: GitRepository, name: vendor}\n`;
  const files = (target: string) => ({
    'file:///repo/flux-system/gotk-sync.yaml': git('flux-system', 'ssh://git@github.com/me/home-ops'),
    'file:///repo/flux-system/vendor.yaml': `${git('vendor', 'https://github.com/vendor/app')}---\n${ks(target)}`,
    'file:///repo/apps.yaml': APPS,
    'file:///repo/np.yaml': typo,
  });
  assert.deepEqual(wsFindings(files('shop'), CODE), []);
  assert.equal(wsFindings(files('media'), CODE).length, 1);
});

test('an Argo Rollout is a workload: a policy for its pods selects them', () => {
  const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: plex, namespace: shop}\nspec:\n  strategy: {canary: {steps: [{setWeight: 20}]}}\n  template:\n    metadata: {labels: {app: plex}}\n    spec: {containers: [{name: plex, image: plex}]}\n';
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///ro.yaml': rollout }, CODE), []);
  // A policy that misses it is reported with it among the namespace's workloads.
  const seen = wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': np(' {matchLabels: {app: plexx}}'), 'file:///ro.yaml': rollout }, CODE);
  assert.match(seen[0]?.message ?? '', /which has 3: db, plex, web\./);
});

test('a k3s HelmChart installs into its targetNamespace, else into default (not its own namespace)', () => {
  const chart = (target: string) => `apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata: {name: plex, namespace: kube-system}\nspec:\n  chart: plex\n  repo: https://charts.example.com\n${target}`;
  assert.deepEqual(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///c.yaml': chart('  targetNamespace: shop\n') }, CODE), []);
  assert.equal(wsFindings({ 'file:///a.yaml': APPS, 'file:///np.yaml': typo, 'file:///c.yaml': chart('') }, CODE).length, 1);
  const inDefault = { 'file:///a.yaml': APPS.replaceAll('namespace: shop', 'namespace: default'), 'file:///np.yaml': np(' {matchLabels: {app: plex}}', 'default') };
  assert.equal(wsFindings(inDefault, CODE).length, 1);
  assert.deepEqual(wsFindings({ ...inDefault, 'file:///c.yaml': chart('') }, CODE), []);
});
