// A listener admitting routes by namespace labels, a route whose namespace the workspace does not declare:
// trace and inventory say the attachment is not decided instead of "no route serves it" (Tsuguya/home-cluster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, inventoryMarkdown, inventoryOf, parseFile, traceUrl, type TraceResult } from '../../../server/src/core/index.ts';
import { edgeGateway, route } from './fixtures.ts';

const GW = edgeGateway(['{name: https, protocol: HTTP, port: 80, hostname: "*.infra.example", allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {gateway-access: "true"}}}}}']);
const ROUTE = route('monitoring', 'grafana', '{name: edge, namespace: infra}', '{name: grafana, port: 80}', 'grafana.infra.example');
const NS = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring, labels: {${labels}}}\n`;

function load(extra: Record<string, string> = {}) {
  const texts: Record<string, string> = { 'file:///gw.yaml': GW, 'file:///route.yaml': ROUTE, ...extra };
  return loadTexts(texts);
}

function loadTexts(texts: Record<string, string>) {
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  return { files, model: buildModel([...files.values()], DEFAULT_OPTIONS) };
}

function trace(extra: Record<string, string> = {}): TraceResult {
  const { files, model } = load(extra);
  const r = traceUrl(model, files, DEFAULT_OPTIONS, 'http://grafana.infra.example/');
  assert.ok(!('error' in r));
  return r;
}

test('trace: a route refused only for an undeclared namespace is "not decided", not a 404', () => {
  const r = trace();
  assert.equal(r.paths.length, 1);
  assert.equal(r.paths[0]?.reaches, false);
  assert.equal(r.paths[0]?.undecided, true);
  const last = r.paths[0]?.steps.at(-1);
  assert.deepEqual([last?.kind, last?.ok, last?.uri], ['route', false, 'file:///route.yaml']);
  assert.equal(last?.text, 'not decided: HTTPRoute monitoring/grafana would serve grafana.infra.example/, but listener "https" admits routes by namespace labels and namespace "monitoring" is not declared in the workspace (NetLens knows only its name label); declare the Namespace with its labels to trace further');
});

test('trace: a declared namespace decides (without the label: a 404; with it: the route serves)', () => {
  const refused = trace({ 'file:///ns.yaml': NS('team: obs') });
  assert.equal(refused.paths[0]?.undecided, undefined);
  assert.match(refused.paths[0]?.steps.at(-1)?.text ?? '', /^no route attached to this listener serves grafana\.infra\.example\/: the Gateway answers 404$/);
  const admitted = trace({ 'file:///ns.yaml': NS('gateway-access: "true"') });
  assert.deepEqual(admitted.paths[0]?.steps.map((s) => s.kind).slice(0, 4), ['address', 'listener', 'route', 'rule']);
  assert.equal(admitted.paths[0]?.steps[2]?.text, 'HTTPRoute monitoring/grafana');
});

test('trace: an undeclared namespace does not make a route of another hostname the answer', () => {
  const { files, model } = load();
  const r = traceUrl(model, files, DEFAULT_OPTIONS, 'http://other.infra.example/');
  assert.ok(!('error' in r));
  assert.equal(r.paths[0]?.undecided, undefined);
  assert.match(r.paths[0]?.steps.at(-1)?.text ?? '', /the Gateway answers 404$/);
});

test('inventory: such routes are listed as not decided; a declared namespace removes them', () => {
  const { files, model } = load();
  const inv = inventoryOf(model, files, DEFAULT_OPTIONS);
  assert.deepEqual(inv.undecided, [{ gateway: 'infra/edge', listeners: ['https'], route: 'HTTPRoute monitoring/grafana', namespace: 'monitoring' }]);
  assert.match(inventoryMarkdown(inv), /\nNot decided: HTTPRoute monitoring\/grafana on infra\/edge \(listener "https"\)\. These listeners admit routes by namespace labels, and the routes' namespaces \(monitoring\) are not declared in the workspace/);
  const declared = load({ 'file:///ns.yaml': NS('team: obs') });
  const inv2 = inventoryOf(declared.model, declared.files, DEFAULT_OPTIONS);
  assert.deepEqual(inv2.undecided, []);
  assert.doesNotMatch(inventoryMarkdown(inv2), /Not decided/);
});

test('route hover: "not decided" with the listener and the undeclared namespace, "attached to no listener" once declared', () => {
  const at = (extra: Record<string, string> = {}) => {
    const { files, model } = load(extra);
    const f = files.get('file:///route.yaml')!;
    return hoverAt(f, ROUTE.indexOf('HTTPRoute'), model, { workspace: { files, options: DEFAULT_OPTIONS } })?.markdown.split('\n')[4];
  };
  assert.equal(at(), '- Gateway infra/edge: **not decided**: `https` admits routes by namespace labels, and namespace `monitoring` is not declared in the workspace (NetLens knows only its name label)');
  assert.equal(at({ 'file:///ns.yaml': NS('team: obs') }), '- Gateway infra/edge: **attached to no listener** (https: namespace not allowed)');
});

test('a route whose hostnames the listener refuses is not "not decided", whatever its namespace (found in review)', () => {
  const other = route('monitoring', 'other', '{name: edge, namespace: infra}', '{name: grafana, port: 80}', 'prometheus.other.org');
  const { files, model } = loadTexts({ 'file:///gw.yaml': GW, 'file:///route.yaml': other });
  assert.deepEqual(inventoryOf(model, files, DEFAULT_OPTIONS).undecided, []);
  const hover = hoverAt(files.get('file:///route.yaml')!, other.indexOf('HTTPRoute'), model, { workspace: { files, options: DEFAULT_OPTIONS } })?.markdown.split('\n')[4];
  assert.equal(hover, '- Gateway infra/edge: **attached to no listener** (https: namespace not allowed)');
});

test('trace: an undecided route with a longer matching path than the attached one is "not decided", not the attached route', () => {
  const site = route('apps', 'site', '{name: edge, namespace: infra}', '{name: site, port: 80}', 'grafana.infra.example');
  const apps = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: apps, labels: {gateway-access: "true"}}\n';
  const api = ROUTE.replace('  rules:\n  - backendRefs:', '  rules:\n  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs:');
  const { files, model } = loadTexts({ 'file:///gw.yaml': GW, 'file:///site.yaml': site + '---\n' + apps, 'file:///route.yaml': api });
  const at = (url: string) => {
    const r = traceUrl(model, files, DEFAULT_OPTIONS, url);
    assert.ok(!('error' in r));
    return r.paths[0]!;
  };
  const deep = at('http://grafana.infra.example/api/v1');
  assert.equal(deep.undecided, true);
  assert.equal(deep.reaches, false);
  assert.equal(
    deep.steps.at(-1)?.text,
    'not decided: HTTPRoute monitoring/grafana would serve grafana.infra.example/api/v1 ahead of HTTPRoute apps/site, but listener "https" admits routes by namespace labels and namespace "monitoring" is not declared in the workspace (NetLens knows only its name label); declare the Namespace with its labels to trace further',
  );
  // A path only the attached route matches is decided: it serves.
  const root = at('http://grafana.infra.example/home');
  assert.equal(root.undecided, undefined);
  assert.equal(root.steps[2]?.text, 'HTTPRoute apps/site');
});

test('trace: an undecided route matching as specifically as the attached one is "not decided" too (the older route wins a tie)', () => {
  const site = route('apps', 'site', '{name: edge, namespace: infra}', '{name: site, port: 80}', 'grafana.infra.example');
  const apps = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: apps, labels: {gateway-access: "true"}}\n';
  const { files, model } = loadTexts({ 'file:///gw.yaml': GW, 'file:///site.yaml': site + '---\n' + apps, 'file:///route.yaml': ROUTE });
  const r = traceUrl(model, files, DEFAULT_OPTIONS, 'http://grafana.infra.example/x');
  assert.ok(!('error' in r));
  assert.equal(r.paths[0]?.undecided, true);
  assert.match(r.paths[0]?.steps.at(-1)?.text ?? '', /^not decided: HTTPRoute monitoring\/grafana would serve grafana\.infra\.example\/x instead of HTTPRoute apps\/site if it is the older route, but listener "https"/);
});
