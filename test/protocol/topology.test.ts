// netlens/topology and netlens/report over stdio: the graph of the open manifests, click-through locations, reports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ReportResult, TopologyResult } from '../../server/src/protocol.ts';
import { Harness, ROOT } from './harness.ts';

const FIX = path.join(ROOT, 'test/cli/fixtures/topology');
const WORKLOADS = fs.readFileSync(path.join(FIX, 'brokkr/workloads.yaml'), 'utf8');
const POLICIES = fs.readFileSync(path.join(FIX, 'brokkr/policies.yaml'), 'utf8');
const PLATFORM = fs.readFileSync(path.join(FIX, 'platform/workloads.yaml'), 'utf8');
const W = 'file:///topo/brokkr/workloads.yaml';
const P = 'file:///topo/brokkr/policies.yaml';
const X = 'file:///topo/platform/workloads.yaml';

let h: Harness;
before(async () => {
  h = await Harness.start();
  await h.open(W, WORKLOADS);
  await h.open(P, POLICIES);
  await h.open(X, PLATFORM);
});
after(async () => {
  assert.equal(await h.stop(), 0);
});

const topology = (params: unknown) => h.conn.sendRequest('netlens/topology', params) as Promise<TopologyResult>;

test('topology: mermaid, node and edge locations for click-through, namespaces for the filter', async () => {
  const r = await topology({ scope: 'workspace', uri: P, externalPeers: false });
  assert.equal(r.collapsed, false);
  assert.equal(r.message, undefined);
  assert.ok(r.mermaid.startsWith('flowchart LR\n  subgraph ns_brokkr["brokkr"]\n'));
  assert.deepEqual(r.namespaces, ['brokkr', 'ingress-nginx', 'kube-system', 'monitoring']);
  // The broker's Deployment name, line 9 (0-based 8), and the edge broker -> postgresql at the broker's egress rule.
  assert.deepEqual(r.locations['w_deployment__brokkr__brokkr_2d_broker'], { uri: W, range: { start: { line: 8, character: 8 }, end: { line: 8, character: 21 } } });
  const graph = r.graph as { edges: { id: string; to: string }[] };
  const edge = graph.edges.find((e) => e.to === 'w_statefulset__brokkr__postgresql');
  assert.ok(edge);
  assert.deepEqual(r.edgeRules?.[edge.id]?.map((x) => [x.policy, x.direction, x.ruleIndex, x.location?.uri, x.location?.range.start.line]), [
    ['brokkr/brokkr-broker', 'egress', 0, P, 38],
    ['brokkr/postgresql', 'ingress', 0, P, 100],
  ]);
  assert.equal(r.locations[edge.id]?.range.start.line, 38);
});

test('topology: file scope, and a message instead of a graph when nothing is in scope', async () => {
  const scoped = await topology({ scope: 'file', uri: X, externalPeers: false, namespaces: [] });
  const nodes = (scoped.graph as { nodes: { label: string }[] }).nodes.map((n) => n.label);
  assert.deepEqual(nodes, ['brokkr-broker', 'ingress-nginx-controller', 'prometheus']);
  const none = await topology({ scope: 'workspace', uri: P, namespaces: ['nope'] });
  assert.match(none.message ?? '', /No workloads in the selected namespaces \(nope\)/);
});

test('topology: maxEdges (the preview asks for 100): above it dense namespaces fold first, then the graph to namespaces', async () => {
  const full = await topology({ scope: 'workspace', uri: P, externalPeers: false });
  const arrows = (full.graph as { edges: unknown[] }).edges.length;
  assert.equal(arrows, 4);
  const same = await topology({ scope: 'workspace', uri: P, externalPeers: false, maxEdges: 4 });
  assert.equal(same.mermaid, full.mermaid);
  // brokkr's two inside flows are counted on its title instead of drawn.
  const dense = await topology({ scope: 'workspace', uri: P, externalPeers: false, maxEdges: 3 });
  assert.equal(dense.collapsed, false);
  assert.deepEqual((dense.graph as { folded?: unknown }).folded, [{ namespace: 'brokkr', flows: 2 }]);
  assert.equal((dense.graph as { edges: unknown[] }).edges.length, 2);
  const folded = await topology({ scope: 'workspace', uri: P, externalPeers: false, maxEdges: 1 });
  assert.equal(folded.collapsed, true);
  assert.ok((folded.graph as { nodes: { kind: string }[] }).nodes.every((n) => n.kind === 'namespace'));
});

test('report: matrix and coverage as Markdown', async () => {
  const m = (await h.conn.sendRequest('netlens/report', { kind: 'matrix', uri: P })) as ReportResult;
  assert.match(m.markdown, /^# NetLens connection matrix\n\n## Connection matrix\n\n\| Source \|/);
  assert.ok(m.markdown.includes('| brokkr/brokkr-broker | brokkr/postgresql | 5432 | TCP |'));
  const c = (await h.conn.sendRequest('netlens/report', { kind: 'coverage', uri: P })) as ReportResult;
  assert.ok(c.markdown.includes('| brokkr | 3 | 3 | no | no | Partially covered |'));
});
