// Topology graph: nodes, isolation marks, allowed flows with ports, external blocks, scopes, determinism.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopology } from '../../../server/src/core/topology/graph.ts';
import { toMermaid } from '../../../server/src/core/topology/mermaid.ts';
import { allowedTraffic } from '../../../server/src/core/connectivity/traffic.ts';
import { assertGolden } from './golden.ts';
import { brokkrModel } from './sample.ts';

const all = { externalPeers: true };

test('brokkr: flows decided by policies, with ports, external blocks and isolation marks', () => {
  const g = buildTopology(brokkrModel(), all, { kind: 'workspace' }, allowedTraffic);
  const edges = g.edges.map((e) => `${g.nodes.find((n) => n.id === e.from)?.label} -> ${g.nodes.find((n) => n.id === e.to)?.label}: ${e.label}`);
  assert.deepEqual(edges, [
    'brokkr-agent -> brokkr-broker: TCP 3000',
    'brokkr-agent -> kube-dns: UDP 53',
    // The plain 0.0.0.0/0 node stands for the private ranges the other block leaves out: the agent reaches both.
    'brokkr-agent -> internet (0.0.0.0/0): TCP 443, 3000, 6443',
    'brokkr-agent -> internet (0.0.0.0/0) except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16: TCP 443, 3000, 6443',
    'brokkr-broker -> postgresql: TCP 5432',
    'brokkr-broker -> kube-dns: UDP 53',
    'brokkr-broker -> internet (0.0.0.0/0) except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16: TCP 443',
    'ingress-nginx-controller -> brokkr-broker: TCP 3000',
    'prometheus -> brokkr-broker: TCP 3000',
  ]);
  const iso = Object.fromEntries(g.nodes.filter((n) => n.isolation).map((n) => [n.label, n.isolation]));
  assert.deepEqual(iso['brokkr-broker'], { ingress: true, egress: true });
  assert.deepEqual(iso['brokkr-agent'], { ingress: false, egress: true });
  assert.deepEqual(iso['postgresql'], { ingress: true, egress: false });
  assert.deepEqual(iso['prometheus'], { ingress: false, egress: false });
  assert.deepEqual(g.counts, { namespaces: 4, workloads: 6, policies: 3, policyKinds: { NetworkPolicy: 3 }, externals: 2, edges: 9 });
  assert.deepEqual(
    g.groups.map((x) => [x.label, x.nodeIds.length]),
    [['brokkr', 3], ['ingress-nginx', 1], ['kube-system', 1], ['monitoring', 1], ['external', 2]],
  );
});

test('every edge links to the rules that decide it (uri + span) for click-through', () => {
  const g = buildTopology(brokkrModel(), all, { kind: 'workspace' }, allowedTraffic);
  const e = g.edges.find((x) => x.label === 'TCP 5432');
  assert.ok(e);
  assert.deepEqual(
    e.rules.map((r) => [r.policy, r.direction, r.ruleIndex, r.uri]),
    [
      ['brokkr/brokkr-broker', 'egress', 0, 'file:///ws/brokkr-policies.yaml'],
      ['brokkr/postgresql', 'ingress', 0, 'file:///ws/brokkr-policies.yaml'],
    ],
  );
  for (const edge of g.edges) assert.ok(edge.rules.length > 0 && edge.rules.every((r) => r.span !== undefined), edge.id);
});

test('graph JSON and Mermaid text match the golden files', () => {
  const g = buildTopology(brokkrModel(), all, { kind: 'workspace' }, allowedTraffic);
  assertGolden('brokkr.graph.json', JSON.stringify(g, null, 2) + '\n');
  assertGolden('brokkr.mmd', toMermaid(g));
});

test('output is deterministic whatever the order of workloads and policies', () => {
  const a = brokkrModel();
  const b = brokkrModel();
  b.workloads.reverse();
  b.policies.reverse();
  for (const list of b.policiesByNamespace.values()) list.reverse();
  const ga = buildTopology(a, all, { kind: 'workspace' }, allowedTraffic);
  const gb = buildTopology(b, all, { kind: 'workspace' }, allowedTraffic);
  assert.equal(toMermaid(gb), toMermaid(ga));
});

test('without external peers: no ip blocks, no cluster workloads', () => {
  const g = buildTopology(brokkrModel(), { externalPeers: false }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(g.nodes.some((n) => n.kind === 'ip-block' || n.kind === 'cluster-workload'), false);
  assert.equal(g.edges.length, 4);
});

test('namespace filter and file scope show their namespaces plus the workloads that talk to them', () => {
  const m = brokkrModel();
  const filtered = buildTopology(m, { externalPeers: false, namespaces: ['brokkr'] }, { kind: 'workspace' }, allowedTraffic);
  assert.deepEqual(filtered.nodes.map((n) => n.label), ['brokkr-agent', 'brokkr-broker', 'postgresql', 'ingress-nginx-controller', 'prometheus']);
  assert.equal(filtered.edges.length, 4);
  const alone = buildTopology(m, { externalPeers: false, namespaces: ['ingress-nginx'] }, { kind: 'workspace' }, allowedTraffic);
  assert.deepEqual(alone.nodes.map((n) => n.label), ['brokkr-broker', 'ingress-nginx-controller']);
  const scoped = buildTopology(m, { externalPeers: false }, { kind: 'file', uri: 'file:///ws/monitoring.yaml' }, allowedTraffic);
  assert.deepEqual(scoped.nodes.map((n) => n.label), ['brokkr-broker', 'prometheus']);
  assert.deepEqual(scoped.edges.map((e) => e.label), ['TCP 3000']);
});

test('open flows are drawn only on request', () => {
  const m = brokkrModel();
  const g = buildTopology(m, { externalPeers: false, openFlows: true }, { kind: 'workspace' }, allowedTraffic);
  const promToNginx = g.edges.find((e) => e.from.includes('prometheus') && e.to.includes('nginx'));
  assert.equal(promToNginx?.label, 'any');
  assert.deepEqual(promToNginx?.rules, []);
});
