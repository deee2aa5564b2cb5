// completeAt: exact labels, insert texts and spans, also on YAML the user is still typing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt, type CompletionEntry } from '../../../server/src/core/index.ts';
import { workspace } from '../hover/fixture.ts';

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: a\n';

/** Completion at the `|` of `marked` (the bar is removed from the text). */
function complete(marked: string, trigger?: string): { items: CompletionEntry[]; at: number; text: string } {
  const at = marked.indexOf('|');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const { file, model } = workspace(text);
  return { items: completeAt(file, at, model, { defaultNamespace: 'shop', ...(trigger ? { triggerCharacter: trigger } : {}) }), at, text };
}
const labels = (items: CompletionEntry[]) => items.map((i) => i.label);

test('keys of spec, with snippets; present keys are left out', () => {
  const { items, at } = complete(`${HEAD}spec:\n  podSelector: {}\n  |\n`);
  assert.deepEqual(labels(items), ['ingress', 'egress', 'policyTypes']);
  assert.deepEqual(items[0]?.span, { start: at, end: at });
  assert.equal(items[0]?.insertText, 'ingress:\n  - $0');
  assert.equal(items[2]?.insertText, 'policyTypes:\n  - ${1|Ingress,Egress|}');
  const { items: all } = complete(`${HEAD}spec:\n  |\n`);
  assert.equal(all[0]?.label, 'podSelector');
  assert.equal(all[0]?.insertText, 'podSelector:\n  matchLabels:\n    $0');
  assert.equal(all[0]?.retrigger, true);
});

test('a half-typed key replaces the word; keys after `- ` pad continuation lines past the dash', () => {
  const { items, at } = complete(`${HEAD}spec:\n  ingress:\n  - fr|\n`);
  assert.deepEqual(labels(items), ['from', 'ports']);
  assert.deepEqual(items[0]?.span, { start: at - 2, end: at });
  assert.equal(items[0]?.insertText, 'from:\n    - $0');
  assert.equal(items[1]?.insertText, 'ports:\n    - protocol: ${1|TCP,UDP,SCTP|}\n      port: $0');
});

test('peer keys on the line after a peer key (same column): the other selectors and ipBlock', () => {
  const { items } = complete(`${HEAD}spec:\n  egress:\n  - to:\n    - namespaceSelector: {}\n      |\n`);
  assert.deepEqual(labels(items), ['podSelector', 'ipBlock']);
  assert.equal(items[1]?.insertText, 'ipBlock:\n  cidr: $0');
});

test('matchLabels of spec.podSelector: pod label keys of the policy namespace, while typing `ap`', () => {
  const { items, at } = complete(`${HEAD}spec:\n  podSelector:\n    matchLabels:\n      ap|\n  ingress: []\n`);
  assert.deepEqual(labels(items), ['app', 'tier']);
  assert.equal(items[0]?.insertText, 'app: ');
  assert.equal(items[0]?.retrigger, true);
  assert.deepEqual(items[0]?.span, { start: at - 2, end: at });
  assert.equal(items[0]?.documentation, 'Set on Deployment shop/api, Deployment shop/web.');
});

test('matchLabels values for the key on the line; present keys are not offered again', () => {
  const { items } = complete(`${HEAD}spec:\n  podSelector:\n    matchLabels:\n      app: |\n`);
  assert.deepEqual(labels(items), ['api', 'web']);
  assert.equal(items[0]?.insertText, 'api');
  const { items: keys } = complete(`${HEAD}spec:\n  podSelector:\n    matchLabels:\n      app: api\n      |\n`);
  assert.deepEqual(labels(keys), ['tier']);
});

test('namespaceSelector: namespace labels, kubernetes.io/metadata.name included, its values are namespace names', () => {
  const { items } = complete(`${HEAD}spec:\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          |\n`);
  assert.deepEqual(labels(items), ['kubernetes.io/metadata.name', 'team']);
  const { items: values } = complete(`${HEAD}spec:\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: |\n`);
  assert.deepEqual(labels(values).sort(), ['db', 'kube-system', 'shop']);
});

test('a peer podSelector next to a namespaceSelector completes the labels of pods in the matched namespaces', () => {
  const { items } = complete(`${HEAD}spec:\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {team: data}}\n      podSelector:\n        matchLabels:\n          app: |\n`);
  assert.deepEqual(labels(items), ['postgres']);
});

test('matchExpressions: keys as values, operators, and values of the written key in a flow list', () => {
  const { items: ops } = complete(`${HEAD}spec:\n  podSelector:\n    matchExpressions:\n    - key: tier\n      operator: |\n`);
  assert.deepEqual(labels(ops), ['In', 'NotIn', 'Exists', 'DoesNotExist']);
  const { items: keys } = complete(`${HEAD}spec:\n  podSelector:\n    matchExpressions:\n    - key: |\n`);
  assert.deepEqual(labels(keys), ['app', 'tier']);
  assert.equal(keys[0]?.insertText, 'app');
  const { items: values } = complete(`${HEAD}spec:\n  podSelector:\n    matchExpressions:\n    - key: tier\n      operator: In\n      values: [backend, |]\n`);
  assert.deepEqual(labels(values), ['frontend']);
});

test('enums: protocol, and policyTypes items not written yet (block item being typed)', () => {
  assert.deepEqual(labels(complete(`${HEAD}spec:\n  egress:\n  - ports:\n    - protocol: |\n`).items), ['TCP', 'UDP', 'SCTP']);
  const { items, at } = complete(`${HEAD}spec:\n  policyTypes:\n  - Ingress\n  - E|\n`);
  assert.deepEqual(labels(items), ['Egress']);
  assert.deepEqual(items[0]?.span, { start: at - 1, end: at });
});

test('named ports of the destination pods: ingress = the policy pods, egress = the peers, filtered by protocol', () => {
  const ingress = complete(`${HEAD}  namespace: shop\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - ports:\n    - port: |\n`).items;
  assert.deepEqual(labels(ingress), ['http', 'metrics', '8080', '9090']);
  assert.equal(ingress[0]?.detail, '8080/TCP on api');
  const egress = complete(`${HEAD}spec:\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {team: data}}\n    ports:\n    - port: |\n`).items;
  assert.deepEqual(labels(egress), ['pg', '5432']);
  const udp = complete(`${HEAD}spec:\n  egress:\n  - ports:\n    - protocol: UDP\n      port: |\n`).items;
  assert.deepEqual(labels(udp), ['dns', '53']);
});

// The NetworkPolicy reader reads a peer written as an alias as the peer it names; completion once skipped it.
test('named ports of egress peers written as aliases, in flow and block style', () => {
  const flow = complete(`${HEAD}spec:\n  ingress:\n  - from:\n    - &db {namespaceSelector: {matchLabels: {team: data}}}\n  egress:\n  - to:\n    - *db\n    ports:\n    - port: |\n`).items;
  assert.deepEqual(labels(flow), ['pg', '5432']);
  const block = complete(`${HEAD}spec:\n  ingress:\n  - from:\n    - &db\n      namespaceSelector: {matchLabels: {team: data}}\n  egress:\n  - to:\n    - *db\n    ports:\n    - port: |\n`).items;
  assert.deepEqual(labels(block), ['pg', '5432']);
});

test('right after `key:` the value gets a leading space', () => {
  const { items } = complete(`${HEAD}spec:\n  egress:\n  - ports:\n    - protocol:|\n`);
  assert.equal(items[0]?.insertText, ' TCP');
});

test('metadata: writable keys only, namespace names as values', () => {
  assert.deepEqual(labels(complete(`${HEAD}  |\nspec: {}\n`).items), ['namespace', 'labels', 'annotations']);
  assert.deepEqual(labels(complete(`${HEAD}  namespace: |\nspec: {}\n`).items), ['db', 'kube-system', 'shop']);
});

test('whole-policy snippets in an empty document only', () => {
  const { items } = complete('|');
  assert.deepEqual(labels(items), ['NetworkPolicy: default-deny', 'NetworkPolicy: allow-dns', 'NetworkPolicy: allow-from-ingress-controller', 'NetworkPolicy: allow-prometheus']);
  assert.equal(
    items[0]?.insertText,
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${1:default-deny}\n  namespace: ${2|shop,db|}\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n',
  );
  assert.ok(items[1]?.insertText.includes('kubernetes.io/metadata.name: kube-system\n          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n      ports:\n        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n'));
  // After another document, a new one is empty too.
  assert.equal(complete('apiVersion: v1\nkind: ConfigMap\n---\n|').items.length, 4);
  assert.equal(complete('kind: ConfigMap\n|').items.length, 0);
});

test('nothing outside NetworkPolicies, in comments, or while indenting with spaces', () => {
  assert.deepEqual(complete('apiVersion: apps/v1\nkind: Deployment\nspec:\n  |\n').items, []);
  assert.deepEqual(complete(`${HEAD}spec:\n  # a comment |\n`).items, []);
  assert.deepEqual(complete(`${HEAD}spec:\n  |\n`, ' ').items, []);
  assert.deepEqual(labels(complete(`${HEAD}spec:\n  ingress:\n  - |\n`, ' ').items), ['from', 'ports']);
  assert.deepEqual(labels(complete(`${HEAD}spec:\n  egress:\n  - ports:\n    - protocol: |\n`, ' ').items), ['TCP', 'UDP', 'SCTP']);
});

test('broken YAML around the cursor still completes (a dangling key and a bad flow map below)', () => {
  const { items } = complete(`${HEAD}spec:\n  podSelector:\n    matchLabels:\n      ap|\n      role: x\n  ingress: [\n`);
  assert.deepEqual(labels(items), ['app', 'tier']);
});

test('block list items being typed: matchExpressions values; CRLF text; a port in a flow map', () => {
  const { items } = complete(`${HEAD}spec:\n  podSelector:\n    matchExpressions:\n    - key: app\n      operator: In\n      values:\n      - api\n      - |\n`);
  assert.deepEqual(labels(items), ['web']);
  const crlf = complete(`${HEAD}spec:\n  podSelector:\n    matchLabels:\n      ti|\n  ingress: []\n`.replace(/\n/g, '\r\n'));
  assert.deepEqual(labels(crlf.items), ['app', 'tier']);
  assert.deepEqual(crlf.items[1]?.span, { start: crlf.at - 2, end: crlf.at });
  const flow = complete(`${HEAD}spec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports:\n    - {protocol: TCP, port: |}\n`);
  assert.deepEqual(labels(flow.items), ['http', '80']);
});
