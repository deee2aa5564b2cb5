// listener-tls-missing: an HTTPS listener without tls (Listener.tls "is required if the Protocol field is HTTPS or
// TLS"; the CRD's CEL enforces it for TLS only). The audit's probe p16-https-notls, and what is not reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, traceUrl } from '../../../server/src/core/index.ts';
import { wsFindings } from '../rules/workspace-harness.ts';

const gateway = (listeners: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: apps}\nspec:\n  gatewayClassName: x\n  listeners:\n${listeners}`;
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata: {name: c, namespace: apps}\ntype: kubernetes.io/tls\ndata: {tls.crt: "", tls.key: ""}\n';

test('an HTTPS listener without tls is reported at its name, with why and what is implementation-specific', () => {
  const f = wsFindings({ 'file:///gw.yaml': gateway('  - {name: https, port: 443, protocol: HTTPS, hostname: a.example.com}\n') }, 'listener-tls-missing');
  assert.deepEqual(f.map((x) => [x.at, x.line, x.severity, x.message]), [
    ['https', 6, 'warning', 'Listener "https" is HTTPS but has no tls: the Gateway API requires tls on an HTTPS listener (the CRD does not enforce it), so the controller has no certificate to terminate TLS with and the listener serves no HTTPS; how it reports that in the status is implementation-specific.'],
  ]);
});

test('not reported: HTTPS with certificateRefs or with options only, HTTP, and TLS (whose missing tls the CRD rejects)', () => {
  const listeners =
    '  - {name: refs, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: c}]}}\n' +
    '  - {name: opts, port: 8443, protocol: HTTPS, tls: {options: {example.com/cert: x}}}\n' +
    '  - {name: plain, port: 80, protocol: HTTP}\n' +
    '  - {name: pass, port: 9443, protocol: TLS, tls: {mode: Passthrough}}\n';
  assert.deepEqual(wsFindings({ 'file:///gw.yaml': gateway(listeners), 'file:///s.yaml': SECRET }, 'listener-tls-missing'), []);
  // A TLS listener without tls is the CRD's error (gateway-rule), not this rule's.
  const tls = { 'file:///gw.yaml': gateway('  - {name: raw, port: 443, protocol: TLS}\n') };
  assert.deepEqual(wsFindings(tls, 'listener-tls-missing'), []);
  assert.deepEqual(wsFindings(tls, 'gateway-rule').map((x) => x.message), ['spec.listeners: tls mode must be set for protocol TLS. The API server rejects this Gateway (a validation rule of its CRD).']);
});

test('trace stops at an HTTPS listener without tls', () => {
  const texts: Record<string, string> = {
    'file:///gw.yaml': gateway('  - {name: https, port: 443, protocol: HTTPS, hostname: a.example.com}\n'),
    'file:///r.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: apps}\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n  - backendRefs: [{name: web, port: 80}]\n',
  };
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  const r = traceUrl(buildModel([...files.values()], DEFAULT_OPTIONS), files, DEFAULT_OPTIONS, 'https://a.example.com/');
  assert.ok(!('error' in r));
  assert.deepEqual(r.paths.map((p) => [p.reaches, p.steps.slice(1).map((s) => [s.kind, s.text, s.ok])]), [
    [false, [['listener', 'listener "https" HTTPS 443 a.example.com: no tls, so no certificate to terminate TLS with', false]]],
  ]);
});

test('an HTTPS listener without tls accepts no route: the route says so, and trace goes to a listener with tls when one takes the host', () => {
  const listeners = '  - {name: https, port: 443, protocol: HTTPS, hostname: a.example.com}\n  - {name: wild, port: 443, protocol: HTTPS, hostname: "*.example.com", tls: {certificateRefs: [{name: c}]}}\n';
  const route = (section: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: apps}\nspec:\n  parentRefs: [{name: gw${section}}]\n  rules:\n  - backendRefs: [{name: web, port: 80}]\n`;
  const only = wsFindings({ 'file:///gw.yaml': gateway(listeners), 'file:///s.yaml': SECRET, 'file:///r.yaml': route(', sectionName: https') }, 'listener-tls-missing');
  assert.deepEqual(only.map((x) => [x.uri, x.message]), [
    ['file:///gw.yaml', 'Listener "https" is HTTPS but has no tls: the Gateway API requires tls on an HTTPS listener (the CRD does not enforce it), so the controller has no certificate to terminate TLS with and the listener serves no HTTPS; how it reports that in the status is implementation-specific.'],
    ['file:///r.yaml', 'HTTPRoute "r" attaches to no listener of Gateway "gw": listener "https" (HTTPS 443 a.example.com) is HTTPS without tls (no certificate to terminate TLS with), so it serves no request.'],
  ]);
  const texts: Record<string, string> = { 'file:///gw.yaml': gateway(listeners), 'file:///s.yaml': SECRET, 'file:///r.yaml': route('') };
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  const r = traceUrl(buildModel([...files.values()], DEFAULT_OPTIONS), files, DEFAULT_OPTIONS, 'https://a.example.com/');
  assert.ok(!('error' in r));
  assert.deepEqual(r.paths.map((p) => p.steps.find((s) => s.kind === 'listener')?.text), ['listener "wild" HTTPS 443 *.example.com']);
});
