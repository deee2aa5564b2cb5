// What trace, inventory and hover make of a rule's backends that carry no client traffic: a backendRef with weight 0
// (BackendRef.weight) and a RequestMirror target (its response is ignored), with exact steps and verdicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, inventoryOf, parseFile, traceUrl, type TraceResult } from '../../../server/src/core/index.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { edgeGateway, service } from './fixtures.ts';

const GW = edgeGateway(['{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}']);
const APPS = ['v1', 'v3', 'shadow'].map((n) => `${deployment('apps', n, { app: n }, ['8080'])}---\n${service('apps', n)}`).join('---\n');
const DENY_V1 = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: v1-deny, namespace: apps}\nspec:\n  podSelector: {matchLabels: {app: v1}}\n  policyTypes: [Ingress]\n';
const routeWith = (rule: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  rules:\n${rule}`;
const SPLIT = routeWith('  - backendRefs:\n    - {name: v1, port: 80, weight: 100}\n    - {name: v3, port: 80, weight: 0}\n');
const ALL_ZERO = routeWith('  - backendRefs:\n    - {name: v1, port: 80, weight: 0}\n    - {name: v3, port: 80, weight: 0}\n');
const MIRROR_ONLY = routeWith('  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}}}]\n');
const MIRROR_V1 = routeWith('  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}}}]\n    backendRefs: [{name: v1, port: 80}]\n');

function load(route: string, extra: Record<string, string> = {}) {
  const texts: Record<string, string> = { 'file:///gw.yaml': GW, 'file:///apps.yaml': APPS, 'file:///r.yaml': route, ...extra };
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  return { files, model: buildModel([...files.values()], DEFAULT_OPTIONS) };
}

function trace(route: string, extra: Record<string, string> = {}): TraceResult {
  const { files, model } = load(route, extra);
  const r = traceUrl(model, files, DEFAULT_OPTIONS, 'http://app.example.com/');
  assert.ok(!('error' in r));
  return r;
}

/** The steps after the rule, as [kind, text, ok], and whether the path reaches a pod. */
const after = (r: TraceResult): [[string, string, boolean][], boolean | undefined] => [(r.paths[0]?.steps ?? []).slice(4).map((s) => [s.kind, s.text, s.ok]), r.paths[0]?.reaches];

test('a weight-0 backendRef is not a path of the trace: it is named as receiving no traffic', () => {
  assert.deepEqual(after(trace(SPLIT)), [
    [
      ['service', 'Service apps/v1 port 80 -> targetPort 8080', true],
      ['pods', 'apps/v1', true],
      ['policy', 'Envoy Gateway -> apps/v1 port 8080: allowed: no policy isolates these pods', true],
      ['service', 'backend apps/v3:80: weight 0, receives no traffic', true],
    ],
    true,
  ]);
  const r = trace(SPLIT);
  const step = r.paths[0]!.steps[7]!;
  assert.equal(SPLIT.slice(step.span!.start, step.span!.end), '{name: v3, port: 80, weight: 0}');
});

test('every backendRef with weight 0: no backend receives the request, and the response is left to the implementation', () => {
  assert.deepEqual(after(trace(ALL_ZERO)), [
    [['service', 'every backendRef of the rule has weight 0: no backend receives the request (the Gateway API does not say what the client gets; it is implementation-specific)', false]],
    false,
  ]);
});

test('a rule whose only backend is a RequestMirror target: the client gets the 500, the mirror is shown as a mirror', () => {
  assert.deepEqual(after(trace(MIRROR_ONLY)), [
    [
      ['service', 'no backendRefs: the Gateway answers 500 (a RequestMirror target gets a copy, and its response is ignored)', false],
      ['service', 'Service apps/shadow port 80 -> targetPort 8080 (mirror)', true],
      ['pods', 'apps/shadow', true],
      ['policy', 'Envoy Gateway -> apps/shadow port 8080: allowed: no policy isolates these pods', true],
    ],
    false,
  ]);
});

test('a mirror the data plane reaches does not make the request reach when the real backend is blocked', () => {
  const [steps, reaches] = after(trace(MIRROR_V1, { 'file:///np.yaml': DENY_V1 }));
  assert.equal(reaches, false);
  assert.deepEqual(steps.filter(([k]) => k === 'policy').map(([, t, ok]) => [t, ok]), [
    ['Envoy Gateway -> apps/shadow port 8080: allowed: no policy isolates these pods', true],
    ['Envoy Gateway -> apps/v1 port 8080: blocked: apps/v1-deny admit no Envoy Gateway traffic', false],
  ]);
});

test('inventory: a weight-0 backendRef is not an exposed endpoint; hover says it receives no traffic', () => {
  const { files, model } = load(SPLIT);
  assert.deepEqual(inventoryOf(model, files, DEFAULT_OPTIONS).endpoints.map((e) => [e.route, e.service, e.port]), [['HTTPRoute apps/r', 'v1', 80]]);
  const zero = load(ALL_ZERO);
  assert.deepEqual(inventoryOf(zero.model, zero.files, DEFAULT_OPTIONS).endpoints.map((e) => [e.route, e.service, e.port]), [['HTTPRoute apps/r', '(no backend)', null]]);
  const h = hoverAt(files.get('file:///r.yaml')!, SPLIT.indexOf('name: r') + 6, model, { workspace: { files, options: DEFAULT_OPTIONS } });
  assert.deepEqual(h?.markdown.split('\n').filter((l) => l.startsWith('- ') && !l.includes('Gateway')), ['- Service `apps/v1` port 80 → targetPort 8080: Deployment v1', '- apps/v3:80: weight 0, receives no traffic']);
});
