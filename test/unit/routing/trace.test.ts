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

test('Exact beats a prefix; a header match is a conditional path, not the answer; /apis is not under /api', () => {
  assert.deepEqual(steps(trace('http://app.example.com/api/health'))[3], ['rule', 'rules[1]: Exact /api/health', true]);
  const apis = trace('http://app.example.com/apis');
  assert.deepEqual(steps(apis).slice(2, 5), [
    ['route', 'HTTPRoute apps/app', true],
    ['rule', 'rules[2]: PathPrefix / (no matches)', true],
    // rules[1]'s second match (PathPrefix / and a header) outranks rules[2] on the header count.
    ['rule', 'if the request has header x-debug: 1: would instead go to HTTPRoute apps/app rules[1]: PathPrefix /, header x-debug: 1 -> web:80', true],
  ]);
  const cond = apis.paths[0]?.steps[4];
  assert.equal(cond?.condition, 'header x-debug: 1');
  assert.equal(ROUTE.slice(cond!.span!.start, cond!.span!.end), '{headers: [{name: x-debug, value: "1"}]}');
  // The answer is still the unconditional rule: its Service and pods follow.
  assert.deepEqual(steps(apis).slice(5, 7), [
    ['service', 'Service apps/web port 80 -> targetPort 8080', true],
    ['pods', 'apps/web', true],
  ]);
  // Under /api the prefix outranks the header match (PathPrefix /): no conditional path.
  assert.equal(trace('http://app.example.com/api/users').paths[0]?.steps.some((s) => s.condition !== undefined), false);
});

const condRoute = (rules: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: shop, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: [app.example.com]\n  rules:\n${rules}`;
const rule = (match: string, backend: string) => `  - matches: [${match}]\n    backendRefs: [{name: ${backend}, port: 80}]\n`;
const SHOP_RULES =
  rule('{path: {value: /shop}, method: POST, queryParams: [{name: dry, value: "1"}]}', 'api') +
  rule('{path: {value: /shop}, method: POST}', 'web') +
  rule('{path: {value: /shop}, method: POST, headers: [{name: x-canary, type: RegularExpression, value: "^t"}]}', 'api') +
  rule('{path: {value: /}}', 'web');
const conditional = (r: TraceResult) => (r.paths[0]?.steps ?? []).filter((s) => s.condition !== undefined).map((s) => [s.condition, s.text]);

test('conditional paths: method, header and query param conditions, best first, each with what it needs', () => {
  const r = trace('http://app.example.com/shop/cart', { 'file:///route.yaml': condRoute(SHOP_RULES) });
  assert.deepEqual(conditional(r), [
    ['method POST and header x-canary matching ^t', 'if the request has method POST and header x-canary matching ^t: would instead go to HTTPRoute apps/shop rules[2]: PathPrefix /shop, method POST, header x-canary matching ^t -> api:80'],
    ['method POST and query param dry=1', 'if the request has method POST and query param dry=1: would instead go to HTTPRoute apps/shop rules[0]: PathPrefix /shop, method POST, query param dry=1 -> api:80'],
    ['method POST', 'if the request has method POST: would instead go to HTTPRoute apps/shop rules[1]: PathPrefix /shop, method POST -> web:80'],
  ]);
  assert.equal(steps(r).find(([k]) => k === 'rule')?.[1], 'rules[3]: PathPrefix /');
  // A more specific path with fewer conditions takes every request the others need: they are left out.
  const shadowed = trace('http://app.example.com/shop/cart', { 'file:///route.yaml': condRoute(SHOP_RULES + rule('{path: {type: Exact, value: /shop/cart}, method: POST}', 'web')) });
  assert.deepEqual(conditional(shadowed), [['method POST', 'if the request has method POST: would instead go to HTTPRoute apps/shop rules[4]: Exact /shop/cart, method POST -> web:80']]);
});

test('no rule serves the URL without conditions: a 404 for the plain request, and the conditional paths', () => {
  const r = trace('http://app.example.com/shop/x', { 'file:///route.yaml': condRoute(rule('{path: {value: /shop}, method: POST}', 'web')) });
  assert.deepEqual(steps(r).slice(2), [
    ['route', 'no route attached to this listener serves app.example.com/shop/x without a method, header or query parameter a rule below needs: the Gateway answers 404', false],
    ['rule', 'if the request has method POST: goes to HTTPRoute apps/shop rules[0]: PathPrefix /shop, method POST -> web:80', true],
  ]);
  assert.equal(r.paths[0]?.reaches, false);
});

test('a GRPCRoute serving the host is a conditional path for gRPC calls, not the answer for the URL', () => {
  const grpc = `apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: rpc, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: [app.example.com]\n  rules:\n  - backendRefs: [{name: api, port: 80}]\n`;
  const r = trace('http://app.example.com/api/users', { 'file:///grpc.yaml': grpc });
  assert.equal(steps(r).find(([k]) => k === 'route')?.[1], 'HTTPRoute apps/app');
  assert.deepEqual(conditional(r), [
    ['gRPC call', 'if the request is a gRPC call: GRPCRoute apps/rpc serves this host too; not traced (gRPC calls follow GRPCRoute rules, never merged with HTTPRoute rules, and of an HTTPRoute and a GRPCRoute whose hostnames overlap a listener accepts only the older)'],
  ]);
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

// HTTPRouteSpec.hostnames: the route with the most characters in a matching non-wildcard hostname, then in a matching
// hostname, comes first; the path and other matches only break a tie (precedence.ts says why). This test said the
// opposite until the current conformance manifest (both routes on example.com) was read.
test('across routes the most specific matching hostname wins over a longer prefix; the path decides between equal hostnames', () => {
  const gw = edgeGateway(['{name: any, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}']);
  const mk = (name: string, hostname: string, path: string | undefined, backend: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: ["${hostname}"]\n  rules:\n  - ${path ? `matches: [{path: {type: PathPrefix, value: ${path}}}]\n    ` : ''}backendRefs: [{name: ${backend}, port: 80}]\n`;
  const wild = mk('wild', '*.example.com', '/api', 'api');
  const exact = mk('exact', 'app.example.com', undefined, 'web');
  const r = trace('http://app.example.com/api/users', { 'file:///gw.yaml': gw, 'file:///route.yaml': wild, 'file:///exact.yaml': exact });
  assert.deepEqual(steps(r).filter(([k]) => k === 'route' || k === 'rule' || k === 'service'), [
    ['route', 'HTTPRoute apps/exact', true],
    ['rule', 'rules[0]: PathPrefix / (no matches)', true],
    ['service', 'Service apps/web port 80 -> targetPort 8080', true],
  ]);
  // Another host under the wildcard: only "wild" takes it.
  assert.equal(steps(trace('http://other.example.com/api', { 'file:///gw.yaml': gw, 'file:///route.yaml': wild, 'file:///exact.yaml': exact })).find(([k]) => k === 'route')?.[1], 'HTTPRoute apps/wild');
  // Equal hostnames: the longer prefix wins, though "a-root" comes first by name.
  const tie = trace('http://app.example.com/api', { 'file:///gw.yaml': gw, 'file:///route.yaml': mk('a-root', 'app.example.com', '/', 'web'), 'file:///exact.yaml': mk('b-api', 'app.example.com', '/api', 'api') });
  assert.deepEqual(steps(tie).filter(([k]) => k === 'route' || k === 'service'), [
    ['route', 'HTTPRoute apps/b-api', true],
    ['service', 'Service apps/api port 80 -> targetPort 8080', true],
  ]);
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

test('two routes matching as specifically with creation timestamps in the manifests: the older serves, no guess', () => {
  const gw = edgeGateway(['{name: any, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}']);
  const mk = (name: string, backend: string, created: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: apps, creationTimestamp: "${created}"}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: [app.example.com]\n  rules:\n  - backendRefs: [{name: ${backend}, port: 80}]\n`;
  const r = trace('http://app.example.com/x', { 'file:///gw.yaml': gw, 'file:///route.yaml': mk('zeta', 'api', '2024-01-01T00:00:00Z'), 'file:///alpha.yaml': mk('alpha', 'web', '2025-01-01T00:00:00Z') });
  assert.deepEqual(steps(r).filter(([k]) => k === 'route' || k === 'service'), [
    ['route', 'HTTPRoute apps/zeta (older than HTTPRoute apps/alpha, which matches as specifically)', true],
    ['service', 'Service apps/api port 80 -> targetPort 8080', true],
  ]);
});

// A route without hostnames serves under the listener's hostname (effectiveHostnames): on a `*.example.com` listener
// it ties with a route naming `*.example.com` (a controller puts both in one virtual host: the path decides) and ranks
// after a route naming the exact host, whatever the paths.
test('a route without hostnames ranks with the listener hostname: after an exact hostname, tied with the same wildcard (the path decides)', () => {
  const gw = edgeGateway(['{name: wild, protocol: HTTP, port: 80, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}']);
  const mk = (name: string, hostnames: string, path: string, backend: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n${hostnames}  rules:\n  - matches: [{path: {type: PathPrefix, value: ${path}}}]\n    backendRefs: [{name: ${backend}, port: 80}]\n`;
  const route = (r: TraceResult) => steps(r).find(([k]) => k === 'route')?.[1];
  const r = trace('http://app.example.com/api/x', { 'file:///gw.yaml': gw, 'file:///route.yaml': mk('inherits', '', '/api', 'api'), 'file:///named.yaml': mk('named', '  hostnames: ["*.example.com"]\n', '/', 'web') });
  assert.equal(route(r), 'HTTPRoute apps/inherits');
  // `hostnames: []` is the same as none (the audit's p03b-catchall).
  const empty = trace('http://app.example.com/api/x', { 'file:///gw.yaml': gw, 'file:///route.yaml': mk('inherits', '  hostnames: []\n', '/api', 'api'), 'file:///named.yaml': mk('named', '  hostnames: [app.example.com]\n', '/', 'web') });
  assert.equal(route(empty), 'HTTPRoute apps/named');
  const both = trace('http://app.example.com/api/x', { 'file:///gw.yaml': gw, 'file:///route.yaml': mk('inherits', '', '/api', 'api'), 'file:///named.yaml': mk('named', '', '/', 'web') });
  assert.equal(route(both), 'HTTPRoute apps/inherits');
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

test('an HTTPRoute without rules takes the CRD default (PathPrefix /, no backendRefs): the request gets a 500, not a 404', () => {
  const bare = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: bare, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: [bare.example.com]\n';
  const r = trace('http://bare.example.com/x', { 'file:///route.yaml': bare });
  assert.deepEqual(steps(r).slice(2), [
    ['route', 'HTTPRoute apps/bare', true],
    ['rule', 'rules[0]: PathPrefix / (no matches)', true],
    ['service', 'no backendRefs: the Gateway answers 500', false],
  ]);
  // An explicit empty list is kept as written (no default), and a GRPCRoute has no default rules.
  const empty = trace('http://bare.example.com/x', { 'file:///route.yaml': bare.replace('  hostnames:', '  rules: []\n  hostnames:') });
  assert.match(steps(empty).map((s) => s[1]).join('\n'), /no route attached to this listener serves bare\.example\.com\/x/);
});

test('a request that falls through from a more specific hostname without a rule for its path: the route step says controllers may answer 404', () => {
  const gw = edgeGateway(['{name: any, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}']);
  const mk = (name: string, hostnames: string, path: string) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n${hostnames}  rules:\n  - matches: [{path: {type: PathPrefix, value: ${path}}}]\n    backendRefs: [{name: web, port: 80}]\n`;
  // The default route.yaml is replaced by the catch-all.
  const files = { 'file:///gw.yaml': gw, 'file:///a.yaml': mk('specific', '  hostnames: [app.example.com]\n', '/only'), 'file:///route.yaml': mk('catchall', '', '/') };
  const route = (url: string) => steps(trace(url, files)).find(([k]) => k === 'route')?.[1];
  assert.equal(route('http://app.example.com/other'), 'HTTPRoute apps/catchall (HTTPRoute apps/specific names this host more specifically but has no rule for this path: controllers that give each hostname its own virtual host, such as Envoy Gateway, answer 404 instead; the Gateway API leaves it open)');
  // Its own path: the specific route serves, nothing to say.
  assert.equal(route('http://app.example.com/only/x'), 'HTTPRoute apps/specific');
  // Another host: the catch-all alone.
  assert.equal(route('http://other.example.com/x'), 'HTTPRoute apps/catchall');
});
