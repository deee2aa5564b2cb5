// Completion in CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy: CRD keys, entities, k8s: namespace keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt, type CompletionEntry } from '../../../server/src/core/index.ts';
import { workspace } from '../hover/fixture.ts';

const head = (kind = 'CiliumNetworkPolicy') => `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: a\n  namespace: shop\n`;

function complete(marked: string): { items: CompletionEntry[]; at: number } {
  const at = marked.indexOf('|');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const { file, model } = workspace(text);
  return { items: completeAt(file, at, model, { defaultNamespace: 'shop' }), at };
}
const labels = (items: CompletionEntry[]) => items.map((i) => i.label);

test('keys of a spec and of an egress rule come from the CRD schema', () => {
  const spec = labels(complete(`${head()}spec:\n  endpointSelector: {}\n  |\n`).items);
  for (const k of ['ingress', 'ingressDeny', 'egress', 'egressDeny', 'nodeSelector', 'description', 'enableDefaultDeny']) assert.ok(spec.includes(k), k);
  assert.ok(!spec.includes('endpointSelector'));
  const { items, at } = complete(`${head()}spec:\n  endpointSelector: {}\n  egress:\n  - toP|\n`);
  assert.ok(labels(items).includes('toPorts'));
  assert.ok(labels(items).includes('toFQDNs'));
  assert.deepEqual(items.find((i) => i.label === 'toPorts')?.span, { start: at - 3, end: at });
});

test('entities are offered with a plain explanation', () => {
  const { items } = complete(`${head()}spec:\n  endpointSelector: {}\n  egress:\n  - toEntities:\n    - |\n`);
  assert.deepEqual(labels(items).slice(0, 3), ['all', 'world', 'cluster']);
  assert.ok(labels(items).includes('kube-apiserver'));
  assert.equal(items.find((i) => i.label === 'world')?.documentation, 'Everything outside the cluster (any address not in the cluster), including the internet.');
});

test('endpoint selector labels: the k8s: namespace key (and namespace labels in a CCNP), namespaces as values', () => {
  const cnp = complete(`${head()}spec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        |\n`).items;
  assert.deepEqual(labels(cnp), ['k8s:io.kubernetes.pod.namespace']);
  assert.equal(cnp[0]?.insertText, 'k8s:io.kubernetes.pod.namespace: $0');
  const ccnp = complete(`${head('CiliumClusterwideNetworkPolicy')}spec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        |\n`).items;
  assert.deepEqual(labels(ccnp), ['k8s:io.kubernetes.pod.namespace', 'k8s:io.cilium.k8s.namespace.labels.']);
  const ns = complete(`${head()}spec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s:io.kubernetes.pod.namespace: |\n`).items;
  assert.ok(labels(ns).includes('shop'), JSON.stringify(labels(ns)));
});

test('protocol values of a Cilium port include ANY', () => {
  const { items } = complete(`${head()}spec:\n  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n        protocol: |\n`);
  assert.deepEqual(labels(items), ['TCP', 'UDP', 'SCTP', 'ANY']);
});
