// Workspace model: object families, namespaces (declared, implied, settings), List items, templates, malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, type Options } from '../../../server/src/core/index.ts';

const opts = DEFAULT_OPTIONS;
const parse = (uri: string, text: string) => parseFile(uri, text, opts);
const model = (files: [string, string][], o: Options = opts) => buildModel(files.map(([u, t]) => parse(u, t)), o);

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: backend}}
    spec:
      serviceAccountName: api-sa
      initContainers:
        - name: init
          ports: [{containerPort: 9999, name: init-port}]
      containers:
        - name: api
          ports:
            - {containerPort: 8080, name: http}
            - {containerPort: 5353, name: dns, protocol: UDP}
            - {containerPort: 7000, protocol: tcp}
        - name: side
          ports: [{containerPort: 9090, name: metrics, protocol: SCTP}]
`;

test('Deployment: pod template labels, container ports (init containers and bad protocols left out)', () => {
  const m = model([['file:///r/d.yaml', DEPLOY]]);
  const api = m.workloads.find((w) => w.name === 'api');
  assert.ok(api);
  assert.equal(api.id, 'shop/api');
  assert.equal(api.kind, 'Deployment');
  assert.deepEqual(api.podLabels, { app: 'api', tier: 'backend' });
  assert.deepEqual(api.ports, [
    { containerPort: 8080, protocol: 'TCP', name: 'http' },
    { containerPort: 5353, protocol: 'UDP', name: 'dns' },
    { containerPort: 9090, protocol: 'SCTP', name: 'metrics' },
  ]);
  assert.equal(api.serviceAccountName, 'api-sa');
  assert.deepEqual(api.origin.kind === 'file' && api.origin.nameSpan && DEPLOY.slice(api.origin.nameSpan.start, api.origin.nameSpan.end), 'api');
});

test('every workload kind, bare Pods, CronJob job template; kube-dns from settings', () => {
  const text = [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: "1"}}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}',
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {template: {metadata: {labels: {a: s}}, spec: {containers: []}}}',
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec: {template: {metadata: {labels: {a: d}}}}',
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec: {template: {metadata: {labels: {a: r}}}}',
    'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {metadata: {labels: {a: j}}}}',
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec: {jobTemplate: {spec: {template: {metadata: {labels: {a: cj}}, spec: {hostNetwork: true}}}}}',
    'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: notours}\nspec: {template: {metadata: {labels: {a: x}}}}',
    // Argo Rollouts: a Rollout with its own pod template; one naming a Deployment (workloadRef) has none.
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: ro}\nspec: {strategy: {canary: {}}, template: {metadata: {labels: {a: ro}}, spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}}}',
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: ref}\nspec: {workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}}',
  ].join('\n---\n');
  const m = model([['file:///r/all.yaml', text]]);
  assert.deepEqual(
    m.workloads.map((w) => [w.kind, w.id, w.podLabels.a ?? null]),
    [
      ['Pod', 'default/p', '1'],
      ['StatefulSet', 'default/s', 's'],
      ['DaemonSet', 'default/d', 'd'],
      ['ReplicaSet', 'default/r', 'r'],
      ['Job', 'default/j', 'j'],
      ['CronJob', 'default/cj', 'cj'],
      ['Rollout', 'default/ro', 'ro'],
      ['ClusterWorkload', 'kube-system/kube-dns', null],
    ],
  );
  assert.equal(m.workloads.find((w) => w.name === 'cj')?.hostNetwork, true);
  assert.deepEqual(m.workloads.find((w) => w.name === 'p')?.ports, [{ containerPort: 80, protocol: 'TCP' }]);
  assert.deepEqual(m.workloads.find((w) => w.name === 'ro')?.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
  const dns = m.workloads.find((w) => w.kind === 'ClusterWorkload');
  assert.deepEqual(dns?.podLabels, { 'k8s-app': 'kube-dns' });
  assert.deepEqual(m.namespaces.get('kube-system'), { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' }, origin: { kind: 'implied' } });
});

test('namespaces: declared labels plus the name label (which cannot be overridden), settings, implied', () => {
  const o: Options = { ...opts, clusterNamespaces: [{ name: 'ingress-nginx', labels: { team: 'edge' } }], clusterWorkloads: [] };
  const m = model(
    [
      ['file:///r/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {env: prod, kubernetes.io/metadata.name: wrong}\n'],
      ['file:///r/np.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: other}\nspec: {podSelector: {}}\n'],
    ],
    o,
  );
  assert.deepEqual(m.namespaces.get('shop')?.labels, { env: 'prod', 'kubernetes.io/metadata.name': 'shop' });
  assert.equal(m.namespaces.get('shop')?.origin.kind, 'file');
  assert.deepEqual(m.namespaces.get('ingress-nginx'), { name: 'ingress-nginx', labels: { team: 'edge', 'kubernetes.io/metadata.name': 'ingress-nginx' }, origin: { kind: 'settings' } });
  assert.equal(m.namespaces.get('other')?.origin.kind, 'implied');
  assert.deepEqual([...m.namespaces.keys()].sort(), ['ingress-nginx', 'other', 'shop']);
});

test('kind: List items are objects; defaultNamespace applies', () => {
  const m = model([['file:///r/l.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s1}\n  spec: {selector: {app: a}, ports: [{port: 80, targetPort: http}, {port: 53, protocol: UDP}]}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p1}\n']], { ...opts, defaultNamespace: 'dev', clusterWorkloads: [] });
  assert.deepEqual(m.services.map((s) => [s.id, s.selector, s.ports]), [
    ['dev/s1', { app: 'a' }, [{ port: 80, protocol: 'TCP', targetPort: 'http' }, { port: 53, protocol: 'UDP', targetPort: 53 }]],
  ]);
  assert.deepEqual(m.workloads.map((w) => [w.id, w.origin.kind === 'file' ? w.origin.listIndex : -1]), [['dev/p1', 1]]);
});

test('templated (Helm) files contribute no objects; Flux substitution files do', () => {
  const m = model(
    [
      ['file:///r/helm.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n'],
      ['file:///r/flux.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: ${NS}\n'],
    ],
    { ...opts, clusterWorkloads: [] },
  );
  assert.deepEqual(m.workloads.map((w) => w.id), ['${NS}/web']);
});

test('malformed objects are skipped or kept partially, never throw', () => {
  const texts = [
    'kind: Deployment\napiVersion: apps/v1\nmetadata: {name: nospec}\n',
    'kind: Deployment\napiVersion: apps/v1\nmetadata: [1]\n',
    'kind: Pod\napiVersion: v1\nmetadata: {name: weird, labels: [a, b]}\nspec: {containers: {a: 1}}\n',
    'kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: np}\nspec: "text"\n',
    'kind: Service\napiVersion: v1\nmetadata: {name: svc}\nspec: {ports: [null, {port: abc}, {port: 80, protocol: ICMP}]}\n',
    '- just\n- a list\n',
    '',
  ];
  const m = model(texts.map((t, i) => [`file:///r/m${i}.yaml`, t]), { ...opts, clusterWorkloads: [] });
  assert.deepEqual(m.workloads.map((w) => [w.id, w.podLabels, w.ports]), [['default/weird', {}, []]]);
  assert.deepEqual(m.policies, []);
  assert.deepEqual(m.services.map((s) => [s.id, s.ports]), [['default/svc', []]]);
});

test('a repository workload with the same namespace/name as a cluster workload replaces it', () => {
  const m = model([['file:///r/dns.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: kube-dns, namespace: kube-system}\nspec: {template: {metadata: {labels: {k8s-app: kube-dns, mine: "yes"}}}}\n']]);
  assert.deepEqual(m.workloads.map((w) => [w.kind, w.id, w.podLabels.mine ?? null]), [['Deployment', 'kube-system/kube-dns', 'yes']]);
});
