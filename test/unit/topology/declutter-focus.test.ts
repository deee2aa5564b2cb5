// The preview's view transforms: DNS flows as badges, fans of identical arrows as a node marker, focus mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedTraffic } from '../../../server/src/core/connectivity/traffic.ts';
import { declutter } from '../../../server/src/core/topology/declutter.ts';
import { focusTopology } from '../../../server/src/core/topology/focus.ts';
import { buildTopology } from '../../../server/src/core/topology/graph.ts';
import { toMermaid } from '../../../server/src/core/topology/mermaid.ts';
import { model, policy, port, rule, sel, workload } from './fixtures.ts';
import { brokkrModel } from './sample.ts';

const arrows = (g: ReturnType<typeof buildTopology>) => g.edges.map((e) => `${g.nodes.find((n) => n.id === e.from)?.label} -> ${g.nodes.find((n) => n.id === e.to)?.label}: ${e.label}`);

test('DNS flows to kube-dns become a badge on the source; the toggle keeps the arrows', () => {
  const m = brokkrModel();
  const full = buildTopology(m, { externalPeers: true }, { kind: 'workspace' }, allowedTraffic);
  const tidy = declutter(full, m, { dnsEdges: false });
  assert.deepEqual(arrows(tidy).filter((a) => a.includes('kube-dns')), []);
  assert.ok(!tidy.nodes.some((n) => n.label === 'kube-dns'), 'the DNS node goes with its arrows');
  assert.deepEqual(tidy.nodes.find((n) => n.label === 'brokkr-agent')?.badges, ['DNS UDP 53']);
  assert.match(toMermaid(tidy), /brokkr-agent<br\/>Deployment #183; isolated out<br\/>DNS UDP 53/);
  const shown = declutter(full, m, { dnsEdges: true });
  assert.equal(arrows(shown).filter((a) => a.includes('kube-dns')).length, 2);
  // The input graph is left alone.
  assert.equal(full.nodes.find((n) => n.label === 'brokkr-agent')?.badges, undefined);
});

test('a rule admitting every source is one marker on the node, not an arrow per peer', () => {
  const web = workload('shop', 'web', { app: 'web' }, [[80]]);
  const others = ['a', 'b', 'c', 'd', 'e'].map((n) => workload('shop', n, { app: n }));
  const open = policy('shop', 'web-public', sel({ app: 'web' }), ['ingress'], [rule(undefined, [port(80)])]);
  const m = model([web, ...others], [open]);
  const full = buildTopology(m, { externalPeers: true }, { kind: 'workspace' }, allowedTraffic);
  assert.equal(full.edges.length, 6); // five workloads and the internet
  const tidy = declutter(full, m, { dnsEdges: false });
  assert.deepEqual(tidy.edges, []);
  assert.deepEqual(tidy.nodes.find((n) => n.label === 'web')?.badges, ['← TCP 80 from anywhere']);
});

test('focus on a workload: its inbound and outbound flows only, one hop, with the deciding rules on the arrows', () => {
  const full = buildTopology(brokkrModel(), { externalPeers: true }, { kind: 'workspace' }, allowedTraffic);
  const broker = full.nodes.find((n) => n.label === 'brokkr-broker');
  assert.ok(broker);
  const f = focusTopology(full, { kind: 'node', id: broker.id });
  assert.ok(f);
  assert.ok(f.edges.every((e) => e.from === broker.id || e.to === broker.id));
  assert.deepEqual(arrows(f).slice(0, 2), [
    'brokkr-agent -> brokkr-broker: TCP 3000 · by brokkr/brokkr-agent (out), brokkr/brokkr-broker (in)',
    'brokkr-broker -> postgresql: TCP 5432 · by brokkr/brokkr-broker (out), brokkr/postgresql (in)',
  ]);
  assert.equal(f.edges.length, 6);
  assert.deepEqual(
    f.edges.map((e) => e.id),
    f.edges.map((_, i) => `e${i}`),
  );
  assert.equal(focusTopology(full, { kind: 'node', id: 'w_nope' }), undefined);
});

test('focus on a policy: the flows it decides', () => {
  const full = buildTopology(brokkrModel(), { externalPeers: true }, { kind: 'workspace' }, allowedTraffic);
  const f = focusTopology(full, { kind: 'policy', name: 'brokkr/postgresql' });
  assert.deepEqual(arrows(f as NonNullable<typeof f>), ['brokkr-broker -> postgresql: TCP 5432 · by brokkr/brokkr-broker (out), brokkr/postgresql (in)']);
});
