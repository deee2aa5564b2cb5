// The preview's search entries: besides workloads, namespaces and policies, the way in (gateways, routes,
// Ingress objects) by the node id the graph draws, so picking one focuses on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, topologyView, wayInOf } from '../../../server/src/core/index.ts';
import { searchEntries } from '../../../server/src/lsp/features/topology.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { edgeGateway, route, service } from '../routing/fixtures.ts';

const TEXTS = {
  'file:///gw.yaml': edgeGateway(['{name: web, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}'], '192.0.2.7'),
  'file:///route.yaml': route('apps', 'shop', '{name: edge, namespace: infra}'),
  'file:///apps.yaml': `${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${service('apps', 'web')}`,
  'file:///ing.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site, namespace: apps}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n',
};

function workspace() {
  const files = new Map(Object.entries(TEXTS).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)] as const));
  const model = buildModel([...files.values()], DEFAULT_OPTIONS);
  return { model, wayIn: wayInOf(model, files, DEFAULT_OPTIONS) };
}

test('gateways, routes and ingresses are found, by the id of their node', () => {
  const { model, wayIn } = workspace();
  const wayInEntries = (e: ReturnType<typeof searchEntries>) => e.filter((x) => x.kind === 'gateway' || x.kind === 'route' || x.kind === 'ingress');
  assert.deepEqual(
    wayInEntries(searchEntries(model, ['apps'], wayIn)),
    [
      { kind: 'gateway', id: 'g_infra__edge', label: 'infra/edge', detail: 'Gateway' },
      { kind: 'route', id: 'r_httproute__apps__shop', label: 'apps/shop', detail: 'HTTPRoute' },
      { kind: 'ingress', id: 'i_ingress__apps__site', label: 'apps/site', detail: 'Ingress' },
    ],
  );
  assert.deepEqual(wayInEntries(searchEntries(model, ['apps'])), [], 'without the way in: as before');
});

test('each way-in entry is a node of the graph, and focusing on it draws its steps', () => {
  const { model, wayIn } = workspace();
  const arrows = (id: string) => {
    const v = topologyView(model, { externalPeers: true, focus: { kind: 'node', id } }, { kind: 'workspace' }, wayIn);
    assert.ok(v.graph.nodes.some((n) => n.id === id), id);
    return v.graph.edges.map((e) => `${e.from} -> ${e.to}`);
  };
  assert.deepEqual(arrows('g_infra__edge'), ['o_internet -> g_infra__edge', 'g_infra__edge -> r_httproute__apps__shop']);
  assert.deepEqual(arrows('r_httproute__apps__shop'), ['g_infra__edge -> r_httproute__apps__shop', 'r_httproute__apps__shop -> s_apps__web']);
  assert.deepEqual(arrows('i_ingress__apps__site'), ['o_outside -> i_ingress__apps__site', 'i_ingress__apps__site -> s_apps__web']);
});
