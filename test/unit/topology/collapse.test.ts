// Collapse: namespace nodes with counts, aggregated edges (ports united, flows counted), one namespace expanded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedTraffic } from '../../../server/src/core/connectivity/traffic.ts';
import { collapseTopology, foldDenseNamespaces } from '../../../server/src/core/topology/collapse.ts';
import { buildTopology } from '../../../server/src/core/topology/graph.ts';
import { topologyView } from '../../../server/src/core/topology/view.ts';
import { model, policy, port, rule, sel, workload } from './fixtures.ts';

/** `n` namespaces of `k` apps each; every app admits TCP 8080 from the `web` app of the next namespace. */
function cluster(n: number, k: number) {
  const workloads = [];
  const policies = [];
  for (let i = 0; i < n; i++) {
    const ns = `team-${i}`;
    for (let j = 0; j < k; j++) workloads.push(workload(ns, j === 0 ? 'web' : `app-${j}`, { app: j === 0 ? 'web' : `app-${j}` }, [[8080], [9090]]));
    policies.push(
      policy(ns, 'from-next', sel(), ['ingress'], [
        rule([{ namespaceSelector: sel({ 'kubernetes.io/metadata.name': `team-${(i + 1) % n}` }), podSelector: sel({ app: 'web' }) }], [port(8080)]),
        rule([{ podSelector: sel() }], [port(9090)]),
      ]),
    );
  }
  return model(workloads, policies);
}

test('collapsed: one node per namespace with counts, edges merged with flow counts, no loops', () => {
  const full = buildTopology(cluster(3, 4), { externalPeers: false }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(full.nodes.length, 12);
  const c = collapseTopology(full);
  assert.deepEqual(c.nodes.map((n) => [n.id, n.workloadCount, n.openCount]), [
    ['n_team_2d_0', 4, 0],
    ['n_team_2d_1', 4, 0],
    ['n_team_2d_2', 4, 0],
  ]);
  assert.deepEqual(c.edges.map((e) => `${e.from}->${e.to} ${e.label} x${e.flows}`), [
    'n_team_2d_0->n_team_2d_2 TCP 8080 x4',
    'n_team_2d_1->n_team_2d_0 TCP 8080 x4',
    'n_team_2d_2->n_team_2d_1 TCP 8080 x4',
  ]);
  assert.equal(c.collapsed, true);
});

test('expanding one namespace keeps its workloads and aggregates the rest', () => {
  const full = buildTopology(cluster(3, 4), { externalPeers: false }, { kind: 'workspace' }, allowedTraffic);
  const c = collapseTopology(full, ['team-1']);
  assert.deepEqual(c.nodes.map((n) => n.label), ['team-0', 'team-1', 'app-1', 'app-2', 'app-3', 'web', 'team-2'].filter((l) => l !== 'team-1'));
  assert.deepEqual(c.groups.map((g) => g.label), ['team-1']);
  assert.ok(c.edges.some((e) => e.from === 'n_team_2d_2' && e.to.startsWith('w_deployment__team_2d_1__') && e.flows === 1));
  assert.ok(c.edges.some((e) => e.from === 'w_deployment__team_2d_1__web' && e.to === 'n_team_2d_0' && e.flows === 4));
});

test('topologyView collapses above the threshold and explains an empty workspace', () => {
  const big = topologyView(cluster(8, 10), { externalPeers: false }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(big.fullNodeCount, 80);
  assert.equal(big.graph.collapsed, true);
  assert.equal(big.graph.nodes.length, 8);
  assert.match(big.mermaid, /n_team_2d_0\[\["namespace team-0<br\/>10 workloads"\]\]/);
  const small = topologyView(cluster(2, 3), { externalPeers: false }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(small.graph.collapsed, false);
  const empty = topologyView(model([], []), { externalPeers: true }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(empty.graph.nodes.length, 0);
  assert.match(empty.message ?? '', /^No workloads found/);
});

test('a dense namespace (same-namespace allow = full mesh) is counted on its title instead of drawn', () => {
  const workloads = Array.from({ length: 12 }, (_, i) => workload('mesh', `w${i}`, { app: `w${i}` }, [[80]]));
  const lone = workload('other', 'client', { app: 'client' });
  const same = policy('mesh', 'same-ns', sel(), ['ingress'], [rule([{ podSelector: sel() }], [port(80)]), rule([{ namespaceSelector: sel({ 'kubernetes.io/metadata.name': 'other' }) }], [port(80)])]);
  const m = model([...workloads, lone], [same]);
  const full = buildTopology(m, { externalPeers: false }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(full.edges.length, 12 * 11 + 12);
  const folded = foldDenseNamespaces(full, 50);
  assert.equal(folded.edges.length, 12);
  assert.deepEqual(folded.folded, [{ namespace: 'mesh', flows: 132 }]);
  assert.equal(folded.groups.find((g) => g.namespace === 'mesh')?.label, 'mesh · 132 flows inside, not drawn');
  assert.equal(foldDenseNamespaces(full, 1000), full);
  const view = topologyView(m, { externalPeers: false, maxEdges: 50 }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(view.graph.collapsed, false);
  assert.equal(view.graph.edges.length, 12);
  assert.match(view.mermaid, /subgraph ns_mesh\["mesh #183; 132 flows inside, not drawn"\]/);
});
