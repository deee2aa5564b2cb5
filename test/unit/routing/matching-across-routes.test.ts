// Gateway API conformance HTTPRouteMatchingAcrossRoutes (kubernetes-sigs/gateway-api conformance/tests/
// httproute-matching-across-routes.{go,yaml}) ported to trace: its two routes and Gateway, its eight requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, traceUrl, type TraceResult } from '../../../server/src/core/index.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { service } from './fixtures.ts';

const NS = 'gateway-conformance-infra';
// The suite's base Gateway `same-namespace` (conformance/base/manifests.yaml): one HTTP listener, routes of its namespace.
const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: same-namespace, namespace: ${NS}}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
`;
// The test's manifest as upstream writes it at 4564255a (gateway.networking.k8s.io/v1).
const ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: matching-part1
  namespace: ${NS}
spec:
  parentRefs:
  - name: same-namespace
  hostnames:
  - example.com
  - example.net
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /
    - headers:
      - name: version
        value: one
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: matching-part2
  namespace: ${NS}
spec:
  hostnames:
  - example.com
  parentRefs:
  - name: same-namespace
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /v2
    - headers:
      - name: version
        value: two
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`;
const BACKENDS = ['infra-backend-v1', 'infra-backend-v2'].map((b) => `${deployment(NS, b, { app: b }, ['3000'])}---\n${service(NS, b, 8080, 3000)}`).join('---\n');

function trace(url: string, routes = ROUTES): TraceResult {
  const texts: Record<string, string> = { 'file:///gateway.yaml': GATEWAY, 'file:///routes.yaml': routes, 'file:///backends.yaml': BACKENDS };
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  const r = traceUrl(buildModel([...files.values()], DEFAULT_OPTIONS), files, DEFAULT_OPTIONS, url);
  assert.ok(!('error' in r));
  return r;
}

/** [route, rule, service] of the answer for a request with just the URL's host and path. */
function answer(url: string, routes = ROUTES): [string | undefined, string | undefined, string | undefined] {
  const steps = trace(url, routes).paths[0]?.steps ?? [];
  const first = (kind: string) => steps.find((s) => s.kind === kind && s.condition === undefined)?.text;
  return [first('route'), first('rule'), first('service')];
}

const conditional = (url: string, routes = ROUTES) => (trace(url, routes).paths[0]?.steps ?? []).filter((s) => s.condition !== undefined).map((s) => [s.condition, s.text]);

const PART1 = `HTTPRoute ${NS}/matching-part1`;
const PART2 = `HTTPRoute ${NS}/matching-part2`;
const V1 = `Service ${NS}/infra-backend-v1 port 8080 -> targetPort 3000`;
const V2 = `Service ${NS}/infra-backend-v2 port 8080 -> targetPort 3000`;

// Both routes name example.com (upstream's part2 had `*.com` until 2022): the hostnames tie, so the matches decide.
test('requests with a host and path only: equal hostnames, the longer prefix wins (cases 1-3 and 5-7)', () => {
  // 1. example.com/ -> infra-backend-v1; 2. example.com/example -> v1; 3. example.net/example -> v1.
  assert.deepEqual(answer('http://example.com/'), [PART1, 'rules[0]: PathPrefix /', V1]);
  assert.deepEqual(answer('http://example.com/example'), [PART1, 'rules[0]: PathPrefix /', V1]);
  assert.deepEqual(answer('http://example.net/example'), [PART1, 'rules[0]: PathPrefix /', V1]);
  // 5. example.com/v2 -> v2: both name example.com, and part2's PathPrefix /v2 beats part1's PathPrefix /.
  assert.deepEqual(answer('http://example.com/v2'), [PART2, 'rules[0]: PathPrefix /v2', V2]);
  // 6. example.net/v2 -> v1: part2 does not name example.net.
  assert.deepEqual(answer('http://example.net/v2'), [PART1, 'rules[0]: PathPrefix /', V1]);
  // 7. example.com/v2/example -> v2.
  assert.deepEqual(answer('http://example.com/v2/example'), [PART2, 'rules[0]: PathPrefix /v2', V2]);
  assert.equal(trace('http://example.com/v2').paths[0]?.reaches, true);
});

test('requests with a header (cases 4 and 8): shown as conditional paths of the URL without it', () => {
  // 4. example.com/example with `Version: one` -> v1: the header match is part1's own rule, so no other path.
  assert.deepEqual(answer('http://example.com/example'), [PART1, 'rules[0]: PathPrefix /', V1]);
  assert.deepEqual(conditional('http://example.com/example'), [
    ['header version: two', `if the request has header version: two: would instead go to ${PART2} rules[0]: PathPrefix /, header version: two -> infra-backend-v2:8080`],
  ]);
  // 8. example.com/ with `Version: two` -> v2: equal hostnames and paths, and one header match beats none.
  assert.deepEqual(conditional('http://example.com/'), [
    ['header version: two', `if the request has header version: two: would instead go to ${PART2} rules[0]: PathPrefix /, header version: two -> infra-backend-v2:8080`],
  ]);
  // At /v2 part2's path already wins: part1's `version: one` match (PathPrefix /) ranks below it and is not listed.
  assert.deepEqual(conditional('http://example.com/v2'), []);
  // part2 does not name example.net: its header match does not apply.
  assert.deepEqual(conditional('http://example.net/'), []);
});

test('the conditional step points at the match that needs the header', () => {
  const step = trace('http://example.com/').paths[0]?.steps.find((s) => s.condition !== undefined);
  assert.equal(step?.uri, 'file:///routes.yaml');
  assert.equal(ROUTES.slice(step!.span!.start, step!.span!.end).trim(), 'headers:\n      - name: version\n        value: two');
});

// HTTPRouteSpec.hostnames: the route with the most characters in a matching non-wildcard hostname comes first, and
// the matches only break a tie. With the test's old part2 (`*.com`), example.com is part1's whatever the path or header.
test('part2 on `*.com` (the test before 2022): the exact hostname ranks first, so example.com never reaches part2', () => {
  const old = ROUTES.replace('  hostnames:\n  - example.com\n  parentRefs:', '  hostnames:\n  - "*.com"\n  parentRefs:');
  assert.notEqual(old, ROUTES);
  assert.deepEqual(answer('http://example.com/v2', old), [PART1, 'rules[0]: PathPrefix /', V1]);
  assert.deepEqual(conditional('http://example.com/', old), []);
  // A host only `*.com` names is part2's alone.
  assert.deepEqual(answer('http://other.com/v2', old), [PART2, 'rules[0]: PathPrefix /v2', V2]);
});
