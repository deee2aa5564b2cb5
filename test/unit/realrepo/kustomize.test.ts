// kustomize build, transformer by transformer: exact namespaces, names, labels and origins of what policies see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, type Model } from '../../../server/src/core/index.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const model = (files: Record<string, string>): Model => buildModel(Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts)), opts);
const deploy = (name: string, labels = 'app: web', ports = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      containers:\n      - name: c\n        image: x\n${ports}`;
const svc = (name: string, selector?: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${selector ? `  selector: {${selector}}\n` : ''}  ports: [{port: 80}]\n`;
const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const nsObj = (name: string, labels = '') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${labels ? `  labels: {${labels}}\n` : ''}`;

test("Flux Kustomization from another repository's source: not built from this workspace's folder of the same path", () => {
  const git = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  url: ${url}\n`;
  const flux = (name: string, source: string, path: string) =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  path: ${path}\n  targetNamespace: ${name}\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
  const files = {
    'clusters/main/flux-system/gotk-sync.yaml': git('flux-system', 'ssh://git@github.com/me/home-ops'),
    'clusters/main/sources.yaml': `${git('charts', 'https://github.com/vendor/charts.git')}---\n${git('mirror', 'https://github.com/Me/home-ops.git')}`,
    'clusters/main/apps.yaml': `${flux('vendor', 'charts', './deploy')}---\n${flux('mine', 'mirror', './deploy')}`,
    'deploy/web.yaml': deploy('web'),
  };
  const m = model(files);
  // Only the Kustomization whose source is this repository (the https form of the same URL) builds ./deploy.
  assert.deepEqual(m.workloads.map((w) => w.id), ['mine/web']);
  const apps = m.kustomizeNotes?.get('file:///repo/clusters/main/apps.yaml');
  assert.deepEqual(apps?.map((n) => n.message), ["Its source, GitRepository flux-system/charts (https://github.com/vendor/charts.git), is another repository: the objects Flux builds from it are not in NetLens's view."]);
  // The note sits on sourceRef.
  assert.equal(files['clusters/main/apps.yaml'].slice(apps![0]!.span.start, apps![0]!.span.end), 'kind: GitRepository\n    name: charts\n');
  // Without the repository's own GitRepository (flux-system/flux-system), a declared source is taken to be this one.
  const { ['clusters/main/flux-system/gotk-sync.yaml']: _, ...unknown } = files;
  assert.deepEqual(model(unknown).workloads.map((w) => w.id).sort(), ['mine/web', 'vendor/web']);
  // An OCI artifact may be built from this repository: a Kustomization reading one still builds the folder here.
  const oci = 'apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata:\n  name: artifact\n  namespace: flux-system\nspec:\n  url: oci://ghcr.io/me/manifests\n';
  const fromOci = flux('oci', 'mirror', './deploy').replace('kind: GitRepository\n    name: mirror', 'kind: OCIRepository\n    name: artifact');
  assert.deepEqual(model({ ...files, 'clusters/main/oci.yaml': `${oci}---\n${fromOci}` }).workloads.map((w) => w.id).sort(), ['mine/web', 'oci/web']);
  // scp-style and https forms of one repository (an owner starting with digits: scp-style URLs have no port).
  const scp = model({ ...files, 'clusters/main/flux-system/gotk-sync.yaml': git('flux-system', 'git@github.com:1me/home-ops.git'), 'clusters/main/sources.yaml': `${git('charts', 'https://github.com/vendor/charts.git')}---\n${git('mirror', 'https://github.com/1me/home-ops')}` });
  assert.deepEqual(scp.workloads.map((w) => w.id), ['mine/web']);
  // A name declared with two URLs (one folder per cluster), or a URL holding a variable: not known, so not another repository.
  const twice = model({ ...files, 'clusters/other/sources.yaml': git('charts', 'https://github.com/me/home-ops') });
  assert.deepEqual(twice.workloads.map((w) => w.id).sort(), ['mine/web', 'vendor/web']);
  const variable = model({ ...files, 'clusters/main/sources.yaml': `${git('charts', 'https://github.com/${OWNER}/charts.git')}---\n${git('mirror', 'https://github.com/Me/home-ops.git')}` });
  assert.deepEqual(variable.workloads.map((w) => w.id).sort(), ['mine/web', 'vendor/web']);
  // A Kustomization that builds its own file's folder says which source is this repository.
  const selfManaged = model({ ...unknown, 'clusters/main/apps.yaml': `${unknown['clusters/main/apps.yaml']}---\n${flux('cluster', 'mirror', './clusters/main')}` });
  assert.deepEqual(selfManaged.workloads.map((w) => w.id), ['mine/web']);
});

test('a patch target matching nothing NetLens sees, in a build with a remote base: not said to be unapplied', () => {
  const patch = '- target: {kind: NetworkPolicy}\n  patch: |-\n    $patch: delete\n    apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: x}\n';
  const remote = model({ 'boot/kustomization.yaml': `resources:\n- github.com/fluxcd/flux2/manifests/install?ref=v2.3.0\n- app.yaml\npatches:\n${patch}`, 'boot/app.yaml': deploy('web') });
  assert.deepEqual([...(remote.kustomizeNotes?.values() ?? [])].flat().map((n) => n.message), [
    'Remote base "github.com/fluxcd/flux2/manifests/install?ref=v2.3.0" is not followed: its objects are not in NetLens\'s view.',
    'The patch target (NetworkPolicy, any name) matches no object NetLens sees in this build; the build also takes objects NetLens does not follow (a remote base, a Helm chart, a generator, a Flux source outside the workspace), which it may patch.',
  ]);
  // The remote base of a base counts too; a build that is all in view keeps the plain wording.
  const nested = model({ 'base/kustomization.yaml': 'resources: [github.com/x/y//z, app.yaml]\n', 'base/app.yaml': deploy('web'), 'overlay/kustomization.yaml': `resources: [../base]\npatches:\n${patch}` });
  assert.match([...(nested.kustomizeNotes?.get('file:///repo/overlay/kustomization.yaml') ?? [])].map((n) => n.message).join(), /matches no object NetLens sees in this build/);
  // Generated ConfigMaps are not objects NetLens makes: a patch of one is not said to be unapplied either.
  const generated = model({ 'base/kustomization.yaml': 'resources: [app.yaml]\nconfigMapGenerator:\n- name: cfg\n  literals: [a=b]\n', 'base/app.yaml': deploy('web'), 'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- target: {kind: ConfigMap, name: cfg}\n  patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: cfg}\n    data: {c: d}\n' });
  assert.match([...(generated.kustomizeNotes?.get('file:///repo/overlay/kustomization.yaml') ?? [])].map((n) => n.message).join(), /matches no object NetLens sees in this build/);
  const local = model({ 'boot/kustomization.yaml': `resources: [app.yaml]\npatches:\n${patch}`, 'boot/app.yaml': deploy('web') });
  assert.deepEqual([...(local.kustomizeNotes?.values() ?? [])].flat().map((n) => n.message), ['The patch target (NetworkPolicy, any name) matches no object of this build; it is not applied.']);
});

test('namespace: every namespaced object moves; a Namespace object (Flux-style "_") is renamed; no phantom "_"', () => {
  const m = model({
    'app/kustomization.yaml': 'namespace: media\nresources: [namespace.yaml, web.yaml]\n',
    'app/namespace.yaml': nsObj('_', 'team: media'),
    'app/web.yaml': deploy('web'),
  });
  assert.deepEqual(m.workloads.map((w) => w.id), ['media/web']);
  assert.deepEqual([...m.namespaces.keys()].sort(), ['media']);
  assert.deepEqual(m.namespaces.get('media')?.labels, { team: 'media', 'kubernetes.io/metadata.name': 'media' });
});

test('namePrefix/nameSuffix compose from base to overlay; Namespaces keep their names', () => {
  const m = model({
    'base/kustomization.yaml': 'namePrefix: b-\nresources: [web.yaml, ns.yaml]\n',
    'base/web.yaml': deploy('web'),
    'base/ns.yaml': nsObj('shop'),
    'overlay/kustomization.yaml': 'namePrefix: prod-\nnameSuffix: -v2\nresources: [../base]\n',
  });
  assert.deepEqual(m.workloads.map((w) => w.id), ['default/prod-b-web-v2']);
  assert.equal(m.namespaces.has('shop'), true);
  assert.deepEqual(m.workloads[0]?.placement, [
    { uri: 'file:///repo/base/kustomization.yaml', namePrefix: 'b-' },
    { uri: 'file:///repo/overlay/kustomization.yaml', namePrefix: 'prod-', nameSuffix: '-v2' },
  ]);
});

test('commonLabels: pod templates, Service selectors (created), policy podSelector/peer podSelector only where matchLabels is written', () => {
  const m = model({
    'kustomization.yaml': 'commonLabels: {team: a}\nresources: [web.yaml, svc.yaml, bare.yaml, np.yaml, ns.yaml]\n',
    'web.yaml': deploy('web'),
    'svc.yaml': svc('web', 'app: web'),
    'bare.yaml': svc('headless'),
    'ns.yaml': nsObj('default'),
    'np.yaml':
      np('p', '  podSelector:\n    matchLabels: {app: web}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: db}}\n    - podSelector: {}\n    - namespaceSelector: {}\n') +
      '---\n' +
      np('all', '  podSelector: {}\n'),
  });
  assert.deepEqual(m.workloads[0]?.podLabels, { app: 'web', team: 'a' });
  assert.deepEqual(m.services.map((s) => [s.name, s.selector]), [['web', { app: 'web', team: 'a' }], ['headless', { team: 'a' }]]);
  const p = m.policies.find((x) => x.name === 'p');
  assert.deepEqual(p?.podSelector.matchLabels, { app: 'web', team: 'a' });
  assert.deepEqual(p?.ingress[0]?.peers?.map((x) => x.podSelector?.matchLabels), [{ app: 'db', team: 'a' }, {}, undefined]);
  assert.deepEqual(m.policies.find((x) => x.name === 'all')?.podSelector.matchLabels, {});
  assert.deepEqual(m.namespaces.get('default')?.labels, { team: 'a', 'kubernetes.io/metadata.name': 'default' });
});

test('labels: metadata only by default; includeTemplates reaches pod templates; includeSelectors reaches selectors too', () => {
  const files = (flags: string) => ({
    'kustomization.yaml': `labels:\n- pairs: {env: prod}\n${flags}resources: [web.yaml, pod.yaml, svc.yaml, np.yaml]\n`,
    'web.yaml': deploy('web'),
    'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\n  labels: {app: solo}\n',
    'svc.yaml': svc('web', 'app: web'),
    'np.yaml': np('p', '  podSelector: {matchLabels: {app: web}}\n'),
  });
  const view = (m: Model) => [m.workloads.map((w) => [w.name, w.podLabels]), m.services[0]?.selector, m.policies[0]?.podSelector.matchLabels];
  assert.deepEqual(view(model(files(''))), [[['web', { app: 'web' }], ['solo', { app: 'solo', env: 'prod' }]], { app: 'web' }, { app: 'web' }]);
  assert.deepEqual(view(model(files('  includeTemplates: true\n'))), [[['web', { app: 'web', env: 'prod' }], ['solo', { app: 'solo', env: 'prod' }]], { app: 'web' }, { app: 'web' }]);
  assert.deepEqual(view(model(files('  includeSelectors: true\n'))), [
    [['web', { app: 'web', env: 'prod' }], ['solo', { app: 'solo', env: 'prod' }]],
    { app: 'web', env: 'prod' },
    { app: 'web', env: 'prod' },
  ]);
});

test('strategic-merge patches: pod labels and container ports merge; patch files are never objects', () => {
  const m = model({
    'base/kustomization.yaml': 'resources: [web.yaml]\n',
    'base/web.yaml': deploy('web', 'app: web', '        ports: [{containerPort: 8080, name: http}]\n'),
    'overlay/kustomization.yaml': 'namespace: prod\nresources: [../base]\npatchesStrategicMerge: [patch.yaml]\npatches:\n- path: star.yaml\n  target: {kind: Deployment, name: "w.*"}\n',
    'overlay/patch.yaml': deploy('web', 'tier: front', '        ports: [{containerPort: 9090, name: metrics}]\n'),
    'overlay/star.yaml': deploy('"*"', 'patched: "yes"'),
  });
  assert.deepEqual(
    m.workloads.map((w) => [w.id, w.podLabels, w.ports]),
    [['prod/web', { app: 'web', tier: 'front', patched: 'yes' }, [{ containerPort: 8080, protocol: 'TCP', name: 'http' }, { containerPort: 9090, protocol: 'TCP', name: 'metrics' }]]],
  );
  assert.deepEqual(m.workloads[0]?.placement?.[1]?.patchedBy, ['file:///repo/overlay/patch.yaml', 'file:///repo/overlay/star.yaml']);
});

test('a NetworkPolicy patch replaces ingress and merges podSelector labels; its rules point into the patch file', () => {
  const m = model({
    'kustomization.yaml': 'resources: [np.yaml]\npatches:\n- path: np-patch.yaml\n',
    'np.yaml': np('p', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {}}]\n'),
    'np-patch.yaml': np('p', '  podSelector: {matchLabels: {tier: front}}\n  ingress:\n  - ports: [{port: 443}]\n'),
  });
  const p = m.policies[0];
  assert.deepEqual(p?.podSelector.matchLabels, { app: 'web', tier: 'front' });
  assert.deepEqual(p?.ingress.map((r) => [r.peers, r.ports?.map((x) => x.port)]), [[undefined, [443]]]);
  assert.equal(p?.origin.kind === 'file' && p.origin.uri, 'file:///repo/np-patch.yaml');
});

test('$patch: delete in an overlay removes the object from that build only: a deleted default-deny no longer isolates', () => {
  const m = model({
    'base/kustomization.yaml': 'resources: [deny.yaml, web.yaml]\n',
    'base/deny.yaml': np('deny-all', '  podSelector: {}\n  policyTypes: [Ingress]\n'),
    'base/web.yaml': deploy('web'),
    'dev/kustomization.yaml': 'namespace: dev\nresources: [../base]\npatches:\n- path: drop.yaml\n',
    'dev/drop.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n$patch: delete\n',
    'prod/kustomization.yaml': 'namespace: prod\nresources: [../base]\n',
  });
  assert.deepEqual(m.policies.map((p) => `${p.namespace}/${p.name}`), ['prod/deny-all']);
  assert.deepEqual(m.workloads.map((w) => w.id).sort(), ['dev/web', 'prod/web']);
});

test('roots: a base used by two overlays exists in both namespaces and is not a root itself; components apply to the parent', () => {
  const m = model({
    'base/kustomization.yaml': 'namespace: base\nresources: [web.yaml]\n',
    'base/web.yaml': deploy('web'),
    'dev/kustomization.yaml': 'namespace: dev\nresources: [../base]\ncomponents: [../comp]\n',
    'prod/kustomization.yaml': 'namespace: prod\nresources: [../base]\n',
    'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels: {debug: "on"}\nresources: [extra.yaml]\n',
    'comp/extra.yaml': deploy('extra', 'app: extra'),
  });
  assert.deepEqual(m.workloads.map((w) => [w.id, w.podLabels]), [
    ['dev/web', { app: 'web', debug: 'on' }],
    ['dev/extra', { app: 'extra', debug: 'on' }],
    ['prod/web', { app: 'web' }],
  ]);
});

test('Flux Kustomization: spec.path built into targetNamespace with ${VAR} substituted; unknown variables are tolerated', () => {
  const flux = (name: string, path: string, ns: string, subst = '') =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  path: ${path}\n  targetNamespace: ${ns}\n${subst}`;
  const m = model({
    'clusters/main/apps.yaml': flux('media', './apps/media/app', '${NS}', '  postBuild:\n    substitute: {NS: media}\n') + '---\n' + flux('other', './apps/other', '${UNKNOWN}'),
    'apps/media/app/kustomization.yaml': 'resources: [web.yaml]\n',
    'apps/media/app/web.yaml': deploy('web'),
    'apps/other/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\n  namespace: mine\n',
  });
  assert.deepEqual(m.workloads.map((w) => w.id).sort(), ['media/web', 'mine/solo']);
  assert.deepEqual(m.kustomizeNotes?.get('file:///repo/clusters/main/apps.yaml')?.map((n) => n.message), [
    'targetNamespace "${UNKNOWN}" depends on a variable NetLens does not know: the objects keep their own namespaces.',
  ]);
});

test('unmodelled kustomize features are notes on the kustomization', () => {
  const m = model({
    'kustomization.yaml': 'resources:\n- https://github.com/org/repo//base?ref=v1\n- web.yaml\nhelmCharts:\n- name: x\nreplacements:\n- path: r.yaml\n',
    'web.yaml': deploy('web'),
    'r.yaml': 'source: {kind: Deployment}\n',
  });
  assert.deepEqual(m.kustomizeNotes?.get('file:///repo/kustomization.yaml')?.map((n) => n.message.split(':')[0]), [
    'Remote base "https',
    "Helm chart inflation (helmCharts) is not modelled",
    'replacements are not modelled',
  ]);
  assert.deepEqual(m.workloads.map((w) => w.id), ['default/web']);
});

test('identity: the same object in two files is one object with two origins; differing copies are listed', () => {
  const same = model({ 'manifests/web.yaml': deploy('web'), 'release/web.yaml': deploy('web') });
  assert.deepEqual(same.workloads.map((w) => [w.id, w.origins?.map((o) => (o.kind === 'file' ? o.uri : o.kind))]), [
    ['default/web', ['file:///repo/manifests/web.yaml', 'file:///repo/release/web.yaml']],
  ]);
  assert.equal(same.duplicates, undefined);
  const differ = model({ 'a/np.yaml': np('p', '  podSelector: {}\n'), 'b/np.yaml': np('p', '  podSelector: {matchLabels: {app: x}}\n') });
  assert.deepEqual(differ.policies.map((p) => p.podSelector.matchLabels), [{}]);
  assert.deepEqual(differ.duplicates?.map((d) => [d.kind, d.id, d.origins.map((o) => (o.kind === 'file' ? o.uri : ''))]), [
    ['NetworkPolicy', 'default/p', ['file:///repo/a/np.yaml', 'file:///repo/b/np.yaml']],
  ]);
});

test('hover on a workload or policy name says which kustomizations built it and how', async () => {
  const { hoverAt } = await import('../../../server/src/core/index.ts');
  const files = {
    'base/kustomization.yaml': 'resources: [web.yaml, np.yaml]\n',
    'base/web.yaml': deploy('web'),
    'base/np.yaml': np('deny', '  podSelector: {}\n'),
    'overlays/prod/kustomization.yaml': 'namespace: prod\nnamePrefix: p-\ncommonLabels: {team: a}\nresources: [../../base]\n',
  };
  const parsed = Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts));
  const m = buildModel(parsed, opts);
  const web = parsed.find((f) => f.uri.endsWith('web.yaml'))!;
  const at = web.text.indexOf('web');
  assert.equal(
    hoverAt(web, at, m)?.markdown,
    '**Built as `prod/p-web`** by `kustomization.yaml` (no change) → `../overlays/prod/kustomization.yaml`: namespace `prod`, name prefix `p-`, labels `team=a`.',
  );
  const npFile = parsed.find((f) => f.uri.endsWith('np.yaml'))!;
  assert.match(hoverAt(npFile, npFile.text.indexOf('deny'), m)?.markdown ?? '', /^\*\*Built as `prod\/p-deny`\*\* by `kustomization\.yaml` \(no change\) → `\.\.\/overlays\/prod\/kustomization\.yaml`: namespace `prod`/);
});

test('an Argo Rollout: commonLabels stay off its pod template and a patch replaces its containers (kustomize has no schema for it)', () => {
  const rollout = (labels: string, ports: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      containers:\n      - name: web\n        image: x\n${ports}`;
  const m = model({
    'kustomization.yaml': 'namespace: prod\ncommonLabels: {team: a}\nresources: [web.yaml]\npatches:\n- path: patch.yaml\n',
    'web.yaml': rollout('app: web', '        ports: [{containerPort: 8080, name: http}]\n'),
    'patch.yaml': rollout('tier: front', '        ports: [{containerPort: 9090, name: metrics}]\n'),
  });
  assert.deepEqual(
    m.workloads.map((w) => [w.kind, w.id, w.podLabels, w.ports]),
    [['Rollout', 'prod/web', { app: 'web', tier: 'front' }, [{ containerPort: 9090, protocol: 'TCP', name: 'metrics' }]]],
  );
});

test('a component two overlays use says what NetLens does not model once, not once per build', () => {
  const json6902 = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- target: {kind: Deployment}\n  patch: |\n    - op: add\n      path: /metadata/labels/x\n      value: y\n';
  const overlay = (ns: string) => `namespace: ${ns}\nresources: [../../base]\ncomponents: [../../components/label]\n`;
  const m = model({
    'base/kustomization.yaml': 'resources: [web.yaml]\n',
    'base/web.yaml': deploy('web'),
    'components/label/kustomization.yaml': json6902,
    'overlays/a/kustomization.yaml': overlay('a'),
    'overlays/b/kustomization.yaml': overlay('b'),
  });
  assert.deepEqual(m.workloads.map((w) => w.id).sort(), ['a/web', 'b/web']);
  assert.deepEqual(m.kustomizeNotes?.get('file:///repo/components/label/kustomization.yaml')?.map((n) => n.message), ['A JSON 6902 patch is not modelled: the objects it targets keep their unpatched fields.']);
});

test('a component no kustomization includes deploys nothing: its objects are left out, and its kustomization says so', () => {
  const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [policy.yaml]\n';
  const files = {
    'components/allow-fqdn/kustomization.yaml': component,
    'components/allow-fqdn/policy.yaml': np('fqdn', '  podSelector: {}\n  policyTypes: [Egress]\n'),
    'apps/shop/kustomization.yaml': 'namespace: shop\nresources: [web.yaml]\n',
    'apps/shop/web.yaml': deploy('web'),
  };
  const m = model(files);
  assert.deepEqual(m.policies.map((p) => p.id), []);
  const notes = m.kustomizeNotes?.get('file:///repo/components/allow-fqdn/kustomization.yaml');
  assert.deepEqual(notes?.map((n) => n.message), ['No kustomization includes this component, so nothing it lists is deployed: NetLens leaves its objects out of the analysis.']);
  assert.equal(files['components/allow-fqdn/kustomization.yaml'].slice(notes![0]!.span.start, notes![0]!.span.end), 'Component');
  // Included by an app, it adds its policy there, and says nothing.
  const used = model({ ...files, 'apps/shop/kustomization.yaml': 'namespace: shop\nresources: [web.yaml]\ncomponents: [../../components/allow-fqdn]\n' });
  assert.deepEqual(used.policies.map((p) => p.id), ['shop/fqdn']);
  assert.equal(used.kustomizeNotes?.get('file:///repo/components/allow-fqdn/kustomization.yaml'), undefined);
});
