// `netlens graph`: Mermaid, Markdown fence and JSON (deciding rules as file + range) on the topology fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, REPO, removeCopy, runCli } from './helpers.ts';

test('graph: mermaid by default, with namespaces, flows and isolation marks', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const r = runCli(['graph', 'topology'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.ok(r.stdout.startsWith('flowchart LR\n  subgraph ns_brokkr["brokkr"]\n'));
  assert.ok(r.stdout.includes('    w_deployment__brokkr__brokkr_2d_broker["brokkr-broker<br/>Deployment #183; isolated in/out"]\n'));
  assert.ok(r.stdout.includes('  w_deployment__brokkr__brokkr_2d_broker e3@-->|"TCP 5432"| w_statefulset__brokkr__postgresql\n'));
  assert.ok(r.stdout.includes('  w_deployment__monitoring__prometheus e7@-->|"TCP 3000"| w_deployment__brokkr__brokkr_2d_broker\n'));
  assert.equal((r.stdout.match(/ e\d+@-->/g) ?? []).length, 8);
});

test('graph --format markdown: a mermaid fence GitHub renders, with counts and a legend', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const r = runCli(['graph', '--format', 'markdown', '--no-externals', 'topology'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^## Network topology\n\n5 workloads in 3 namespaces\. Policies selecting the workloads: 3 NetworkPolicies\. Arrows: 4 \(4 allowed flows\)\.\n\n```mermaid\nflowchart LR\n/);
  assert.match(r.stdout, /\n```\n\nLegend: /);
  assert.ok(!r.stdout.includes('internet'));
});

test('graph --format json: nodes with file locations, edges with deciding rules as 0-based ranges', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const r = runCli(['graph', '--format=json', 'topology'], dir);
  assert.equal(r.status, 0, r.stderr);
  const g = JSON.parse(r.stdout) as {
    collapsed: boolean;
    nodes: { id: string; location: { file: string; range: { start: { line: number; character: number } } } | null }[];
    edges: { from: string; to: string; label: string; allowedBy: { policy: string; direction: string; ruleIndex: number; location: { file: string; range: { start: { line: number } } } | null }[] }[];
    mermaid: string;
  };
  assert.equal(g.collapsed, false);
  const broker = g.nodes.find((n) => n.id === 'w_deployment__brokkr__brokkr_2d_broker');
  assert.deepEqual(broker?.location?.file, 'topology/brokkr/workloads.yaml');
  assert.equal(broker?.location?.range.start.line, 8);
  const pg = g.edges.find((e) => e.to === 'w_statefulset__brokkr__postgresql');
  assert.deepEqual(
    pg?.allowedBy.map((a) => [a.policy, a.direction, a.ruleIndex, a.location?.file]),
    [
      ['brokkr/brokkr-broker', 'egress', 0, 'topology/brokkr/policies.yaml'],
      ['brokkr/postgresql', 'ingress', 0, 'topology/brokkr/policies.yaml'],
    ],
  );
  assert.ok(g.mermaid.startsWith('flowchart LR\n'));
});

test('graph: --namespace focuses on one namespace and its peers; bad format and missing path exit 2', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const r = runCli(['graph', '--namespace', 'monitoring', '--no-externals', 'topology'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...r.stdout.matchAll(/subgraph \w+\["([^"]+)"\]/g)].map((m) => m[1]), ['brokkr', 'monitoring']);
  const bad = runCli(['graph', '--format', 'svg', 'topology'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown format 'svg' \(expected mermaid, markdown or json\)/);
  const missing = runCli(['graph', 'nope'], dir);
  assert.equal(missing.status, 2);
});

test('graph --format markdown on examples/: the way in and blocked steps are counted apart from the allowed flows', () => {
  const r = runCli(['graph', '--format', 'markdown', 'examples'], REPO);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout.split('\n')[2],
    '7 workloads in 4 namespaces, 2 external peers. Policies selecting the workloads: 10 NetworkPolicies. Arrows: 23 (15 allowed flows, 7 steps of the way in, 1 blocked).',
  );
  const json = JSON.parse(runCli(['graph', '--format', 'json', 'examples'], REPO).stdout) as { counts: { edges: number; policyKinds: Record<string, number>; arrows: Record<string, number> }; edges: unknown[] };
  assert.deepEqual([json.counts.edges, json.counts.arrows, json.counts.policyKinds], [json.edges.length, { flows: 15, wayIn: 7, blocked: 1 }, { NetworkPolicy: 10 }]);
});
