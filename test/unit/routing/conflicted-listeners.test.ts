// Conflicted listeners (gateway_types.go "Distinct Listeners", "Handling indistinct Listeners": ALL indistinct
// listeners are not accepted): check, attachment, trace, inventory and hover read the one computation in listeners.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, inventoryOf, parseFile, routingOf, traceUrl, type TraceResult } from '../../../server/src/core/index.ts';
import { deployment, wsFindings } from '../rules/workspace-harness.ts';
import { service } from './fixtures.ts';

const gateway = (listeners: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: apps}\nspec:\n  gatewayClassName: x\n  listeners:\n${listeners}`;
// The audit's probe p11: HTTP and TCP on port 80 (CRD-valid: the CEL rule only rejects an identical port+protocol+hostname).
const P11 = gateway('  - {name: web, port: 80, protocol: HTTP}\n  - {name: raw, port: 80, protocol: TCP}\n');
const ROUTE = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: apps}\nspec:\n  parentRefs: [{name: gw, sectionName: web}]\n  rules:\n  - backendRefs: [{name: web, port: 80}]\n';
const APP = `${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${service('apps', 'web')}`;

function load(gw: string, route = ROUTE) {
  const texts: Record<string, string> = { 'file:///gw.yaml': gw, 'file:///r.yaml': route, 'file:///app.yaml': APP };
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  return { texts, files, model: buildModel([...files.values()], DEFAULT_OPTIONS) };
}

function trace(gw: string, url: string, route = ROUTE): TraceResult {
  const { files, model } = load(gw, route);
  const r = traceUrl(model, files, DEFAULT_OPTIONS, url);
  assert.ok(!('error' in r));
  return r;
}

test('a route on a Conflicted listener does not attach: reported on the route, absent from the inventory', () => {
  const { texts, files, model } = load(P11);
  const routing = routingOf(model, files, DEFAULT_OPTIONS);
  assert.deepEqual(routing.parents.map((p) => [p.attached.length, p.verdicts.map((v) => [v.listener.name, v.refused])]), [[0, [['web', 'conflicted']]]]);
  assert.deepEqual(wsFindings(texts, 'listener-conflict').map((f) => [f.uri, f.at, f.message]), [
    ['file:///gw.yaml', 'web', 'Listener "web" shares port 80 with "raw" (TCP), whose protocol cannot be served on the same port: the controller marks every such listener Conflicted (ProtocolConflict) and serves none of them (a controller that does not support TCP listeners rejects the TCP one alone, and may then accept the others).'],
    ['file:///gw.yaml', 'raw', 'Listener "raw" shares port 80 with "web" (HTTP), whose protocol cannot be served on the same port: the controller marks every such listener Conflicted (ProtocolConflict) and serves none of them (a controller that does not support TCP listeners rejects the TCP one alone, and may then accept the others).'],
    ['file:///r.yaml', 'gw', 'HTTPRoute "r" attaches to no listener of Gateway "gw": listener "web" (HTTP 80) is Conflicted (ProtocolConflict) with "raw" and not accepted, so it serves no request.'],
  ]);
  // Not "route-not-allowed": the namespace and kind are fine.
  assert.deepEqual(wsFindings(texts, 'route-not-allowed'), []);
  assert.deepEqual(inventoryOf(model, files, DEFAULT_OPTIONS).endpoints, []);
});

test('trace: a request only a Conflicted listener would take stops at that listener', () => {
  const r = trace(P11, 'http://foo.example.com/');
  assert.deepEqual(r.paths.map((p) => [p.reaches, p.steps.map((s) => [s.kind, s.text, s.ok])]), [
    [false, [
      ['address', 'Gateway apps/gw (address assigned by the cluster; none requested in the manifest)', true],
      ['listener', 'listener "web" HTTP 80 is Conflicted (ProtocolConflict) with "raw" (TCP): the controller does not accept it and serves nothing through it', false],
    ]],
  ]);
});

// (Two listeners with one protocol, port and hostname are rejected by the CRD's CEL rule and never stored; HTTPS and
// TLS with one hostname on one port are CRD-valid and indistinct: the TLS server name cannot pick one.)
test('trace: HTTPS and TLS listeners with one hostname are both Conflicted; the request goes to the accepted catch-all', () => {
  const gw = gateway(
    '  - {name: e, port: 443, protocol: HTTPS, hostname: foo.example.com, tls: {certificateRefs: [{name: c}]}}\n' +
      '  - {name: f, port: 443, protocol: TLS, hostname: foo.example.com, tls: {mode: Passthrough}}\n' +
      '  - {name: any, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: c}]}}\n',
  );
  const route = ROUTE.replace('sectionName: web', 'port: 443');
  const r = trace(gw, 'https://foo.example.com/', route);
  assert.deepEqual(r.paths[0]?.steps.slice(1, 3).map((s) => [s.kind, s.text, s.ok]), [
    ['listener', 'listener "any" HTTPS 443', true],
    ['route', 'HTTPRoute apps/r', true],
  ]);
  assert.equal(r.paths[0]?.reaches, true);
  const { files, model } = load(gw, route);
  assert.deepEqual(inventoryOf(model, files, DEFAULT_OPTIONS).endpoints.map((e) => [e.listener, e.hostname]), [['any', '*']]);
  assert.deepEqual(routingOf(model, files, DEFAULT_OPTIONS).parents[0]?.verdicts.map((v) => [v.listener.name, v.refused ?? null]), [['e', 'conflicted'], ['f', 'conflicted'], ['any', null]]);
});

test('which listeners are Conflicted: indistinct ones only; HTTP beside HTTPS on one port is distinct and said to be implementation-specific', () => {
  const gw = gateway(
    '  - {name: plain, port: 9000, protocol: HTTP}\n' +
      '  - {name: tls, port: 9000, protocol: HTTPS, hostname: x.example.com, tls: {certificateRefs: [{name: c}]}}\n' +
      '  - {name: t1, port: 7000, protocol: TCP}\n  - {name: u1, port: 7000, protocol: UDP}\n' +
      '  - {name: t2, port: 7001, protocol: TCP}\n  - {name: p, port: 7001, protocol: TLS, tls: {mode: Passthrough}}\n',
  );
  const { files, model, texts } = load(gw, ROUTE.replace('sectionName: web', 'sectionName: plain'));
  const routing = routingOf(model, files, DEFAULT_OPTIONS);
  assert.deepEqual(routing.listeners.map((s) => [s.listener.name, s.conflict ?? null, s.mixedWith?.map((l) => l.name) ?? null]), [
    ['plain', null, ['tls']],
    ['tls', null, ['plain']],
    ['t1', null, null],
    ['u1', null, null],
    ['t2', 'ProtocolConflict', null],
    ['p', 'ProtocolConflict', null],
  ]);
  // The HTTP listener still takes its route.
  assert.deepEqual(routing.parents.map((p) => p.attached.map((v) => v.listener.name)), [['plain']]);
  assert.deepEqual(wsFindings(texts, 'listener-conflict').filter((f) => f.at === 'plain').map((f) => [f.severity, f.message]), [
    ['information', 'Listener "plain" (HTTP) shares port 9000 with "tls" (HTTPS x.example.com): the Gateway API counts plain HTTP and TLS on one port as distinct, but whether one port serves both is implementation-specific; a controller that cannot marks them Conflicted (ProtocolConflict) and serves none of them.'],
  ]);
});

test('hover: the listener says it is Conflicted; the route says why it attaches to nothing', () => {
  const { texts, files, model } = load(P11);
  const at = (uri: string, needle: string, delta: number) => hoverAt(files.get(uri)!, texts[uri]!.indexOf(needle) + delta, model, { workspace: { files, options: DEFAULT_OPTIONS } })?.markdown ?? '';
  assert.ok(at('file:///gw.yaml', '{name: web', 8).includes('- **Conflicted** (ProtocolConflict) with `raw`: the controller does not accept it, so no route attaches and it serves nothing.'));
  assert.ok(at('file:///gw.yaml', '{name: web', 8).includes('**Refused:** HTTPRoute apps/r: the listener is Conflicted and not accepted'));
  assert.ok(at('file:///r.yaml', 'name: r', 6).includes('- Gateway apps/gw (sectionName web): **attached to no listener** (web: the listener is Conflicted and not accepted)'));
});
