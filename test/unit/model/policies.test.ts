// NetworkPolicy model: effective policyTypes, rules/peers/ports with spans, null items, invalid policies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, type Policy } from '../../../server/src/core/index.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const np = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec:\n${spec}`;
const policy = (spec: string): Policy => {
  const m = buildModel([parseFile('file:///p.yaml', np(spec), opts)], opts);
  assert.equal(m.policies.length, 1);
  return m.policies[0]!;
};

test('policyTypes defaulting: absent or empty => [Ingress] (+ Egress when egress has a rule)', () => {
  assert.deepEqual(policy('  podSelector: {}\n').policyTypes, ['ingress']);
  assert.deepEqual(policy('  podSelector: {}\n  policyTypes: []\n').policyTypes, ['ingress']);
  const eg = policy('  podSelector: {}\n  egress: [{}]\n');
  assert.deepEqual([eg.policyTypes, eg.policyTypesExplicit], [['ingress', 'egress'], false]);
  assert.deepEqual(policy('  podSelector: {}\n  policyTypes: []\n  egress: [{}]\n').policyTypes, ['ingress', 'egress']);
  assert.deepEqual(policy('  podSelector: {}\n  egress: []\n').policyTypes, ['ingress']);
  const ex = policy('  podSelector: {}\n  policyTypes: [Egress]\n  ingress: [{}]\n');
  assert.deepEqual([ex.policyTypes, ex.policyTypesExplicit], [['egress'], true]);
});

test('missing or null podSelector is the empty selector; no spec at all still isolates ingress', () => {
  assert.deepEqual(policy('  podSelector:\n').podSelector.matchLabels, {});
  const m = buildModel([parseFile('file:///p.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bare}\n', opts)], opts);
  assert.deepEqual(m.policies.map((p) => [p.id, p.policyTypes, p.ingress.length, p.invalid ?? null]), [['default/bare', ['ingress'], 0, null]]);
});

test('rules, peers and ports with spans; absent from/ports are undefined, written empty lists are []', () => {
  const text = np(`  podSelector: {matchLabels: {app: db}}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: api}}
          namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a, b]}]}
        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
      ports:
        - port: 5432
        - {port: http, protocol: UDP}
        - {port: 8000, endPort: 8080, protocol: SCTP}
    - {}
    -
    - from: []
      ports: []
`);
  const m = buildModel([parseFile('file:///p.yaml', text, opts)], opts);
  const p = m.policies[0]!;
  assert.equal(p.invalid, undefined);
  const r0 = p.ingress[0]!;
  assert.equal(text.slice(r0.span!.start, r0.span!.start + 5), 'from:');
  const sel = r0.peers![0]!.podSelector!.span!;
  assert.equal(text.slice(sel.start, sel.end), '{matchLabels: {app: api}}');
  assert.equal(text.slice(p.podSelector.span!.start, p.podSelector.span!.end), '{matchLabels: {app: db}}');
  assert.deepEqual(r0.peers!.map((x) => [x.index, x.podSelector?.matchLabels ?? null, x.namespaceSelector?.matchExpressions ?? null, x.ipBlock ? [x.ipBlock.cidr, x.ipBlock.except] : null]), [
    [0, { app: 'api' }, [{ key: 'team', operator: 'In', values: ['a', 'b'] }], null],
    [1, null, null, ['10.0.0.0/8', ['10.1.0.0/16']]],
  ]);
  assert.deepEqual(r0.ports!.map((x) => [x.port ?? null, x.endPort ?? null, x.protocol]), [[5432, null, 'TCP'], ['http', null, 'UDP'], [8000, 8080, 'SCTP']]);
  assert.deepEqual(p.ingress.slice(1).map((r) => [r.index, r.peers ?? null, r.ports ?? null]), [[1, null, null], [2, null, null], [3, [], []]]);
});

test('a null port item is the zero port: every TCP port', () => {
  const p = policy('  podSelector: {}\n  ingress:\n    - ports:\n        -\n');
  assert.deepEqual(p.ingress[0]!.ports!.map((x) => [x.port ?? null, x.protocol, x.invalid ?? null]), [[null, 'TCP', null]]);
});

test('what the API server rejects makes the policy invalid, with the diagnostics\' own messages (validate/)', () => {
  const cases: [string, RegExp][] = [
    ['  podSelector: {matchExpressions: [{key: a, operator: in, values: [x]}]}\n', /"in" is not a valid operator/],
    ['  podSelector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}\n', /values must be empty when the operator is Exists/],
    ['  podSelector: {matchExpressions: [{key: a, operator: NotIn}]}\n', /values must be non-empty when the operator is NotIn/],
    ['  podSelector: {matchLabels: {a: 1}}\n', /matchLabels.a must be a string, not a number/],
    ['  podSelector: {}\n  policyTypes: [ingress]\n', /policyTypes\[0\]: "ingress" is not supported/],
    ['  podSelector: {}\n  ingress: [{ports: [{port: 80, protocol: tcp}]}]\n', /"tcp" is not supported/],
    ['  podSelector: {}\n  ingress: [{ports: [{port: 70000}]}]\n', /70000 is not a valid port number/],
    ['  podSelector: {}\n  ingress: [{ports: [{port: "80"}]}]\n', /"80" is a string, so it is read as a port name/],
    ['  podSelector: {}\n  ingress: [{ports: [{port: http, endPort: 90}]}]\n', /endPort: may not be specified when port is a named port/],
    ['  podSelector: {}\n  ingress: [{ports: [{port: 90, endPort: 80}]}]\n', /80 must be greater than or equal to port \(90\)/],
    ['  podSelector: {}\n  ingress: [{from: [{}]}]\n', /must specify a peer/],
    ['  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]\n', /may not specify both ipBlock and podSelector/],
    ['  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/33}}]}]\n', /"10.0.0.0\/33" is not a valid CIDR/],
    ['  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}}]}]\n', /must be a strict subset of cidr/],
    ['  podSelector: {}\n  ingress: {from: []}\n', /spec.ingress must be a list/],
  ];
  for (const [spec, re] of cases) {
    const p = policy(spec);
    assert.ok(p.invalid && p.invalid.some((r) => re.test(r)), `${spec} -> ${JSON.stringify(p.invalid)}`);
  }
});
