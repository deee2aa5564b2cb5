// The conventions' view of the policy IR: kinds other than NetworkPolicy (Cilium forms, built here directly in
// IR) count for default-deny, and their entities and cluster-wide peers reach the convention rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conventionPolicies, namespaceDeniesByDefault } from '../../../server/src/core/conventions/view.ts';
import type { Model, Selector } from '../../../server/src/core/model/types.ts';
import type { IRRule, PolicyIR } from '../../../server/src/core/policy/types.ts';

const sel = (matchLabels: Record<string, string> = {}): Selector => ({ matchLabels, matchExpressions: [] });
const origin = { kind: 'implied' } as const;

function model(namespaced: PolicyIR[], clusterwide: PolicyIR[] = []): Model {
  const byNamespace = new Map<string, PolicyIR[]>();
  for (const p of namespaced) byNamespace.set(p.namespace!, [...(byNamespace.get(p.namespace!) ?? []), p]);
  const namespaces = new Map(['shop', 'blog'].map((n) => [n, { name: n, labels: { 'kubernetes.io/metadata.name': n }, origin }]));
  return { namespaces, workloads: [], services: [], policies: [], policiesByNamespace: new Map(), policyIR: [...namespaced, ...clusterwide], policyIndex: { byNamespace, clusterwide } };
}

function cnp(name: string, rules: IRRule[], isolates = { ingress: true, egress: false }, selector = sel()): PolicyIR {
  return { id: `shop/${name}`, kind: 'CiliumNetworkPolicy', namespace: 'shop', name, subject: { namespaces: { kind: 'names', names: ['shop'] }, selector, labels: 'identity' }, isolates, rules, origin };
}

const emptyIngress: IRRule = { direction: 'ingress', section: 'ingress', action: 'allow', index: 0, peers: [], ports: undefined };

test('a CiliumNetworkPolicy selecting every endpoint with an empty ingress rule is the namespace\'s ingress default-deny', () => {
  const m = model([cnp('deny', [emptyIngress])]);
  assert.equal(namespaceDeniesByDefault(m, 'shop', 'ingress'), true);
  assert.equal(namespaceDeniesByDefault(m, 'shop', 'egress'), false);
  assert.equal(namespaceDeniesByDefault(m, 'blog', 'ingress'), false);
  // One real allow rule, or a selector narrower than the namespace, and it is no longer a default-deny.
  const allow: IRRule = { ...emptyIngress, peers: [{ kind: 'entity', entity: 'cluster', index: 0 }] };
  assert.equal(namespaceDeniesByDefault(model([cnp('p', [allow])]), 'shop', 'ingress'), false);
  assert.equal(namespaceDeniesByDefault(model([cnp('p', [emptyIngress], undefined, sel({ app: 'web' }))]), 'shop', 'ingress'), false);
  // Deny rules do not let anything through.
  const deny: IRRule = { ...allow, action: 'deny', section: 'ingressDeny' };
  assert.equal(namespaceDeniesByDefault(model([cnp('p', [deny])]), 'shop', 'ingress'), true);
});

test('a CiliumClusterwideNetworkPolicy covers every namespace, or the one its identity selector names', () => {
  const ccnp = (selector: Selector): PolicyIR => ({ id: 'c', kind: 'CiliumClusterwideNetworkPolicy', name: 'c', subject: { namespaces: { kind: 'all' }, selector, labels: 'identity' }, isolates: { ingress: false, egress: true }, rules: [], origin });
  assert.equal(namespaceDeniesByDefault(model([], [ccnp(sel())]), 'blog', 'egress'), true);
  const onlyShop = model([], [ccnp(sel({ 'io.kubernetes.pod.namespace': 'shop' }))]);
  assert.deepEqual([namespaceDeniesByDefault(onlyShop, 'shop', 'egress'), namespaceDeniesByDefault(onlyShop, 'blog', 'egress')], [true, false]);
});

test('rules of any kind reach the convention rules: entities, cluster-wide endpoints, ports', () => {
  const egress: IRRule = {
    direction: 'egress',
    section: 'egress',
    action: 'allow',
    index: 0,
    peers: [
      { kind: 'entity', entity: 'world', index: 0 },
      { kind: 'endpoints', namespaces: { kind: 'all' }, labels: 'identity', index: 1 },
      { kind: 'fqdn', matchName: 'example.com', index: 2 },
      // The namespace pinned inside the identity selector (Cilium's way): not every namespace.
      { kind: 'endpoints', namespaces: { kind: 'all' }, labels: 'identity', selector: sel({ 'io.kubernetes.pod.namespace': 'blog', app: 'db' }), index: 3 },
      { kind: 'endpoints', namespaces: { kind: 'all' }, labels: 'identity', selector: { matchLabels: {}, matchExpressions: [{ key: 'io.kubernetes.pod.namespace', operator: 'Exists', values: [] }] }, index: 4 },
    ],
    ports: [{ protocol: 'TCP', port: 443, index: 0 }],
  };
  const [view] = conventionPolicies(model([cnp('out', [egress], { ingress: false, egress: true })]));
  assert.deepEqual(view?.rules, [
    {
      direction: 'egress',
      action: 'allow',
      peers: [
        { kind: 'entity', entity: 'world' },
        { kind: 'endpoints', allNamespaces: true, how: 'an endpoint selector that names no namespace' },
        { kind: 'endpoints', allNamespaces: false },
        { kind: 'endpoints', allNamespaces: true, how: 'an endpoint selector that names no namespace' },
      ],
      allPorts: false,
    },
  ]);
  assert.equal(view?.policyTypesExplicit, undefined, 'Cilium has no policyTypes');
});
