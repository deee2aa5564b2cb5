// The way in: outside -> Gateway -> route -> Service -> pods with the policies' verdict on the last hop, Ingress
// and LoadBalancer entries, and the folded view where a gateway stands for its routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, topologyView, wayInOf, type TopologyGraph } from '../../../server/src/core/index.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { edgeGateway, service } from '../routing/fixtures.ts';
import { assertGolden } from './golden.ts';

const GW = edgeGateway([
  '{name: web, protocol: HTTP, port: 80, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}',
], '192.0.2.7');
const ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: apps}
spec:
  parentRefs: [{name: edge, namespace: infra}]
  hostnames: [app.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: api, port: 80}]
  - backendRefs: [{name: web, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: stray, namespace: apps}
spec:
  parentRefs: [{name: edge, namespace: infra}]
  hostnames: [stray.example.org]
  rules:
  - backendRefs: [{name: web, port: 80}]
`;
const APPS = `${deployment('apps', 'api', { app: 'api' }, ['8080'])}---\n${service('apps', 'api')}---\n${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${service('apps', 'web')}`;
/** api admits only its own namespace: the gateway's Envoy pods (envoy-gateway-system) are dropped. */
const API_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-in, namespace: apps}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {}}]}]
`;
const LB = `${deployment('media', 'jellyfin', { app: 'jellyfin' }, ['http:8096'])}---
apiVersion: v1
kind: Service
metadata:
  name: jellyfin
  namespace: media
  annotations: {metallb.universe.tf/loadBalancerIPs: 192.168.1.40}
spec:
  type: LoadBalancer
  selector: {app: jellyfin}
  ports: [{port: 8096, targetPort: http}]
`;

function view(texts: Record<string, string>, options: Partial<Parameters<typeof topologyView>[1]> = {}) {
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)] as const));
  const model = buildModel([...files.values()], DEFAULT_OPTIONS);
  return topologyView(model, { externalPeers: true, ...options }, { kind: 'workspace' }, wayInOf(model, files, DEFAULT_OPTIONS));
}

const WS = { 'file:///gw.yaml': GW, 'file:///routes.yaml': ROUTES, 'file:///apps.yaml': APPS, 'file:///policy.yaml': API_POLICY, 'file:///media.yaml': LB };

const arrows = (g: TopologyGraph) => g.edges.filter((e) => e.kind).map((e) => `${e.from} -> ${e.to}: ${e.label}${e.kind === 'blocked' ? ' [blocked]' : ''}`);

test('the way in: internet (a public address) -> gateway -> route -> Service -> pods, the policy that drops the gateway blocked', () => {
  const v = view(WS);
  assert.deepEqual(arrows(v.graph), [
    'o_internet -> g_infra__edge: HTTP 80',
    'o_private -> s_media__jellyfin: TCP 8096',
    'g_infra__edge -> r_httproute__apps__app: web',
    'g_infra__edge -> r_httproute__apps__stray: not attached (hostname) [blocked]',
    'r_httproute__apps__app -> s_apps__api: /api → 80',
    'r_httproute__apps__app -> s_apps__web: / → 80',
    's_apps__api -> w_deployment__apps__api: TCP 8080 blocked: no rule admits Envoy Gateway [blocked]',
    's_apps__web -> w_deployment__apps__web: TCP 8080',
    's_media__jellyfin -> w_deployment__media__jellyfin: TCP 8096',
  ]);
  const blocked = v.graph.edges.find((e) => e.to === 'w_deployment__apps__api' && e.kind);
  assert.deepEqual(blocked?.rules.map((r) => [r.policy, r.ruleIndex]), [['apps/api-in', -1]]);
  const lb = v.graph.edges.find((e) => e.to === 'w_deployment__media__jellyfin' && e.kind);
  assert.match(lb?.caveats[0] ?? '', /^Asked as traffic from outside the cluster \(world\)/);
  assertGolden('wayin.mmd', v.mermaid);
});

test('LoadBalancer Service whose pods a policy isolates: blocked from outside; an open one is let through', () => {
  const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: media}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
  const v = view({ 'file:///media.yaml': LB, 'file:///deny.yaml': deny });
  assert.deepEqual(arrows(v.graph), ['o_private -> s_media__jellyfin: TCP 8096', 's_media__jellyfin -> w_deployment__media__jellyfin: TCP 8096 blocked: no rule admits clients outside the cluster [blocked]']);
});

test('Ingress: outside -> Ingress -> Service -> pods, saying the controller pods are not checked', () => {
  const ing = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: apps}
spec:
  ingressClassName: nginx
  rules:
  - host: web.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
  const v = view({ 'file:///apps.yaml': APPS, 'file:///ing.yaml': ing });
  assert.deepEqual(arrows(v.graph), ['o_outside -> i_ingress__apps__web: HTTP', 'i_ingress__apps__web -> s_apps__web: web.example.com/', 's_apps__web -> w_deployment__apps__web: TCP 8080']);
  const last = v.graph.edges.find((e) => e.to === 'w_deployment__apps__web' && e.kind);
  assert.deepEqual(last?.caveats, ['Policies not checked: NetLens does not know which pods run the ingress controller for Ingress apps/web.']);
});

test('folded view: a gateway stands for its routes (count on the node), and opens by its id in expand', () => {
  const folded = view(WS, { collapseAbove: 3 });
  assert.equal(folded.graph.collapsed, true);
  assert.ok(!folded.graph.nodes.some((n) => n.kind === 'route'));
  assert.equal(folded.graph.nodes.find((n) => n.id === 'g_infra__edge')?.foldedRoutes, 2);
  assert.ok(folded.mermaid.includes('g_infra__edge{{"Gateway infra/edge<br/>192.0.2.7<br/>HTTP 80 #42;.example.com<br/>2 routes folded<br/>#10005; not attached (hostname) (HTTPRoute apps/stray)"}}'), folded.mermaid);
  assert.deepEqual(arrows(folded.graph), ['o_internet -> g_infra__edge: HTTP 80', 'o_private -> n_media: TCP 8096', 'g_infra__edge -> n_apps: /api → 80, / → 80']);
  // The dropped hop (Service api -> its pods) is inside the folded namespace: it stays visible as a mark.
  assert.deepEqual(folded.graph.nodes.find((n) => n.id === 'n_apps')?.badges, ['✕ TCP 8080 blocked: no rule admits Envoy Gateway (api)']);
  assert.ok(folded.mermaid.includes('n_apps[["namespace apps<br/>2 workloads #183; 1 open<br/>#10005; TCP 8080 blocked: no rule admits Envoy Gateway (api)"]]'), folded.mermaid);
  const open = view(WS, { collapseAbove: 3, expand: ['g_infra__edge'] });
  assert.deepEqual(
    open.graph.nodes.filter((n) => n.kind === 'route').map((n) => n.id),
    ['r_httproute__apps__app', 'r_httproute__apps__stray'],
  );
});

test('without external peers, or a namespace filter that leaves the Services out, there is no way in', () => {
  assert.deepEqual(arrows(view(WS, { externalPeers: false }).graph), []);
  assert.deepEqual(arrows(view(WS, { namespaces: ['media'] }).graph), ['o_private -> s_media__jellyfin: TCP 8096', 's_media__jellyfin -> w_deployment__media__jellyfin: TCP 8096']);
});

test('the preview of a route file (file scope) shows its way in: the namespaces it sends to are in scope', () => {
  const files = new Map(Object.entries(WS).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)] as const));
  const model = buildModel([...files.values()], DEFAULT_OPTIONS);
  const v = topologyView(model, { externalPeers: true }, { kind: 'file', uri: 'file:///routes.yaml' }, wayInOf(model, files, DEFAULT_OPTIONS));
  assert.deepEqual(
    v.graph.nodes.filter((n) => n.kind === 'route' || n.kind === 'service').map((n) => n.id),
    ['r_httproute__apps__app', 'r_httproute__apps__stray', 's_apps__api', 's_apps__web'],
  );
});
