// Strategic-merge directives inside workload and NetworkPolicy patches, as kustomize (kyaml merge2 with the
// Kubernetes schema) applies them: null deletes, `$patch: delete` / `replace` on maps, list elements and lists,
// containers merged by name and their ports by containerPort and protocol, NetworkPolicy lists replaced whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, reach, type Model } from '../../../server/src/core/index.ts';
import { ep } from '../connectivity/harness.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const model = (files: Record<string, string>): Model => buildModel(Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts)), opts);
const overlay = (base: string, patch: string, extra = '') => ({
  'base/kustomization.yaml': 'resources: [obj.yaml]\n',
  'base/obj.yaml': base,
  'prod/kustomization.yaml': `namespace: prod\nresources: [../base]\npatches:\n- path: patch.yaml\n${extra}`,
  'prod/patch.yaml': patch,
});

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {app: web, tier: front, canary: "yes"}
    spec:
      hostNetwork: true
      serviceAccountName: web
      containers:
      - name: web
        image: x
        ports:
        - {containerPort: 8080, name: http}
        - {containerPort: 53, protocol: UDP, name: dns}
      - name: sidecar
        image: y
        ports: [{containerPort: 9090, name: metrics}]
`;
const patchOf = (template: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n${template}`;
const ports = (m: Model) => m.workloads.map((w) => w.ports.map((p) => `${p.containerPort}/${p.protocol}${p.name ? ` ${p.name}` : ''}`));

test('workload: null deletes a pod label, $patch: delete drops a container with its ports, a port without protocol merges into its TCP entry', () => {
  const m = model(
    overlay(
      WEB,
      patchOf(`    metadata:
      labels: {canary: null, track: stable}
    spec:
      hostNetwork: false
      serviceAccountName: web-prod
      containers:
      - name: sidecar
        $patch: delete
      - name: web
        ports:
        - {containerPort: 8080, name: web}
`),
    ),
  );
  assert.deepEqual(m.workloads.map((w) => [w.id, w.podLabels, w.hostNetwork ?? false, w.serviceAccountName]), [['prod/web', { app: 'web', tier: 'front', track: 'stable' }, false, 'web-prod']]);
  assert.deepEqual(ports(m), [['8080/TCP web', '53/UDP dns']]);
});

test('workload: $patch: replace on the labels map and on a ports list keeps only what the patch writes; a new container adds its ports', () => {
  const m = model(
    overlay(
      WEB,
      patchOf(`    metadata:
      labels: {$patch: replace, app: web-v2}
    spec:
      containers:
      - name: web
        ports:
        - $patch: replace
        - {containerPort: 8443, name: https}
      - name: proxy
        image: z
        ports: [{containerPort: 15001, name: proxy, protocol: TCP}]
`),
    ),
  );
  assert.deepEqual(m.workloads[0]?.podLabels, { app: 'web-v2' });
  assert.deepEqual(ports(m), [['8443/TCP https', '9090/TCP metrics', '15001/TCP proxy']]);
});

test('workload: a port element with $patch: delete removes that port only (keyed by containerPort and protocol); labels: null clears them', () => {
  const m = model(
    overlay(
      WEB,
      patchOf(`    metadata:
      labels: null
    spec:
      containers:
      - name: web
        ports:
        - {containerPort: 53, protocol: UDP, $patch: delete}
`),
    ),
  );
  assert.deepEqual(m.workloads[0]?.podLabels, {});
  assert.deepEqual(ports(m), [['8080/TCP http', '9090/TCP metrics']]);
});

const np = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n${spec}`;
const BASE_NP = np('  podSelector: {matchLabels: {app: web, tier: front}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n');

test('NetworkPolicy: null deletes a matchLabels key and the ingress list; policyTypes defaults from the merged egress', () => {
  const m = model(overlay(BASE_NP, np('  podSelector: {matchLabels: {tier: null}}\n  ingress: null\n  egress:\n  - to: [{podSelector: {}}]\n')));
  const p = m.policies[0]!;
  assert.deepEqual(p.podSelector.matchLabels, { app: 'web' });
  assert.equal(p.podSelector.invalid, undefined);
  assert.deepEqual([p.ingress.length, p.egress.length, p.policyTypes, p.policyTypesExplicit], [0, 1, ['ingress', 'egress'], false]);
  assert.equal(p.origin.kind === 'file' && p.origin.uri, 'file:///repo/prod/patch.yaml');
});

test('NetworkPolicy: $patch: replace on spec keeps only what the patch writes (the base ingress rule is gone: deny)', () => {
  const files = {
    ...overlay(BASE_NP, np('  $patch: replace\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n')),
    'base/kustomization.yaml': 'resources: [obj.yaml, pods.yaml]\n',
    'base/pods.yaml': `${WEB}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: a, image: x}]}\n`,
  };
  const m = model(files);
  const p = m.policies[0]!;
  assert.deepEqual([p.podSelector.matchLabels, p.ingress, p.policyTypes, p.policyTypesExplicit], [{ app: 'web' }, [], ['ingress'], true]);
  const v = reach(m, { from: ep(m, 'prod/api'), to: ep(m, 'prod/web'), port: 8080, protocol: 'TCP' });
  assert.deepEqual([v.allowed, v.ingress.isolatedBy.map((x) => x.policy)], [false, ['prod/p']]);
});

test('NetworkPolicy: podSelector $patch: delete selects every pod; matchLabels $patch: replace swaps the labels', () => {
  const all = model(overlay(BASE_NP, np('  podSelector: {$patch: delete}\n'))).policies[0]!;
  assert.deepEqual([all.podSelector.matchLabels, all.podSelector.matchExpressions, all.ingress.length], [{}, [], 1]);
  const swapped = model(overlay(BASE_NP, np('  podSelector:\n    matchLabels: {$patch: replace, role: db}\n'))).policies[0]!;
  assert.deepEqual(swapped.podSelector.matchLabels, { role: 'db' });
  assert.equal(swapped.ingress[0]?.peers?.[0]?.podSelector?.matchLabels.app, 'api', 'ingress untouched by a podSelector-only patch');
});

test('labels with selectors land on the matchLabels that exist after the patches (create: false), not on the patch file alone', () => {
  const extra = 'labels:\n- pairs: {env: prod}\n  includeSelectors: true\n';
  const kept = model(overlay(BASE_NP, np('  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}, {namespaceSelector: {}}]\n'), extra)).policies[0]!;
  assert.deepEqual(kept.podSelector.matchLabels, { app: 'web', tier: 'front', env: 'prod' }, 'the base matchLabels survive an ingress-only patch');
  assert.deepEqual(kept.ingress[0]?.peers?.map((x) => x.podSelector?.matchLabels), [{ app: 'api', env: 'prod' }, undefined]);
  const dropped = model(overlay(BASE_NP, np('  podSelector: {matchLabels: null}\n'), extra)).policies[0]!;
  assert.deepEqual(dropped.podSelector.matchLabels, {}, 'no matchLabels left: the label transformer does not create one');
});
