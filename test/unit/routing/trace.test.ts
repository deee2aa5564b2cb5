// traceUrl: each step (address, listener, route, rule, service, pods, policy) with the object that decides it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, traceUrl, type TraceResult } from '../../../server/src/core/index.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { edgeGateway, service } from './fixtures.ts';

const GW = edgeGateway([
  '{name: any, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}',
  '{name: app, protocol: HTTP, port: 80, hostname: app.example.com, allowedRoutes: {namespaces: {from: All}}}',
], '192.0.2.7');
const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: apps}
spec:
  parentRefs: [{name: edge, namespace: infra}]
  hostnames: [app.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
    backendRefs: [{name: api, port: 80}]
  - matches: [{path: {type: Exact, value: /api/health}}, {headers: [{name: x-debug, value: "1"}]}]
    backendRefs: [{name: web, port: 80}]
  - backendRefs: [{name: web, port: 80}]
`;
const APPS = `${deployment('apps', 'api', { app: 'api' }, ['8080'])}---\n${service('apps', 'api')}---\n${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${service('apps', 'web')}`;
const DENY_API = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-deny, namespace: apps}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n';

function trace(url: string, extra: Record<string, string> = {}): TraceResult {
  const texts: Record<string, string> = { 'file:///gw.yaml': GW, 'file:///route.yaml': ROUTE, 'file:///apps.yaml': APPS, ...extra };
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  const r = traceUrl(buildModel([...files.values()], DEFAULT_OPTIONS), files, DEFAULT_OPTIONS, url);
  assert.ok(!('error' in r));
  return r;
}

const steps = (r: TraceResult): [string, string, boolean][] => r.paths.flatMap((p) => p.steps.map((s) => [s.kind, s.text, s.ok] as [string, string, boolean]));

test('the longest matching prefix wins, the exact hostname listener takes the request, and filters are listed', () => {
  const r = trace('http://app.example.com/api/users');
  assert.deepEqual(steps(r), [
    ['address', '192.0.2.7 (Gateway infra/edge)', true],
    ['listener', 'listener "app" HTTP 80 app.example.com', true],
    ['route', 'HTTPRoute apps/app', true],
    ['rule', 'rules[0]: PathPrefix /api; filters: URLRewrite', true],
    ['service', 'Service apps/api port 80 -> targetPort 8080', true],
    ['pods', 'apps/api', true],
    ['policy', 'Envoy Gateway -> apps/api port 8080: allowed: no policy isolates these pods', true],
  ]);
  assert.equal(r.paths[0]?.reaches, true);
  // Each step names its object's location (the rule: its match).
  const rule = r.paths[0]?.steps[3];
  assert.equal(rule?.uri, 'file:///route.yaml');
  assert.equal(ROUTE.slice(rule!.span!.start, rule!.span!.end), '{path: {type: PathPrefix, value: /api}}');
});

test('Exact beats a prefix; a header match is not taken from a URL; /apis is not under /api', () => {
  assert.deepEqual(steps(trace('http://app.example.com/api/health'))[3], ['rule', 'rules[1]: Exact /api/health', true]);
  assert.deepEqual(steps(trace('http://app.example.com/apis'))[3], ['rule', 'rules[2]: PathPrefix / (no matches)', true]);
});

test('a policy that isolates the backend pods blocks the path, naming the policy', () => {
  const r = trace('http://app.example.com/api', { 'file:///np.yaml': DENY_API });
  const last = r.paths[0]?.steps.at(-1);
  assert.deepEqual([last?.kind, last?.text, last?.ok, last?.uri], ['policy', 'Envoy Gateway -> apps/api port 8080: blocked: apps/api-deny admit no Envoy Gateway traffic', false, 'file:///np.yaml']);
  assert.equal(r.paths[0]?.reaches, false);
});

test('a host no route serves gets a 404 at the listener; a URL no listener takes gets a note', () => {
  assert.deepEqual(steps(trace('http://other.example.com/')).slice(1), [
    ['listener', 'listener "any" HTTP 80', true],
    ['route', 'no route attached to this listener serves other.example.com/: the Gateway answers 404', false],
  ]);
  const r = trace('https://app.example.com/');
  assert.deepEqual(r.paths, []);
  assert.deepEqual(r.notes, ['No HTTPS listener on port 443 of a Gateway in the workspace, and no Ingress or IngressRoute, serves app.example.com.']);
});

test('across routes the most specific matching hostname wins before the path (HTTPRouteSpec.hostnames precedence)', () => {
  const gw = edgeGateway(['{name: any, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}']);
  const wild = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: wild, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: ["*.example.com"]\n  rules:\n  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs: [{name: api, port: 80}]\n`;
  const exact = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: exact, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: [app.example.com]\n  rules:\n  - backendRefs: [{name: web, port: 80}]\n`;
  const r = trace('http://app.example.com/api/users', { 'file:///gw.yaml': gw, 'file:///route.yaml': wild, 'file:///exact.yaml': exact });
  assert.deepEqual(steps(r).filter(([k]) => k === 'route' || k === 'rule' || k === 'service'), [
    ['route', 'HTTPRoute apps/exact', true],
    ['rule', 'rules[0]: PathPrefix / (no matches)', true],
    ['service', 'Service apps/web port 80 -> targetPort 8080', true],
  ]);
  // Another host under the wildcard: only the wildcard route serves it, by its longer prefix.
  assert.equal(steps(trace('http://other.example.com/api', { 'file:///gw.yaml': gw, 'file:///route.yaml': wild, 'file:///exact.yaml': exact })).find(([k]) => k === 'route')?.[1], 'HTTPRoute apps/wild');
});

test('two routes matching as specifically: the first by namespace/name is shown, and the other named (the older route wins)', () => {
  const gw = edgeGateway(['{name: any, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}']);
  const mk = (name: string, backend: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: [app.example.com]\n  rules:\n  - backendRefs: [{name: ${backend}, port: 80}]\n`;
  const r = trace('http://app.example.com/x', { 'file:///gw.yaml': gw, 'file:///route.yaml': mk('zeta', 'api'), 'file:///alpha.yaml': mk('alpha', 'web') });
  assert.deepEqual(steps(r).filter(([k]) => k === 'route' || k === 'service'), [
    ['route', 'HTTPRoute apps/alpha (HTTPRoute apps/zeta matches as specifically: the older route serves the request, and NetLens cannot see creation times)', true],
    ['service', 'Service apps/web port 80 -> targetPort 8080', true],
  ]);
});

test('a route without hostnames ranks with the listener hostname it takes: the same as a route naming it, so the path decides', () => {
  const gw = edgeGateway(['{name: wild, protocol: HTTP, port: 80, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}']);
  const mk = (name: string, hostnames: string, path: string, backend: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n${hostnames}  rules:\n  - matches: [{path: {type: PathPrefix, value: ${path}}}]\n    backendRefs: [{name: ${backend}, port: 80}]\n`;
  const r = trace('http://app.example.com/api/x', { 'file:///gw.yaml': gw, 'file:///route.yaml': mk('inherits', '', '/api', 'api'), 'file:///named.yaml': mk('named', '  hostnames: ["*.example.com"]\n', '/', 'web') });
  assert.equal(steps(r).find(([k]) => k === 'route')?.[1], 'HTTPRoute apps/inherits');
});

// Gateway API (HTTPPathMatch): the precedence of RegularExpression path matches is implementation-specific; when
// one takes part in the choice, the rule step says so and names the other candidate.
test('a RegularExpression path in the choice: the rule step says its precedence is implementation-specific', () => {
  const gw = edgeGateway(['{name: any, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}']);
  const route = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: app, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  rules:\n  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs: [{name: api, port: 80}]\n  - matches: [{path: {type: RegularExpression, value: "/api/v[0-9]+/.*"}}]\n    backendRefs: [{name: web, port: 80}]\n`;
  const at = (url: string) => steps(trace(url, { 'file:///gw.yaml': gw, 'file:///route.yaml': route })).find(([k]) => k === 'rule');
  assert.deepEqual(at('http://app.example.com/api/v1/users'), [
    'rule',
    'rules[1]: RegularExpression /api/v[0-9]+/.*; precedence involving a RegularExpression path is implementation-specific (Gateway API), so your controller may pick rules[0]: PathPrefix /api instead',
    true,
  ]);
  // The regular expression does not match /api/users: the prefix alone decides, and nothing is added.
  assert.deepEqual(at('http://app.example.com/api/users'), ['rule', 'rules[0]: PathPrefix /api', true]);
  // Another route's regular expression for the same host is named with its route.
  const other = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: other, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  rules:\n  - matches: [{path: {type: RegularExpression, value: "/api/.*"}}]\n    backendRefs: [{name: web, port: 80}]\n`;
  const r = steps(trace('http://app.example.com/api/users', { 'file:///gw.yaml': gw, 'file:///route.yaml': route, 'file:///other.yaml': other })).find(([k]) => k === 'rule');
  assert.deepEqual(r, ['rule', 'rules[0]: RegularExpression /api/.*; precedence involving a RegularExpression path is implementation-specific (Gateway API), so your controller may pick HTTPRoute apps/app rules[0]: PathPrefix /api instead', true]);
});
