// netlens trace and netlens inventory over the bundled examples/ workspace (its Gateway in examples/gateway/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeCopy, REPO, runCli, tempRepo } from './helpers.ts';

test('trace: https://shop.example.net/cart is routed to shop/frontend and blocked by the shop policies (exit 1)', () => {
  const r = runCli(['trace', '--format', 'json', 'https://shop.example.net/cart', 'examples'], REPO);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual([out.host, out.port, out.path], ['shop.example.net', 443, '/cart']);
  assert.equal(out.paths.length, 1);
  const steps = out.paths[0].steps.map((s: { kind: string; text: string; ok: boolean; file: string | null; range: { start: { line: number } } | null }) => [s.kind, s.text, s.ok, s.file, s.range?.start.line]);
  assert.deepEqual(steps, [
    ['address', '203.0.113.10 (Gateway gateway/edge)', true, 'examples/gateway/gateway.yaml', 21],
    ['listener', 'listener "https" HTTPS 443 *.example.net', true, 'examples/gateway/gateway.yaml', 34],
    ['route', 'HTTPRoute gateway/shop', true, 'examples/gateway/routes.yaml', 7],
    ['rule', 'rules[0]: PathPrefix /', true, 'examples/gateway/routes.yaml', 16],
    ['service', 'Service shop/frontend port 80 -> targetPort http', true, 'examples/shop/frontend.yaml', 29],
    ['pods', 'shop/frontend', true, 'examples/shop/frontend.yaml', 3],
    ['policy', 'Envoy Gateway -> shop/frontend port 8080: blocked: shop/allow-prometheus-scrape, shop/default-deny, shop/frontend admit no Envoy Gateway traffic', false, 'examples/shop/policies/allow-prometheus-scrape.yaml', 5],
  ]);
});

test('trace: text output, a URL nothing serves, and a bad URL', () => {
  const text = runCli(['trace', 'http://shop.example.net/', 'examples'], REPO);
  assert.match(text.stdout, /^http:\/\/shop\.example\.net:80\/\n\nvia Gateway gateway\/edge: does not reach any pod\n/);
  assert.match(text.stdout, /rule {5}rules\[0\]: PathPrefix \/ \(no matches\); filters: RequestRedirect {2}examples\/gateway\/routes\.yaml:52:7/);
  const none = runCli(['trace', 'http://nothing.example.org/', 'examples/gateway'], REPO);
  assert.equal(none.status, 1);
  assert.match(none.stdout, /No HTTP listener on port 80 of a Gateway in the workspace, and no Ingress or IngressRoute, serves nothing\.example\.org\./);
  const bad = runCli(['trace', 'ftp://x/', 'examples'], REPO);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'netlens trace: only http and https URLs can be traced, not ftp\n');
});

// Two routes of the conformance test HTTPRouteMatchingAcrossRoutes, trimmed: part2 serves `version: two` on "/".
const ACROSS = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: same-namespace, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching-part1, namespace: infra}
spec:
  parentRefs: [{name: same-namespace}]
  hostnames: [example.com]
  rules:
  - backendRefs: [{name: v1, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching-part2, namespace: infra}
spec:
  parentRefs: [{name: same-namespace}]
  hostnames: [example.com]
  rules:
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: v2, port: 8080}]
`;

test('trace: a rule that needs a header is a conditional step, with "condition" in JSON and "if ..." in text', (t) => {
  const dir = tempRepo({ 'k8s/routes.yaml': ACROSS });
  t.after(() => removeCopy(dir));
  const json = runCli(['trace', '--format', 'json', 'http://example.com/', 'k8s'], dir);
  assert.equal(json.status, 1, json.stderr);
  const steps = (JSON.parse(json.stdout) as { paths: { steps: { kind: string; text: string; condition?: string; file: string | null; range: { start: { line: number } } | null }[] }[] }).paths[0]!.steps;
  assert.deepEqual(
    steps.filter((s) => s.kind === 'route' || s.kind === 'rule').map((s) => [s.kind, s.condition ?? null, s.text, s.file, s.range?.start.line]),
    [
      ['route', null, 'HTTPRoute infra/matching-part1', 'k8s/routes.yaml', 9],
      ['rule', null, 'rules[0]: PathPrefix / (no matches)', 'k8s/routes.yaml', 14],
      ['rule', 'header version: two', 'if the request has header version: two: would instead go to HTTPRoute infra/matching-part2 rules[0]: PathPrefix /, header version: two -> v2:8080', 'k8s/routes.yaml', 23],
    ],
  );
  // Only conditional steps carry the key.
  assert.deepEqual(steps.map((s) => 'condition' in s), steps.map((s) => s.text.startsWith('if ')));
  const text = runCli(['trace', 'http://example.com/', 'k8s'], dir).stdout;
  assert.match(text, /\n {4}rule {5}if the request has header version: two: would instead go to HTTPRoute infra\/matching-part2 rules\[0\]: PathPrefix \/, header version: two -> v2:8080 {2}k8s\/routes\.yaml:24:\d+\n/);
});

test('inventory: gateways, endpoints, LoadBalancer Services and grants as JSON; markdown sections', () => {
  const r = runCli(['inventory', '--format', 'json', 'examples'], REPO);
  assert.equal(r.status, 0, r.stderr);
  const inv = JSON.parse(r.stdout);
  assert.deepEqual(inv.gateways.map((g: { id: string; dataPlane: string; addresses: string[]; exposure: string }) => [g.id, g.dataPlane, g.addresses, g.exposure]), [['gateway/edge', 'Envoy Gateway', ['203.0.113.10'], 'external']]);
  assert.deepEqual(inv.endpoints.map((e: { hostname: string; service: string; namespace: string; port: number | null }) => [e.hostname, e.service, e.namespace, e.port]), [
    ['shop.example.net', 'frontend', 'shop', 80],
    ['metrics.example.net', 'prometheus', 'monitoring', 9090],
    ['*.example.net', '(no backend)', '', null],
  ]);
  assert.deepEqual(inv.entryServices.map((s: { id: string; type: string }) => [s.id, s.type]), [['ingress-nginx/ingress-nginx-controller', 'LoadBalancer']]);
  assert.deepEqual(inv.grants, [{ id: 'shop/gateway-routes-to-frontend', from: ['HTTPRoute in gateway'], to: ['Service frontend'], used: true }]);
  const md = runCli(['inventory', 'examples'], REPO).stdout;
  for (const h of ['# Inventory', '## Gateways', '## Exposed endpoints', '## LoadBalancer and NodePort Services', '## Policies by namespace', '## ReferenceGrants', '## Coverage']) assert.ok(md.includes(`\n${h}\n`) || md.startsWith(`${h}\n`), h);
});
