// Route attachment codes (unknown-parent, unknown-section, unknown-parent-port, route-not-allowed,
// hostname-mismatch): exact spans, severities and messages, and the healthy case that reports nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wsFindings, type Files } from '../rules/workspace-harness.ts';
import { GATEWAY, NAMESPACES, SECRET, route, service } from './fixtures.ts';

const CODES = ['unknown-parent', 'unknown-section', 'unknown-parent-port', 'route-not-allowed', 'hostname-mismatch'];
const base: Files = { 'file:///gw.yaml': GATEWAY, 'file:///ns.yaml': NAMESPACES, 'file:///secret.yaml': SECRET, 'file:///svc.yaml': service('apps', 'web') };

function seen(r: string): [string, string, number, string, string][] {
  const files = { ...base, 'file:///r.yaml': r };
  return CODES.flatMap((code) => wsFindings(files, code).map((f) => [code, f.at, f.line, f.severity, f.message] as [string, string, number, string, string]));
}

test('a route from a selected namespace with a matching hostname attaches: nothing reported', () => {
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, sectionName: http}', '{name: web, port: 80}', '"shop.example.com"')), []);
  // Without sectionName the route also attaches (to http; https admits only "infra").
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra}')), []);
});

test('unknown-parent: information on the Gateway name', () => {
  assert.deepEqual(seen(route('apps', 'web', '{name: edge2, namespace: infra}')), [
    ['unknown-parent', 'edge2', 7, 'information', 'Gateway "edge2" in namespace "infra" is not in the workspace, so NetLens cannot check that HTTPRoute "web" attaches to it.'],
  ]);
});

test('unknown-section: on sectionName, listing the listeners', () => {
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, sectionName: web}')), [
    ['unknown-section', 'web', 7, 'warning', 'Gateway "edge" has no listener named "web" (its listeners: "http", "https"), so the route does not attach to it.'],
  ]);
});

test('unknown-parent-port: on port, alone or with a sectionName whose listener uses another port', () => {
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, port: 8080}')), [
    ['unknown-parent-port', '8080', 7, 'warning', 'Gateway "edge" has no listener on port 8080 (its ports: 80, 443), so the route does not attach to it.'],
  ]);
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, sectionName: http, port: 443}')), [
    ['unknown-parent-port', '443', 7, 'warning', 'Listener "http" of Gateway "edge" is on port 80, not 443, so the route does not attach to it.'],
  ]);
});

test('route-not-allowed: a namespace the selector does not match (warning), an undeclared namespace (information)', () => {
  assert.deepEqual(seen(route('other', 'web', '{name: edge, namespace: infra, sectionName: http}')), [
    ['route-not-allowed', 'edge', 7, 'warning', 'Gateway "edge" does not allow HTTPRoute "web" from namespace "other": listener "http" (HTTP 80 *.example.com) admits routes from namespaces its selector matches.'],
  ]);
  assert.deepEqual(seen(route('ghost', 'web', '{name: edge, namespace: infra, sectionName: http}')).map((s) => [s[0], s[3]]), [['route-not-allowed', 'information']]);
});

test('route-not-allowed: kinds (a GRPCRoute on a listener that lists HTTPRoute only), from: Same', () => {
  const gw = GATEWAY.replace('    allowedRoutes:\n      namespaces:\n        from: Selector', '    allowedRoutes:\n      kinds: [{kind: HTTPRoute}]\n      namespaces:\n        from: Selector');
  const grpc = route('apps', 'g', '{name: edge, namespace: infra, sectionName: http}').replace('kind: HTTPRoute', 'kind: GRPCRoute');
  const files = { ...base, 'file:///gw.yaml': gw, 'file:///r.yaml': grpc };
  assert.deepEqual(wsFindings(files, 'route-not-allowed').map((f) => f.message), [
    'Gateway "edge" does not allow GRPCRoute "g" from namespace "apps": listener "http" (HTTP 80 *.example.com) admits HTTPRoute, not GRPCRoute.',
  ]);
  // The https listener keeps the default from: Same.
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, sectionName: https}')).map((s) => s[4]), [
    'Gateway "edge" does not allow HTTPRoute "web" from namespace "apps": listener "https" (HTTPS 443) admits routes from namespace "infra" only.',
  ]);
});

test('allowedRoutes.kinds: [] is "unspecified or empty": the protocol decides, so HTTPRoute and GRPCRoute attach to HTTP', () => {
  const gw = GATEWAY.replace('    allowedRoutes:\n      namespaces:\n        from: Selector', '    allowedRoutes:\n      kinds: []\n      namespaces:\n        from: Selector');
  assert.notEqual(gw, GATEWAY);
  const grpc = route('apps', 'g', '{name: edge, namespace: infra, sectionName: http}').replace('kind: HTTPRoute', 'kind: GRPCRoute');
  for (const r of [route('apps', 'web', '{name: edge, namespace: infra, sectionName: http}'), grpc]) {
    assert.deepEqual(wsFindings({ ...base, 'file:///gw.yaml': gw, 'file:///r.yaml': r }, 'route-not-allowed'), []);
  }
});

test('hostname-mismatch: the route hostnames and the listener wildcard do not intersect', () => {
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, sectionName: http}', '{name: web, port: 80}', 'shop.example.net')), [
    ['hostname-mismatch', 'edge', 7, 'warning', `HTTPRoute "web" attaches to no listener of Gateway "edge": listener "http" (HTTP 80 *.example.com) serves *.example.com, which none of the route's hostnames (shop.example.net) matches.`],
  ]);
  // The wildcard needs at least one label: example.com itself is not under *.example.com.
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, sectionName: http}', '{name: web, port: 80}', 'example.com')).map((s) => s[0]), ['hostname-mismatch']);
  assert.deepEqual(seen(route('apps', 'web', '{name: edge, namespace: infra, sectionName: http}', '{name: web, port: 80}', '"*.shop.example.com"')), []);
});

test('a parentRef to something other than a Gateway (mesh Service) is not judged', () => {
  assert.deepEqual(seen(route('apps', 'web', '{group: "", kind: Service, name: web}')), []);
});
