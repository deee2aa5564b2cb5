// unknown-field: keys strict field validation rejects, at every level, with typo and mis-indentation advice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, codes, findings, np } from './rule-harness.ts';

test('every known field at every level gives no finding', () => {
  const text = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: p',
    '  namespace: n',
    '  generateName: g-',
    '  labels: {a: b}',
    '  annotations: {a: b}',
    '  uid: "1"',
    '  resourceVersion: "2"',
    '  generation: 3',
    '  creationTimestamp: null',
    '  finalizers: [x]',
    '  ownerReferences: [{apiVersion: v1, kind: K, name: n, uid: u, controller: true, blockOwnerDeletion: false}]',
    '  managedFields: [{manager: m, operation: Apply, apiVersion: v, time: "2024-01-01T00:00:00Z", fieldsType: FieldsV1, fieldsV1: {"f:spec": {}}}]',
    'spec:',
    '  podSelector:',
    '    matchLabels: {a: b}',
    '    matchExpressions: [{key: k, operator: In, values: [v]}]',
    '  policyTypes: [Ingress, Egress]',
    '  ingress:',
    '  - from:',
    '    - podSelector: {}',
    '      namespaceSelector: {}',
    '    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}',
    '    ports:',
    '    - {protocol: TCP, port: 80, endPort: 90}',
    '  egress:',
    '  - to: []',
    '    ports: []',
    '',
  ].join('\n');
  assert.deepEqual(codes(text), []);
});

test('a misspelt field is an error on the key, suggesting the field, with a rename fix', () => {
  const text = np('  podSelector:\n    matchLabel: {app: web}\n');
  const [f, ...rest] = findings(text, 'unknown-field');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'matchLabel');
  assert.equal(f?.severity, 'error');
  assert.match(f?.message ?? '', /Unknown field "matchLabel" in spec\.podSelector \(LabelSelector\)/);
  assert.match(f?.message ?? '', /strict field validation/);
  assert.match(f?.message ?? '', /Did you mean `matchLabels`\?/);
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.deepEqual(codes(fixed), []);
});

test('field names are case-sensitive', () => {
  const [f] = findings(np('  PodSelector: {}\n'), 'unknown-field');
  assert.equal(f?.at, 'PodSelector');
  assert.match(f?.message ?? '', /Did you mean `podSelector`\?/);
});

test('no rename fix when the suggested key is already there', () => {
  const [f] = findings(np('  podSelector: {}\n  podselector: {}\n'), 'unknown-field');
  assert.equal(f?.at, 'podselector');
  assert.match(f?.message ?? '', /already set in this map/);
  assert.deepEqual(f?.fixes, []);
});

test('mis-indented selector fields under an empty sibling are explained (cyclonus#35)', () => {
  const text = np(
    ['  podSelector: {}', '  ingress:', '  - from:', '    - ipBlock:', '      cidr: 172.17.0.0/16', '    - podSelector:', '      matchLabels:', '        role: frontend', ''].join('\n'),
  );
  const got = findings(text, 'unknown-field');
  assert.deepEqual(got.map((f) => f.at), ['cidr', 'matchLabels']);
  assert.match(got[0]?.message ?? '', /in spec\.ingress\[0\]\.from\[0\] \(NetworkPolicyPeer\)/);
  assert.match(got[0]?.message ?? '', /mis-indented: `ipBlock` above is empty/);
  assert.match(got[1]?.message ?? '', /indent it under `podSelector`/);
});

test('a field indented too deep is explained', () => {
  const text = np('  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n      ports:\n      - port: 80\n');
  const [f] = findings(text, 'unknown-field');
  assert.equal(f?.at, 'ports');
  assert.match(f?.message ?? '', /field of NetworkPolicyIngressRule, one level up/);
});

test('top-level status (withdrawn in 1.28) and unknown keys list the known fields', () => {
  const text = np('  podSelector: {}\n') + 'status: {}\n';
  const [f] = findings(text, 'unknown-field');
  assert.equal(f?.at, 'status');
  assert.match(f?.message ?? '', /at the top level of a NetworkPolicy/);
  assert.match(f?.message ?? '', /withdrawn in 1\.28/);
  const [g] = findings(np('  podSelector: {}\n  ingress:\n  - from: []\n    protocol: TCP\n'), 'unknown-field');
  assert.equal(g?.at, 'protocol');
  assert.match(g?.message ?? '', /Known fields: from, ports\./);
});

test('numbers as keys, metadata extras and ipBlock/port typos are reported at their level', () => {
  const text = np('  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/8, include: [x]}\n    ports:\n    - {port: 80, portEnd: 90}\n', '  name: p\n  clusterName: c\n  80: x\n');
  const got = findings(text, 'unknown-field');
  assert.deepEqual(got.map((f) => f.at), ['clusterName', '80', 'include', 'portEnd']);
  assert.match(got[0]?.message ?? '', /removed in Kubernetes 1\.25/);
});

test('YAML merge keys are expanded (kubectl honours them), not reported', () => {
  const text = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: p',
    'spec:',
    '  podSelector: &sel',
    '    matchLabels: {app: web}',
    '  ingress:',
    '  - from:',
    '    - podSelector:',
    '        <<: *sel',
    '        matchExpressions: [{key: a, operator: Exists}]',
    '',
  ].join('\n');
  assert.deepEqual(codes(text), []);
});

test('Flux-substituted keys are not reported', () => {
  assert.deepEqual(findings(np('  podSelector: {}\n  ${EXTRA_KEY}: []\n'), 'unknown-field'), []);
});

test('a map of 1,600 unknown keys (fuzz seed 48, document 5505): each reported once, with the advice of a small one', async () => {
  const { parseFile, DEFAULT_OPTIONS } = await import('../../../server/src/core/index.ts');
  const { schemaForObject } = await import('../../../server/src/core/schema/registry.ts');
  const { schemaFindings } = await import('../../../server/src/core/schema/walk.ts');
  // The minimised input's shape: a Gateway spec holding 1,600 keys of its own; here also a typo of a field it has,
  // and a field of an empty sibling written beside it.
  const keys = Array.from({ length: 1600 }, (_, i) => `  k${i}: v\n`).join('');
  const text = `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: invalid-listener-port\nspec:\n  gatewayClassName: example\n  listeners: []\n  listners: []\n  infrastructure:\n  labels: {a: b}\n${keys}`;
  const got = findings(text, 'unknown-field');
  assert.equal(got.length, 1602);
  assert.deepEqual(got.slice(0, 3).map((f) => f.at), ['listners', 'labels', 'k0']);
  assert.match(got[0]?.message ?? '', / Did you mean `listeners`\? It is already set in this map; remove one of them\.$/);
  assert.match(got[1]?.message ?? '', / It looks mis-indented: `infrastructure` above is empty, and `labels` is one of its fields; indent it under `infrastructure`\.$/);
  assert.match(got[1601]?.message ?? '', /^Unknown field "k1599" in spec: .* Known fields: addresses, allowedListeners, gatewayClassName, infrastructure, listeners, tls\.$/);
  // The walk hands every unknown key of one map the same list of its pairs (a list each was n * n pairs).
  const file = parseFile('file:///gw.yaml', text, DEFAULT_OPTIONS);
  const obj = file.objects[0]!;
  const events = schemaFindings(obj.doc, obj.node, schemaForObject(obj)!).unknownFields;
  assert.equal(events.length, 1602);
  assert.equal(new Set(events.map((e) => e.siblings)).size, 1);
  assert.equal(events[0]?.siblings.length, 1605);
});
