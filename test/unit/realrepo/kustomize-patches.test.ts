// kustomize patches as `kustomize build` applies them, beyond workloads and NetworkPolicy files: a patch target picks
// its objects (the patch's own name ignored), Namespaces, Services and Cilium policies take their patches, labels
// transformers run in kustomize's order, and a patch file's findings leave out what a partial object lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, reach, resolveEndpoint, workspaceResults, type Model } from '../../../server/src/core/index.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const parse = (files: Record<string, string>) => Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts));
const model = (files: Record<string, string>): Model => buildModel(parse(files), opts);
const deploy = (name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports: [{containerPort: 80}]\n`;
const APPS = `${deploy('web', 'app: web')}---\n${deploy('cli', 'app: cli')}`;
const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
function allowed(m: Model, from: string, to: string): boolean {
  const f = resolveEndpoint(m, from);
  const t = resolveEndpoint(m, to);
  if (!f.ok || !t.ok) throw new Error(`unknown workload: ${from} or ${to}`);
  return reach(m, { from: f.endpoint, to: t.endpoint, port: 80, protocol: 'TCP' }).allowed;
}

test('a patch target without a name patches every object of its kind; the name written in the patch is ignored', () => {
  const deny = '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n';
  const files = {
    'base/kustomization.yaml': 'namespace: shop\nresources: [app.yaml, np.yaml]\n',
    'base/app.yaml': APPS,
    'base/np.yaml': `${np('a', deny)}---\n${np('b', deny)}`,
    'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: np-patch.yaml\n  target: {kind: NetworkPolicy}\n',
    'overlay/np-patch.yaml': np('placeholder', '  podSelector: {matchLabels: {app: other}}\n'),
  };
  const m = model(files);
  assert.deepEqual(m.policies.map((p) => [p.name, p.podSelector.matchLabels]), [['a', { app: 'other' }], ['b', { app: 'other' }]]);
  assert.equal(allowed(m, 'shop/cli', 'shop/web'), true);
  assert.deepEqual([...(m.kustomizeNotes?.values() ?? [])].flat(), []);
  // A target naming one of them patches that one only.
  const one = model({ ...files, 'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: np-patch.yaml\n  target: {kind: NetworkPolicy, name: b}\n' });
  assert.deepEqual(one.policies.map((p) => [p.name, p.podSelector.matchLabels]), [['a', { app: 'web' }], ['b', { app: 'other' }]]);
  // A target that matches nothing says so in its own words.
  const none = model({ ...files, 'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: np-patch.yaml\n  target: {kind: NetworkPolicy, name: zzz}\n' });
  assert.deepEqual([...(none.kustomizeNotes?.values() ?? [])].flat().map((n) => n.message), ['The patch target (NetworkPolicy, name "zzz") matches no object of this build; it is not applied.']);
});

test('a Namespace patch labels the namespace a namespaceSelector picks; null deletes a label', () => {
  const ns = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {${labels}}\n`;
  const files = {
    'base/kustomization.yaml': 'resources: [ns.yaml, app.yaml, np.yaml]\n',
    'base/ns.yaml': `${ns('client', 'team: a')}---\n${ns('server', 'team: b')}`,
    'base/app.yaml': `${deploy('web', 'app: web').replace('name: web', 'name: web\n  namespace: server')}---\n${deploy('cli', 'app: cli').replace('name: cli', 'name: cli\n  namespace: client')}`,
    'base/np.yaml': np('allow-trusted', '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {trusted: "yes"}}\n').replace('name: allow-trusted', 'name: allow-trusted\n  namespace: server'),
    'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: ns-patch.yaml\n',
    'overlay/ns-patch.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: client\n  labels: {trusted: "yes", team: null}\n',
  };
  const m = model(files);
  assert.deepEqual(m.namespaces.get('client')?.labels, { trusted: 'yes', 'kubernetes.io/metadata.name': 'client' });
  assert.equal(allowed(m, 'client/cli', 'server/web'), true);
});

test('a Service patch merges its selector (null deletes a key) and its ports by port and protocol', () => {
  const m = model({
    'base/kustomization.yaml': 'namespace: shop\nresources: [svc.yaml]\n',
    'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector: {app: nothing, tier: x}\n  ports:\n  - {port: 80, targetPort: 8080}\n  - {port: 443}\n',
    'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: svc-patch.yaml\n',
    'overlay/svc-patch.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web, tier: null}\n  ports:\n  - {port: 80, targetPort: 9090}\n',
  });
  const s = m.services.find((x) => x.name === 'web');
  assert.deepEqual(s?.selector, { app: 'web' });
  assert.deepEqual(s?.ports.map((p) => [p.port, p.targetPort]), [[80, 9090], [443, 443]]);
  assert.equal(s?.origin.kind === 'file' && s.origin.uri, 'file:///repo/base/svc.yaml');
});

test('a Cilium policy takes its patches (maps merge, lists replaced) and the build\'s name', () => {
  const files = {
    'base/kustomization.yaml': 'namespace: shop\nnamePrefix: p-\nresources: [app.yaml, cnp.yaml]\n',
    'base/app.yaml': APPS,
    'base/cnp.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web-in\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: nobody}}]\n',
    'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: cnp-patch.yaml\n',
    'overlay/cnp-patch.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web-in\nspec:\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: cli}}]\n',
  };
  const m = model(files);
  assert.deepEqual(m.policyIR.map((p) => p.id), ['shop/p-web-in']);
  assert.equal(allowed(m, 'shop/p-cli', 'shop/p-web'), true);
  // Without the patch the base rule stands: only app=nobody may enter.
  const base = model({ ...files, 'overlay/kustomization.yaml': 'resources: [../base]\n' });
  assert.equal(allowed(base, 'shop/p-cli', 'shop/p-web'), false);
});

test('labels entries run before commonLabels, so commonLabels wins a key both set', () => {
  const m = model({
    'kustomization.yaml': 'labels:\n- pairs: {tier: fe}\n  includeTemplates: true\ncommonLabels: {tier: be}\nresources: [app.yaml]\n',
    'app.yaml': deploy('web', 'app: web'),
  });
  assert.deepEqual(m.workloads[0]?.podLabels, { app: 'web', tier: 'be' });
});

test('labels[].fields is a note: the labels go only where kustomize puts them by default', () => {
  const m = model({
    'kustomization.yaml': 'labels:\n- pairs: {tier: fe}\n  fields:\n  - {path: spec/template/metadata/labels, kind: Deployment, create: true}\nresources: [app.yaml]\n',
    'app.yaml': deploy('web', 'app: web'),
  });
  assert.deepEqual(m.workloads[0]?.podLabels, { app: 'web' });
  const notes = m.kustomizeNotes?.get('file:///repo/kustomization.yaml') ?? [];
  assert.deepEqual(notes.map((n) => n.message), ['Custom field specs (labels[].fields) are not modelled: these labels are placed only where kustomize puts them by default (metadata, and pod templates and selectors as includeTemplates/includeSelectors say).']);
});

test('a patch file is a partial object: no finding about what it lacks; the same text outside a build keeps them', () => {
  const files = {
    'base/kustomization.yaml': 'namespace: shop\nresources: [app.yaml, cnp.yaml, np.yaml]\n',
    'base/app.yaml': APPS,
    'base/cnp.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web-in\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: cli}}]\n',
    'base/np.yaml': np('a', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n'),
    'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n- path: cnp-patch.yaml\n- path: cnp-labels.yaml\n- path: np-patch.yaml\n',
    'overlay/cnp-patch.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web-in}\nspec:\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: cli}}]\n',
    'overlay/cnp-labels.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web-in\n  labels: {team: a}\n',
    'overlay/np-patch.yaml': np('a', '  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: cli}}\n'),
  };
  const codes = (r: ReturnType<typeof workspaceResults>, uri: string) => (r.findings.get(`file:///repo/${uri}`) ?? []).map((f) => f.code);
  const r = workspaceResults(parse(files), opts);
  for (const f of ['overlay/cnp-patch.yaml', 'overlay/cnp-labels.yaml', 'overlay/np-patch.yaml']) assert.deepEqual(codes(r, f), [], f);
  // Outside any build the same files are objects of their own, and what they lack is reported.
  const loose = workspaceResults(parse({ 'cnp-patch.yaml': files['overlay/cnp-patch.yaml'], 'cnp-labels.yaml': files['overlay/cnp-labels.yaml'], 'np-patch.yaml': files['overlay/np-patch.yaml'] }), opts);
  assert.deepEqual(codes(loose, 'cnp-patch.yaml'), ['cilium-subject']);
  assert.deepEqual(codes(loose, 'cnp-labels.yaml'), ['cilium-empty-policy']);
  assert.deepEqual(codes(loose, 'np-patch.yaml'), ['empty-policy']);
  // What a patch writes is still judged: an invalid CIDR in a patch is an error there.
  const bad = workspaceResults(parse({ ...files, 'overlay/np-patch.yaml': np('a', '  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n') }), opts);
  assert.deepEqual(codes(bad, 'overlay/np-patch.yaml'), ['invalid-cidr']);
});

test('an inline NetworkPolicy patch is applied; the policy keeps the base\'s place, what the patch writes has none', () => {
  const kust = 'resources: [../base]\npatches:\n- target: {kind: NetworkPolicy, name: a}\n  patch: |-\n    apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: a}\n    spec:\n      ingress:\n      - from:\n        - podSelector: {matchLabels: {app: cli}}\n';
  const m = model({
    'base/kustomization.yaml': 'namespace: shop\nresources: [app.yaml, np.yaml]\n',
    'base/app.yaml': APPS,
    'base/np.yaml': np('a', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n'),
    'overlay/kustomization.yaml': kust,
  });
  assert.equal(allowed(m, 'shop/cli', 'shop/web'), true);
  const p = m.policies[0]!;
  // The rules look the policy's object up through its origin: it stays the base's (in the base file).
  assert.equal(p.origin.kind === 'file' && p.origin.uri, 'file:///repo/base/np.yaml');
  assert.equal(p.ingress[0]?.span, undefined);
  assert.equal(p.ingress[0]?.peers?.[0]?.podSelector?.span, undefined);
  // The base's podSelector is kept, with its place in the base file.
  assert.equal(p.podSelector.span?.start, np('a', '').length + 2 + 'podSelector: '.length);
});

test('an inline patch that changes only the podSelector keeps the base policy\'s findings (a missing DNS rule)', () => {
  const base = np('web', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n  egress:\n  - to:\n    - podSelector: {matchLabels: {app: cli}}\n');
  const files = {
    'base/kustomization.yaml': 'resources: [app.yaml, np.yaml]\n',
    'base/app.yaml': APPS,
    'base/np.yaml': base,
    'overlay/kustomization.yaml': 'namespace: shop\nresources: [../base]\npatches:\n- target: {kind: NetworkPolicy, name: web}\n  patch: |-\n    apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: web}\n    spec:\n      podSelector:\n        matchLabels: {app: cli}\n',
  };
  // With the default settings' cluster DNS (kube-system/kube-dns).
  const r = workspaceResults(Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, DEFAULT_OPTIONS)), DEFAULT_OPTIONS);
  const dns = [...r.findings.values()].flat().filter((f) => f.code === 'missing-dns-egress');
  assert.deepEqual(dns.map((f) => [f.uri, base.slice(f.span.start, f.span.end)]), [['file:///repo/base/np.yaml', 'egress']]);
});

test('Flux Kustomization: namePrefix/nameSuffix, inline patches, components and commonMetadata labels are built; substitutions in objects are a note', () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
  const flux = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: shop, namespace: flux-system}
spec:
  path: ./apps/shop
  targetNamespace: shop
  namePrefix: x-
  components: [../../components/extra]
  commonMetadata:
    labels: {trusted: "yes"}
  postBuild:
    substitute: {CLIENT: cli}
  patches:
  - target: {kind: NetworkPolicy}
    patch: |
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: any}
      spec:
        ingress:
        - from:
          - podSelector: {matchLabels: {app: "\${CLIENT}"}}
`;
  const m = model({
    'clusters/prod/shop.yaml': flux,
    'apps/shop/app.yaml': APPS,
    'apps/shop/ns.yaml': ns,
    'apps/shop/np.yaml': np('a', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n'),
    'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [extra.yaml]\n',
    'components/extra/extra.yaml': deploy('extra', 'app: extra'),
  });
  assert.deepEqual(m.workloads.map((w) => w.id).sort(), ['shop/x-cli', 'shop/x-extra', 'shop/x-web']);
  assert.deepEqual(m.namespaces.get('shop')?.labels, { trusted: 'yes', 'kubernetes.io/metadata.name': 'shop' });
  // commonMetadata reaches metadata only: pod labels stay as written.
  assert.deepEqual(m.workloads.find((w) => w.name === 'x-web')?.podLabels, { app: 'web' });
  const p = m.policies.find((x) => x.name === 'x-a');
  assert.deepEqual(p?.ingress[0]?.peers?.[0]?.podSelector?.matchLabels, { app: '${CLIENT}' });
  assert.deepEqual(m.kustomizeNotes?.get('file:///repo/clusters/prod/shop.yaml')?.map((n) => n.message), [
    'postBuild.substitute is not applied to the objects this Kustomization builds: NetLens reads them as written, `${...}` included (a label, selector or hostname holding a variable keeps its written form).',
  ]);
});

test('a manifest beside a kustomization that does not list it is never deployed: out of the model, with a notice on it', () => {
  const files = {
    'app/kustomization.yaml': 'namespace: shop\nresources: [app.yaml]\n',
    'app/app.yaml': APPS,
    'app/old-np.yaml': np('deny-all', '  podSelector: {}\n').replace('name: deny-all', 'name: deny-all\n  namespace: shop'),
    // A subfolder without a kustomization may be applied by another route (a Flux or Argo CD path): kept.
    'app/extra/np.yaml': np('extra', '  podSelector: {matchLabels: {app: other}}\n'),
  };
  const m = model(files);
  assert.deepEqual(m.policies.map((p) => p.id), ['default/extra']);
  assert.equal(allowed(m, 'shop/cli', 'shop/web'), true);
  const r = workspaceResults(parse(files), opts);
  const seen = (r.findings.get('file:///repo/app/old-np.yaml') ?? []).filter((f) => f.code === 'not-in-kustomization');
  assert.deepEqual(seen.map((f) => [f.span, f.related?.map((x) => x.uri)]), [[{ start: 0, end: 'apiVersion: networking.k8s.io/v1'.length }, ['file:///repo/app/kustomization.yaml']]]);
  // Listed, the same file isolates web.
  const listed = model({ ...files, 'app/kustomization.yaml': 'namespace: shop\nresources: [app.yaml, old-np.yaml]\n' });
  assert.equal(allowed(listed, 'shop/cli', 'shop/web'), false);
  assert.equal(listed.kustomizeUnlisted, undefined);
});

test('generator inputs and plugin configurations beside a kustomization are read by it, not unlisted objects', () => {
  // A generator's input file (no plugin in the kustomization, so only the nonObjects list keeps it out), beside an
  // object the kustomization really leaves out: only that one is unlisted.
  const files = {
    'app/kustomization.yaml': 'resources: [app.yaml]\nconfigMapGenerator:\n- name: cfg\n  files: [conf=settings.yaml]\n',
    'app/app.yaml': APPS,
    'app/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: inner}\n',
    'app/stray.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stray}\n',
  };
  assert.deepEqual([...(model(files).kustomizeUnlisted?.keys() ?? [])], ['file:///repo/app/stray.yaml']);
  const r = workspaceResults(parse(files), opts);
  assert.deepEqual([...r.findings.values()].flat().filter((f) => f.code === 'not-in-kustomization').map((f) => f.uri), ['file:///repo/app/stray.yaml']);
  // A transformer plugin's configuration: read by the kustomization (and the folder is then not judged at all).
  const plugin = model({ ...files, 'app/kustomization.yaml': 'resources: [app.yaml]\ntransformers: [labels.yaml]\n', 'app/labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: x}\nlabels: {a: b}\n' });
  assert.equal(plugin.kustomizeUnlisted, undefined);
  // haraldkoch/kochhaus-home: an inline LabelTransformer of kustomize's own reads no file: the stray manifest (a
  // policy file commented out of `resources`) is still never deployed. Inline ones that name a file are not judged.
  const inline = (config: string) => model({ ...files, 'app/kustomization.yaml': `resources: [app.yaml]\nconfigMapGenerator:\n- name: cfg\n  files: [conf=settings.yaml]\ntransformers:\n  - |-\n${config.replace(/^/gm, '    ')}\n` }).kustomizeUnlisted;
  const labels = 'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: not-used\nlabels:\n  routed-gateway: "true"\nfieldSpecs:\n  - kind: Namespace\n    path: metadata/labels\n    create: true';
  assert.deepEqual([...(inline(labels) ?? new Map()).keys()], ['file:///repo/app/stray.yaml']);
  assert.deepEqual([...(inline('apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npatch: |-\n  - op: add\n    path: /metadata/labels/a\n    value: b\ntarget:\n  kind: Deployment') ?? new Map()).keys()], ['file:///repo/app/stray.yaml']);
  // A patch transformer's `path:` is a file; a function is not builtin.
  assert.equal(inline('apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\npath: settings.yaml'), undefined);
  assert.equal(inline('apiVersion: example.com/v1\nkind: Mutator\nmetadata:\n  name: m'), undefined);
});

test('a patch target matches group and version too, and its fields as anchored regular expressions', () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
  const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: any\n  labels: {trusted: "yes"}\n';
  const files = (target: string) => ({
    'base/kustomization.yaml': 'resources: [ns.yaml, app.yaml]\n',
    'base/ns.yaml': ns,
    'base/app.yaml': APPS,
    'overlay/kustomization.yaml': `resources: [../base]\npatches:\n- path: p.yaml\n  target: ${target}\n`,
    'overlay/p.yaml': patch,
  });
  // group/version without a kind: the Deployments, not the Namespace (core group, v1).
  const m = model(files('{group: apps, version: v1}'));
  assert.deepEqual(m.namespaces.get('shop')?.labels, { 'kubernetes.io/metadata.name': 'shop' });
  // A kind and a name as patterns: `Deploy.*` and `w.b` pick web only.
  const n = model(files('{kind: "Deploy.*", name: "w.b"}'));
  assert.deepEqual(n.kustomizeNotes, undefined);
  const o = model(files('{kind: Deploy, name: web}'));
  assert.deepEqual([...(o.kustomizeNotes?.values() ?? [])].flat().map((x) => x.message), ['The patch target (Deploy, name "web") matches no object of this build; it is not applied.']);
});

test('not judged as unlisted: a Component\'s folder, a kustomization with plugins, files holding Flux Kustomizations', () => {
  const deny = np('deny', '  podSelector: {}\n');
  const m = model({
    // A component no kustomization of the workspace includes (an Argo CD application may): its files stay objects.
    'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [np.yaml]\n',
    'comp/np.yaml': deny,
    'comp/other.yaml': deny.replace('name: deny', 'name: other'),
    // A generator plugin may read files it does not list (a SOPS Secret).
    'sops/kustomization.yaml': 'generators: [secret-generator.yaml]\nresources: [app.yaml]\n',
    'sops/app.yaml': deploy('x', 'app: x'),
    'sops/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n',
    'sops/secret-generator.yaml': 'apiVersion: viaduct.ai/v1\nkind: ksops\nmetadata: {name: g}\nfiles: [secret.yaml]\n',
    // A Flux Kustomization beside a kustomization that does not list it builds its path anyway here.
    'clusters/kustomization.yaml': 'resources: []\n',
    'clusters/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps\n',
    'apps/app.yaml': deploy('y', 'app: y'),
  });
  assert.deepEqual(m.kustomizeUnlisted, undefined);
  // The component's own file is deployed only by a kustomization that includes it (none here); the file beside it
  // that it does not list is a plain manifest.
  assert.deepEqual(m.policies.map((p) => p.name).sort(), ['other']);
});

test('a Flux Kustomization edits the folder\'s own kustomization: its namePrefix replaces the folder\'s, its components join it', () => {
  const m = model({
    'clusters/prod/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps/shop\n  namePrefix: flux-\n  components: [../../components/lock]\n',
    'apps/shop/kustomization.yaml': 'namespace: shop\nnamePrefix: app-\nresources: [app.yaml]\n',
    'apps/shop/app.yaml': APPS,
    'components/lock/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deny.yaml]\n',
    'components/lock/deny.yaml': np('deny', '  podSelector: {}\n'),
  });
  assert.deepEqual(m.workloads.map((w) => w.id).sort(), ['shop/flux-cli', 'shop/flux-web']);
  // The component's policy takes the folder's namespace, as the folder's own component would.
  assert.deepEqual(m.policies.map((p) => p.id), ['shop/flux-deny']);
  assert.equal(allowed(m, 'shop/flux-cli', 'shop/flux-web'), false);
});
