// Gateway API validation = the API server: CRD schema constraints (gateway-schema) and CEL rules (gateway-rule),
// with defaults applied before CEL and transition rules skipped. Exact ranges and messages per rule family.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { isRejected } from '../../../server/src/core/validate/index.ts';
import { applyFix, codes, findings } from './rule-harness.ts';
import { wsFindings } from './workspace-harness.ts';

const gw = (spec: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n  gatewayClassName: envoy\n${spec}`;
const route = (spec: string, kind = 'HTTPRoute') => `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r, namespace: app}\nspec:\n${spec}`;
const rejected = (text: string): boolean => isRejected(parseFile('file:///g.yaml', text, DEFAULT_OPTIONS).objects[0]!, DEFAULT_OPTIONS);

test('valid Gateway, HTTPRoute, GRPCRoute and ReferenceGrant give no finding', () => {
  const g = gw(`  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - name: https
    protocol: HTTPS
    port: 443
    hostname: "*.example.com"
    tls: {mode: Terminate, certificateRefs: [{name: cert}]}
    allowedRoutes: {namespaces: {from: All}}
`);
  assert.deepEqual(codes(g), []);
  assert.equal(rejected(g), false);
  const r = route(`  parentRefs: [{name: gw, namespace: infra, sectionName: https}]
  hostnames: [app.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-env, value: prod}]}]
    filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-a, value: b}]}}]
    backendRefs: [{name: api, port: 8080, weight: 1}]
    timeouts: {request: 10s, backendRequest: 5s}
`);
  assert.deepEqual(codes(r), []);
  assert.deepEqual(codes(route('  rules:\n  - matches: [{method: {service: foo.Bar}}]\n    backendRefs: [{name: grpc, port: 50051}]\n', 'GRPCRoute')), []);
  const grant = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: db}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}]\n  to: [{group: "", kind: Service}]\n';
  assert.deepEqual(codes(grant), []);
});

test('gateway-rule, listeners: unique names, tls only for HTTPS/TLS, no hostname for TCP', () => {
  // A repeated listener name breaks both the list's map key (name) and the CEL rule restating it: reported once,
  // by gateway-schema at the repeated item, not a second time by gateway-rule on the list.
  const twice = gw('  listeners:\n  - {name: a, protocol: HTTP, port: 80}\n  - {name: a, protocol: HTTP, port: 8080}\n');
  assert.deepEqual(findings(twice, 'gateway-rule'), []);
  assert.deepEqual(findings(twice, 'gateway-schema').map((f) => [f.line, f.message]), [[7, 'spec.listeners: two items have the same name "a"; each name may appear once; the API server rejects the Gateway.']]);
  assert.ok(rejected(twice));
  // The port/protocol/hostname rule restates no map key: still reported.
  const combo = findings(gw('  listeners:\n  - {name: a, protocol: HTTP, port: 80}\n  - {name: b, protocol: HTTP, port: 80}\n'), 'gateway-rule');
  assert.deepEqual(combo.map((f) => f.message), ['spec.listeners: Combination of port, protocol and hostname must be unique for each listener. The API server rejects this Gateway (a validation rule of its CRD).']);
  const tls = findings(gw('  listeners:\n  - {name: a, protocol: HTTP, port: 80, tls: {mode: Terminate, certificateRefs: [{name: c}]}}\n'), 'gateway-rule');
  assert.deepEqual(tls.map((f) => f.message), ["spec.listeners: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']. The API server rejects this Gateway (a validation rule of its CRD)."]);
  const host = findings(gw('  listeners:\n  - {name: a, protocol: TCP, port: 9000, hostname: db.example.com}\n'), 'gateway-rule');
  assert.match(host[0]!.message, /hostname must not be specified for protocols \['TCP', 'UDP'\]/);
  assert.ok(rejected(gw('  listeners:\n  - {name: a, protocol: TCP, port: 9000, hostname: db.example.com}\n')));
});

test('gateway-rule, defaults first: a path match without type is a PathPrefix and must start with /', () => {
  const text = route('  rules:\n  - matches:\n    - path: {value: api}\n    backendRefs: [{name: api, port: 80}]\n');
  const seen = findings(text, 'gateway-rule');
  assert.deepEqual(seen.map((f) => f.at), ['path']);
  assert.match(seen[0]!.message, /^spec\.rules\[0\]\.matches\[0\]\.path: value must be an absolute path and start with '\/' when type one of \['Exact', 'PathPrefix'\]\./);
});

test('gateway-rule, HTTPRoute filters and backends: redirect with backendRefs, repeated filter, portless Service', () => {
  const redirect = findings(route('  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\n    backendRefs: [{name: api, port: 80}]\n'), 'gateway-rule');
  assert.deepEqual(redirect.map((f) => [f.at, f.message]), [['filters', 'spec.rules[0]: RequestRedirect filter must not be used together with backendRefs. The API server rejects this HTTPRoute (a validation rule of its CRD).']]);
  const repeated = findings(route('  rules:\n  - filters:\n    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: b}]}}\n    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: c, value: d}]}}\n'), 'gateway-rule');
  assert.deepEqual(repeated.map((f) => f.at), ['filters']);
  assert.match(repeated[0]!.message, /RequestHeaderModifier filter cannot be repeated/);
  const portless = findings(route('  rules:\n  - backendRefs:\n    - name: api\n'), 'gateway-rule');
  assert.deepEqual(portless.map((f) => [f.at, f.message]), [['name', 'spec.rules[0].backendRefs[0]: Must have port for Service reference. The API server rejects this HTTPRoute (a validation rule of its CRD).']]);
});

test('gateway-rule, timeouts: backendRequest may not exceed request (durations compared in CEL)', () => {
  const text = route('  rules:\n  - timeouts: {request: 1s, backendRequest: 2s}\n    backendRefs: [{name: api, port: 80}]\n');
  const seen = findings(text, 'gateway-rule');
  assert.equal(seen.length, 1);
  assert.match(seen[0]!.message, /backendRequest timeout cannot be longer than request timeout/);
});

test('gateway-rule, GRPCRoute: a method match names a service or a method', () => {
  const seen = findings(route('  rules:\n  - matches: [{method: {type: Exact}}]\n', 'GRPCRoute'), 'gateway-rule');
  assert.deepEqual(seen.map((f) => f.message), ["spec.rules[0].matches[0].method: One or both of 'service' or 'method' must be specified. The API server rejects this GRPCRoute (a validation rule of its CRD)."]);
});

test('gateway-schema: patterns, limits, enums, required fields and map-list keys', () => {
  const port = findings(route('  rules:\n  - backendRefs: [{name: api, port: 70000}]\n'), 'gateway-schema');
  assert.deepEqual(port.map((f) => [f.at, f.message]), [['70000', 'spec.rules[0].backendRefs[0].port: 70000 is above the maximum 65535; the API server rejects the HTTPRoute.']]);
  const host = findings(route('  hostnames: [Example.COM]\n'), 'gateway-schema');
  assert.deepEqual(host.map((f) => f.at), ['Example.COM']);
  const method = findings(route('  rules:\n  - matches: [{method: get}]\n'), 'gateway-schema');
  assert.match(method[0]!.message, /"get" is not one of GET, HEAD, .* \(values are case-sensitive: did you mean GET\?\)/);
  const grant = findings('apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata: {name: g}\nspec:\n  from: [{group: "", kind: HTTPRoute}]\n  to: [{group: "", kind: Service}]\n', 'gateway-schema');
  assert.deepEqual(grant.map((f) => [f.at, f.message]), [['group', 'spec.from[0]: namespace is required; the API server rejects the ReferenceGrant.']]);
  const headers = findings(route('  rules:\n  - matches:\n    - headers:\n      - {name: x, value: a}\n      - {name: x, value: b}\n'), 'gateway-schema');
  assert.deepEqual(headers.map((f) => [f.at, f.message]), [['{name: x, value: b}', 'spec.rules[0].matches[0].headers: two items have the same name "x"; each name may appear once; the API server rejects the HTTPRoute.']]);
});

test('experimental-channel fields are accepted; transition rules and templated values are not judged', () => {
  assert.deepEqual(codes(route('  rules:\n  - retry: {attempts: 2}\n    backendRefs: [{name: api, port: 80}]\n')), []);
  assert.deepEqual(codes(route('  hostnames: ["${APP_HOST}"]\n  rules:\n  - backendRefs: [{name: api, port: 80}]\n')), []);
});

test('a version the Gateway API CRDs do not serve is an error on apiVersion, and such a ReferenceGrant permits nothing', () => {
  const grant = 'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: ReferenceGrant\nmetadata: {name: g, namespace: backend}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}]\n  to: [{group: "", kind: Service}]\n';
  assert.deepEqual(findings(grant, 'gateway-schema').map((f) => [f.severity, f.at, f.message]), [
    ['error', 'gateway.networking.k8s.io/v1alpha2', 'ReferenceGrant is not served in gateway.networking.k8s.io/v1alpha2: the Gateway API CRDs (v1.6) serve gateway.networking.k8s.io/v1 and gateway.networking.k8s.io/v1beta1, so the API server answers "no matches for kind" and the object is never created; NetLens does not read it. Use gateway.networking.k8s.io/v1.'],
  ]);
  assert.deepEqual(codes(route('  rules: [{backendRefs: [{name: api, port: 80}]}]').replace('/v1\n', '/v1alpha2\n')), ['gateway-schema']);
  assert.deepEqual(codes(route('  rules: [{backendRefs: [{name: api, port: 80}]}]', 'GRPCRoute').replace('/v1\n', '/v1beta1\n')), ['gateway-schema']);
  // Served versions, and the kinds NetLens does not analyse (TLSRoute v1alpha2), get nothing.
  assert.deepEqual(codes(grant.replace('v1alpha2', 'v1beta1')), []);
  assert.deepEqual(codes(route('  rules: [{backendRefs: [{name: api, port: 443}]}]', 'TLSRoute').replace('/v1\n', '/v1alpha2\n')), []);
  // The route's cross-namespace backend is not permitted by the unserved grant.
  const r = route('  rules: [{backendRefs: [{name: api, namespace: backend, port: 80}]}]');
  assert.deepEqual(wsFindings({ 'file:///g.yaml': grant, 'file:///r.yaml': r }, 'backend-ref-not-permitted').map((f) => f.uri), ['file:///r.yaml']);
  assert.deepEqual(wsFindings({ 'file:///g.yaml': grant.replace('v1alpha2', 'v1'), 'file:///r.yaml': r }, 'backend-ref-not-permitted'), []);
});

test('an unserved version gets "Use gateway.networking.k8s.io/v1" only when the v1 schema accepts the object as written', () => {
  const grant = 'apiVersion: "gateway.networking.k8s.io/v1alpha2" # old\nkind: ReferenceGrant\nmetadata: {name: g, namespace: backend}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}]\n  to: [{group: "", kind: Service}]\n';
  const [f] = findings(grant, 'gateway-schema');
  assert.deepEqual(f?.fixes.map((x) => [x.title, x.isPreferred]), [['Use gateway.networking.k8s.io/v1', true]]);
  const fixed = applyFix(grant, f!.fixes[0]!);
  assert.equal(fixed, grant.replace('"gateway.networking.k8s.io/v1alpha2"', 'gateway.networking.k8s.io/v1'));
  assert.deepEqual(codes(fixed), []);
  const grpc = route('  rules: [{backendRefs: [{name: api, port: 80}]}]', 'GRPCRoute').replace('/v1\n', '/v1beta1\n');
  assert.deepEqual(codes(applyFix(grpc, findings(grpc, 'gateway-schema')[0]!.fixes[0]!)), []);
  // A field v1 does not have, or a value its CRD rules refuse: no fix (the rewrite would be rejected instead).
  const extra = grant.replace('  to: [', '  legacy: true\n  to: [');
  assert.deepEqual(findings(extra, 'gateway-schema')[0]?.fixes, []);
  const badPort = route('  rules: [{backendRefs: [{name: api, port: 70000}]}]').replace('/v1\n', '/v1alpha2\n');
  assert.deepEqual(findings(badPort, 'gateway-schema')[0]?.fixes, []);
  // Several in one file: each judged on its own text; the second's fix only where its own v1 form is valid.
  const two = `${grant}---\n${extra}---\n${grant.replace('name: g,', 'name: h,')}`;
  assert.deepEqual(findings(two, 'gateway-schema').map((x) => [x.line, x.fixes.length]), [[0, 1], [7, 0], [15, 1]]);
  assert.equal(applyFix(two, findings(two, 'gateway-schema')[2]!.fixes[0]!), `${grant}---\n${extra}---\n${fixed.replace('name: g,', 'name: h,')}`);
  // An item of a `kind: List` gets the fix too (its "- " is not part of the object parsed again).
  const item = grant.replace(' # old', '').split('\n').filter(Boolean).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n');
  const list = `apiVersion: v1\nkind: List\nitems:\n${item}\n`;
  const [lf] = findings(list, 'gateway-schema');
  assert.deepEqual(lf?.fixes.map((x) => x.title), ['Use gateway.networking.k8s.io/v1']);
  assert.equal(applyFix(list, lf!.fixes[0]!), list.replace('"gateway.networking.k8s.io/v1alpha2"', 'gateway.networking.k8s.io/v1'));
});

test('gateway-rule verdicts are kept per value: equal values share one, values that differ in any way are judged apart', () => {
  const rule = (filters: string, backends: string) => route(`  rules:\n  - filters: ${filters}\n    backendRefs: ${backends}\n`);
  const redirect = '[{type: RequestRedirect, requestRedirect: {scheme: https}}]';
  const header = '[{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: b}]}}]';
  // Interleaved, each twice: a remembered verdict must be the one of the same value only.
  const cases: [string, number][] = [
    [rule(redirect, '[{name: api, port: 80}]'), 1],
    [rule(header, '[{name: api, port: 80}]'), 0],
    [rule(redirect, '[]'), 0],
    [rule(redirect, '[{name: api, port: 80}]'), 1],
    [rule(header, '[{name: api, port: 80}]'), 0],
    [rule(redirect, '[]'), 0],
    // Integer and string, same digits: a schema type error (gateway-schema), not the same CEL value.
    [route('  rules:\n  - backendRefs: [{name: api, port: "80"}]\n'), 0],
    [route('  rules:\n  - backendRefs: [{name: api}]\n'), 1],
    [route('  rules:\n  - backendRefs: [{name: api, port: 80}]\n'), 0],
    [route('  rules:\n  - backendRefs: [{name: api}]\n'), 1],
  ];
  assert.deepEqual(cases.map(([text]) => findings(text, 'gateway-rule').length), cases.map(([, n]) => n));
});
