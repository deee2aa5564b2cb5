// gateway-traffic-blocked: the data plane of the Gateway (by GatewayClass) must reach the backend pods on the
// Service's target port through the policies; Cilium's `ingress` identity is admitted only by a rule without from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, wsFindings, type Files } from '../rules/workspace-harness.ts';
import { NAMESPACES, route, service } from './fixtures.ts';
import { analyzeWorkspace, DEFAULT_OPTIONS, parseFile, WORKSPACE_RULES } from '../../../server/src/core/index.ts';

const CODE = 'gateway-traffic-blocked';
const gateway = (cls: string): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: gc}\nspec: {controllerName: ${cls}}\n---\n` +
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: infra}\nspec:\n  gatewayClassName: gc\n  listeners:\n  - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}\n`;
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: apps}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const allow = (from: string): string => `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-gw, namespace: apps}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ${from}ports: [{port: 8080}]\n`;
const ENVOY = 'gateway.envoyproxy.io/gatewayclass-controller';

function files(cls: string, policies: string): Files {
  return {
    'file:///gw.yaml': gateway(cls),
    'file:///ns.yaml': NAMESPACES,
    'file:///app.yaml': `${deployment('apps', 'web', { app: 'web' }, ['http:8080'])}---\n${service('apps', 'web', 80, 8080)}`,
    'file:///np.yaml': policies,
    'file:///r.yaml': route('apps', 'web', '{name: edge, namespace: infra}'),
  };
}

test('Envoy Gateway: a default-deny with nothing for the data plane is reported on the backendRef', () => {
  assert.deepEqual(wsFindings(files(ENVOY, DENY), CODE).map((f) => [f.uri, f.at, f.line, f.severity, f.message]), [
    ['file:///r.yaml', 'web', 10, 'warning', 'Gateway "edge" cannot reach the pods behind Service "apps/web": web (port 8080). Its data plane runs as Envoy Gateway pods in namespace "envoy-gateway-system"; NetworkPolicy apps/deny isolates them and no rule admits it. Requests routed here fail.'],
  ]);
});

test('Envoy Gateway: a rule admitting the envoy-gateway-system namespace on 8080 lets it through; another port does not', () => {
  const ok = allow('from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: envoy-gateway-system}}}]\n    ');
  assert.deepEqual(wsFindings(files(ENVOY, DENY + ok), CODE), []);
  assert.equal(wsFindings(files(ENVOY, DENY + ok.replace('8080', '9090')), CODE).length, 1);
  // No policy at all: nothing isolates the pods.
  assert.deepEqual(wsFindings(files(ENVOY, ''), CODE), []);
});

test("Cilium: allowing the gateway's namespace does not admit the ingress identity; a rule without from does", () => {
  const cilium = 'io.cilium/gateway-controller';
  const byNs = allow('from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: infra}}}]\n    ');
  const seen = wsFindings(files(cilium, DENY + byNs), CODE);
  assert.deepEqual(seen.map((f) => f.message), [
    'Gateway "edge" cannot reach the pods behind Service "apps/web": web (port 8080). Cilium sends it with the reserved "ingress" identity, which no pod, namespace or ipBlock peer of a NetworkPolicy matches (allow it with a CiliumNetworkPolicy fromEntities: [ingress], or a rule without from); NetworkPolicy apps/allow-gw, NetworkPolicy apps/deny isolate them and no rule admits it. Requests routed here fail.',
  ]);
  assert.deepEqual(wsFindings(files(cilium, DENY + allow('')), CODE), []);
});

test('an unknown implementation or an unattached route is not judged', () => {
  assert.deepEqual(wsFindings(files('example.com/unknown', DENY), CODE), []);
  const f = files(ENVOY, DENY);
  f['file:///r.yaml'] = route('apps', 'web', '{name: edge, namespace: infra, sectionName: nope}');
  assert.deepEqual(wsFindings(f, CODE), []);
});

test('scoped analyses: the route file reports the finding, a file without routes does not run the rule; the whole workspace still reports it', () => {
  const f = files(ENVOY, DENY);
  const parsed = Object.entries(f).map(([uri, text]) => parseFile(uri, text, DEFAULT_OPTIONS));
  const run = (scope?: string) => analyzeWorkspace(parsed, DEFAULT_OPTIONS, undefined, WORKSPACE_RULES, scope ? new Set([scope]) : undefined);
  const codes = (a: ReturnType<typeof run>, uri: string) => (a.findings.get(uri) ?? []).filter((x) => x.code === CODE).length;
  assert.equal(codes(run('file:///r.yaml'), 'file:///r.yaml'), 1);
  assert.equal(codes(run(), 'file:///r.yaml'), 1);
  // The policy file's analysis: the rule reports at routes only, and np.yaml holds none.
  const np = run('file:///np.yaml');
  assert.deepEqual(np.rules?.byRule.get(CODE), []);
  assert.equal(codes(np, 'file:///r.yaml'), 0);
});

test('scoped analyses: a file without Gateway API objects does not run the routing rules; the route file and the whole workspace do', () => {
  // A second route to a Service nobody declares: unknown-backend at that route, in r2.yaml.
  const f = { ...files(ENVOY, DENY), 'file:///r2.yaml': route('apps', 'r2', '{name: edge, namespace: infra}', '{name: gone, port: 80}') };
  const parsed = Object.entries(f).map(([uri, text]) => parseFile(uri, text, DEFAULT_OPTIONS));
  const run = (scope?: string) => analyzeWorkspace(parsed, DEFAULT_OPTIONS, undefined, WORKSPACE_RULES, scope ? new Set([scope]) : undefined);
  const reported = (a: ReturnType<typeof run>) => (a.rules?.byRule.get('unknown-backend') ?? []).map((x) => x.uri);
  assert.deepEqual(reported(run()), ['file:///r2.yaml']);
  // Judged in any scope holding a Gateway API object (its record keeps every file's findings of the rule) ...
  assert.deepEqual(reported(run('file:///r.yaml')), ['file:///r2.yaml']);
  assert.deepEqual(reported(run('file:///gw.yaml')), ['file:///r2.yaml']);
  // ... and not run at all for the policy file or the workload file.
  assert.deepEqual(reported(run('file:///np.yaml')), []);
  assert.deepEqual(reported(run('file:///app.yaml')), []);
});

// BackendRef.weight: "If weight is set to 0, no traffic should be forwarded for this entry" (the shape of the
// conformance test HTTPRouteWeight, and the audit's probe p09): no request is routed to v3, so none fails there.
test('a weight-0 backendRef receives no traffic: its blocked pods are not reported; its weighted sibling still is', () => {
  const split = (w3: number) =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  rules:\n  - backendRefs:\n    - {name: web, port: 80, weight: 100}\n    - {name: v3, port: 80, weight: ${w3}}\n`;
  const v3 = `---\n${deployment('apps', 'v3', { app: 'v3' }, ['8080'])}---\n${service('apps', 'v3', 80, 8080)}`;
  const only = (p: string) => ({ ...files(ENVOY, p), 'file:///app.yaml': files(ENVOY, p)['file:///app.yaml'] + v3, 'file:///r.yaml': split(0) });
  const admitWeb = allow('from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: envoy-gateway-system}}}]\n    ');
  // The deny isolates both; the allow admits the data plane to web only: v3 (weight 0) is blocked but gets nothing.
  assert.deepEqual(wsFindings(only(DENY + admitWeb), CODE), []);
  // Weight 1 on v3: requests routed there fail.
  assert.deepEqual(wsFindings({ ...only(DENY + admitWeb), 'file:///r.yaml': split(1) }, CODE).map((f) => [f.at, f.line]), [['v3', 8]]);
  // Without the allow, web (weight 100) is still reported, v3 is not.
  assert.deepEqual(wsFindings(only(DENY), CODE).map((f) => [f.at, f.line]), [['web', 7]]);
});

// HTTPRouteFilter RequestMirror: "Requests are sent to the specified destination, but responses from that
// destination are ignored": a blocked mirror target loses the copies, not the clients' requests.
test('a blocked RequestMirror target: the copies are dropped, the clients are not affected', () => {
  const mirror = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  rules:\n  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: web, port: 80}}}]\n    backendRefs: [{name: v3, port: 80}]\n`;
  const v3 = `---\n${deployment('apps', 'v3', { app: 'v3' }, ['8080'])}---\n${service('apps', 'v3', 80, 8080)}`;
  const admitV3 = '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-v3, namespace: apps}\nspec:\n  podSelector: {matchLabels: {app: v3}}\n  ingress: [{}]\n';
  const base = files(ENVOY, DENY + admitV3);
  const all = { ...base, 'file:///app.yaml': `${base['file:///app.yaml']}${v3}`, 'file:///r.yaml': mirror };
  assert.deepEqual(wsFindings(all, CODE).map((f) => [f.at, f.message]), [
    ['web', 'Gateway "edge" cannot reach the pods behind Service "apps/web": web (port 8080). Its data plane runs as Envoy Gateway pods in namespace "envoy-gateway-system"; NetworkPolicy apps/deny isolates them and no rule admits it. The mirrored copies of requests sent here are dropped (the clients get their responses from the rule\'s backendRefs, unaffected).'],
  ]);
  // The mirror alone, no backendRefs: the clients get a 500 whatever the mirror does.
  const only = { ...all, 'file:///r.yaml': mirror.replace('    backendRefs: [{name: v3, port: 80}]\n', '') };
  assert.deepEqual(wsFindings(only, CODE).map((f) => f.message.slice(f.message.indexOf('The mirrored'))), [
    'The mirrored copies of requests sent here are dropped (the clients get a 500 anyway: the rule has no backendRefs, only this mirror).',
  ]);
});
