// Gateway API objects through kustomize builds, as `kustomize build` makes them: namespace, namePrefix/nameSuffix,
// strategic-merge patches (no schema: maps merge, lists replaced, null deletes), and name references that do
// (Ingress backends) and do not (parentRefs, backendRefs) follow a renamed object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { buildGatewayModel } from '../../../server/src/core/kinds/gateway/model.ts';
import { kustomizeBuild } from '../../../server/src/core/model/kustomize/build.ts';
import { wsFindings } from '../rules/workspace-harness.ts';

const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
const gw = (files: Record<string, string>) => buildGatewayModel(Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts)), 'default');

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs:
  - name: edge
    namespace: infra
  hostnames: [a.example.com, b.example.com]
  rules:
  - backendRefs:
    - name: web
      port: 80
`;
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
      - path: /old
        pathType: Prefix
        backend:
          service: {name: legacy, port: {number: 80}}
`;

const overlay = {
  'base/kustomization.yaml': 'resources: [route.yaml, svc.yaml, ingress.yaml]\n',
  'base/route.yaml': ROUTE,
  'base/svc.yaml': SVC,
  'base/ingress.yaml': INGRESS,
  'overlays/prod/kustomization.yaml': 'namespace: shop\nnamePrefix: prod-\nresources: [../../base]\npatches:\n- path: route-patch.yaml\n',
  'overlays/prod/route-patch.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n  hostnames: [shop.example.com]\n',
};

test('namespace and namePrefix apply to routes; a patch replaces the hostnames list and keeps the rest; the patch file is no route', () => {
  const m = gw(overlay);
  assert.deepEqual(m.routes.map((r) => [r.id, r.hostnames.map((h) => h.value)]), [['shop/prod-web', ['shop.example.com']]]);
  const r = m.routes[0]!;
  // kustomize has no name reference for parentRefs or backendRefs: they keep the names as written.
  assert.deepEqual(r.parentRefs.map((p) => `${p.namespace}/${p.name}`), ['infra/edge']);
  assert.deepEqual(r.rules[0]!.backendRefs.map((b) => `${b.namespace}/${b.name}:${b.port}`), ['shop/web:80']);
  assert.equal(r.uri, 'file:///repo/base/route.yaml', 'the route is the base file\'s, as placed by the overlay');
});

test('an Ingress backend follows the Service the same build renamed (kustomize\'s builtin name reference); others stay', () => {
  const m = gw(overlay);
  assert.deepEqual(m.ingresses.map((i) => [i.id, i.paths.map((p) => p.serviceName)]), [['shop/prod-site', ['prod-web', 'legacy']]]);
});

test('the renamed Service and the unrenamed backendRef disagree, as in the built output: unknown-backend', () => {
  const files = Object.fromEntries(Object.entries(overlay).map(([u, t]) => [`file:///repo/${u}`, t]));
  const found = wsFindings(files, 'unknown-backend');
  assert.deepEqual(found.map((f) => [f.uri, f.at]), [['file:///repo/base/route.yaml', 'web']]);
  assert.match(found[0]!.message, /^Service "web" in namespace "shop" is not in the workspace/);
});

test('patch semantics without a schema: nested maps merge, null deletes a field, lists are replaced whole', () => {
  const m = gw({
    'kustomization.yaml': 'resources: [gw.yaml]\npatches:\n- patch: |-\n    apiVersion: gateway.networking.k8s.io/v1\n    kind: Gateway\n    metadata: {name: edge}\n    spec:\n      infrastructure: null\n      listeners:\n      - {name: https, protocol: HTTPS, port: 8443, tls: {certificateRefs: [{name: c}]}}\n',
    'gw.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: infra}\nspec:\n  gatewayClassName: eg\n  infrastructure: {annotations: {a: b}}\n  listeners:\n  - {name: http, protocol: HTTP, port: 80}\n  - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: c}]}}\n',
  });
  assert.deepEqual(m.gateways.map((g) => [g.id, g.className, g.listeners.map((l) => `${l.name}:${l.port}`)]), [['infra/edge', 'eg', ['https:8443']]]);
});

test('patch directives as merge2 reads them: $patch: delete removes a field or the whole object, $patch: replace swaps a map', () => {
  const GW = 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: infra}\nspec:\n  gatewayClassName: eg\n  infrastructure: {annotations: {a: b}, labels: {l: m}}\n  listeners:\n  - {name: http, protocol: HTTP, port: 80}\n';
  const patch = (spec: string) => `resources: [gw.yaml]\npatches:\n- patch: |-\n    apiVersion: gateway.networking.k8s.io/v1\n    kind: Gateway\n    metadata: {name: edge}\n${spec}`;
  // the whole object deleted: no Gateway in the build
  assert.deepEqual(gw({ 'kustomization.yaml': patch('    $patch: delete\n'), 'gw.yaml': GW }).gateways, []);
  // a field deleted; the rest kept
  const field = gw({ 'kustomization.yaml': patch('    spec:\n      listeners:\n      - {name: http, protocol: HTTP, port: 8080}\n      infrastructure: {$patch: delete}\n'), 'gw.yaml': GW });
  assert.deepEqual(field.gateways.map((g) => [g.id, g.listeners.map((l) => `${l.name}:${l.port}`)]), [['infra/edge', ['http:8080']]]);
  // a map replaced, not merged: the directive itself is never data
  const replaced = gw({ 'kustomization.yaml': patch('    spec:\n      $patch: replace\n      gatewayClassName: other\n      listeners:\n      - {name: web, protocol: HTTP, port: 81}\n'), 'gw.yaml': GW });
  assert.deepEqual(replaced.gateways.map((g) => [g.id, g.className, g.listeners.map((l) => `${l.name}:${l.port}`)]), [['infra/edge', 'other', ['web:81']]]);
});

test('a core Service patch merges its ports by port and protocol (kustomize knows its schema), as the model reads it', () => {
  const LB = 'apiVersion: v1\nkind: Service\nmetadata: {name: edge, namespace: infra}\nspec:\n  type: LoadBalancer\n  selector: {app: edge}\n  ports:\n  - {name: http, port: 80, nodePort: 30080}\n  - {name: https, port: 443}\n  - {name: dns, port: 53, protocol: UDP}\n';
  const patch = 'apiVersion: v1\nkind: Service\nmetadata: {name: edge}\nspec:\n  ports:\n  - {port: 80, nodePort: 31080}\n  - {port: 8443, name: alt}\n  - {port: 53, protocol: TCP, name: dns-tcp}\n  - {port: 443, $patch: delete}\n';
  const files = { 'kustomization.yaml': `resources: [svc.yaml]\npatches:\n- path: patch.yaml\n`, 'svc.yaml': LB, 'patch.yaml': patch };
  const m = gw(files);
  const ports = (ps: { port: number; nodePort?: number; protocol: string; name?: string }[]) => ps.map((p) => `${p.name}:${p.port}/${p.protocol}${p.nodePort ? `>${p.nodePort}` : ''}`);
  // 80/TCP merged (its name kept, nodePort patched), 443 deleted, 53/UDP kept beside the new 53/TCP, 8443 appended
  assert.deepEqual(m.entryServices.map((e) => [e.id, ports(e.ports)]), [['infra/edge', ['http:80/TCP>31080', 'dns:53/UDP', 'alt:8443/TCP', 'dns-tcp:53/TCP']]]);
  // the model (model/kustomize/transform.ts) reads the same ports
  const model = buildModel(Object.entries(files).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts)), opts);
  const svc = model.services.find((x) => x.name === 'edge');
  assert.deepEqual(svc?.ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).sort(), ['53/TCP', '53/UDP', '80/TCP', '8443/TCP']);
});

test('without a kustomization, objects read as written (one namespace, no rename)', () => {
  const m = gw({ 'route.yaml': ROUTE, 'ingress.yaml': INGRESS });
  assert.deepEqual([m.routes.map((r) => r.id), m.ingresses.map((i) => i.paths.map((p) => p.serviceName))], [['default/web'], [['web', 'legacy']]]);
});

test('a finding on what a patch wrote lands on the patched object\'s name in its own file, never at a stray offset', () => {
  const files = {
    'file:///repo/kustomization.yaml': 'resources: [route.yaml]\npatches:\n- patch: |-\n    apiVersion: gateway.networking.k8s.io/v1\n    kind: HTTPRoute\n    metadata: {name: web}\n    spec:\n      rules:\n      - backendRefs: [{name: api, port: 80}]\n',
    'file:///repo/route.yaml': ROUTE,
  };
  const found = wsFindings(files, 'unknown-backend');
  assert.deepEqual(found.map((f) => [f.uri, f.at, f.line]), [['file:///repo/route.yaml', 'web', 3]]);
  assert.match(found[0]!.message, /^Service "api" in namespace "default"/);
});

test('a kustomization with transformer configurations says that their name references are not followed', () => {
  const files = {
    'file:///repo/kustomization.yaml': 'namePrefix: prod-\nresources: [route.yaml]\nconfigurations: [gateway-refs.yaml]\n',
    'file:///repo/gateway-refs.yaml': 'nameReference:\n- kind: Gateway\n  fieldSpecs:\n  - {kind: HTTPRoute, path: spec/parentRefs/name}\n',
    'file:///repo/route.yaml': ROUTE,
  };
  const found = wsFindings(files, 'kustomize-not-modelled');
  assert.deepEqual(found.map((f) => [f.uri, f.at]), [['file:///repo/kustomization.yaml', 'configurations']]);
  assert.match(found[0]!.message, /transformer configurations are not modelled: a name reference they add/);
});

test('one kustomize build serves the model and the gateway model of the same files (built once, the same result)', () => {
  const files = Object.entries(overlay).map(([u, t]) => parseFile(`file:///repo/${u}`, t, opts));
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const model = buildModel(files, opts);
  const kz = kustomizeBuild(sorted);
  assert.equal(kz.covered, model.kustomizeCovered, "the model's build is the one handed out again for the same list");
  assert.equal(kustomizeBuild([...sorted]), kz, 'an equal list of the same parsed files: no second build');
  assert.deepEqual(buildGatewayModel(files, 'default').routes.map((r) => r.id), ['shop/prod-web']);
  assert.equal(kustomizeBuild(sorted), kz, 'the gateway model read the same build');
  // A new parse of one file is another list: built anew.
  const reparsed = sorted.map((f) => (f.uri.endsWith('route-patch.yaml') ? parseFile(f.uri, f.text, opts) : f));
  assert.notEqual(kustomizeBuild(reparsed), kz);
});
