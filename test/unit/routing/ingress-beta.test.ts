// Ingress in extensions/v1beta1 and networking.k8s.io/v1beta1: read as a way in (spec.backend, serviceName and
// servicePort) while netlens.kubernetesVersion still serves them, left out once it does not (removed-api-version).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, buildModel, DEFAULT_OPTIONS, parseFile, routingOf, skippedSummary, topologyView, traceUrl, wayInOf, type Options } from '../../../server/src/core/index.ts';
import { buildGatewayModel } from '../../../server/src/core/kinds/gateway/model.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { service } from './fixtures.ts';

const at = (v: string): Options => ({ ...DEFAULT_OPTIONS, kubernetesVersion: v });
const beta = (api: string) => `apiVersion: ${api}
kind: Ingress
metadata:
  name: site
  namespace: apps
  annotations: {kubernetes.io/ingress.class: nginx}
spec:
  backend: {serviceName: fallback, servicePort: 8080}
  tls: [{hosts: [web.example.com]}]
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        backend: {serviceName: web, servicePort: 80}
      - path: /api
        pathType: Prefix
        backend: {serviceName: api, servicePort: http}
`;
const APPS = `${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${service('apps', 'web')}`;

function workspace(texts: Record<string, string>, options: Options) {
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, options)] as const));
  return { files, model: buildModel([...files.values()], options) };
}

const paths = (api: string, options: Options) => {
  const { files, model } = workspace({ 'file:///ing.yaml': beta(api) }, options);
  return routingOf(model, files, options).gw.ingresses.map((i) => ({ id: i.id, className: i.className, tls: i.tlsHosts, paths: i.paths.map(({ span: _span, ...p }) => p) }));
};

test('a served beta reads as v1 does: spec.backend is the default backend, servicePort an int (number) or a string (name), pathType defaults to ImplementationSpecific', () => {
  for (const api of ['extensions/v1beta1', 'networking.k8s.io/v1beta1']) {
    assert.deepEqual(
      paths(api, at('1.21')),
      [
        {
          id: 'apps/site',
          className: 'nginx',
          tls: ['web.example.com'],
          paths: [
            { default: true, serviceName: 'fallback', servicePort: 8080 },
            { host: 'web.example.com', path: '/', pathType: 'ImplementationSpecific', serviceName: 'web', servicePort: 80 },
            { host: 'web.example.com', path: '/api', pathType: 'Prefix', serviceName: 'api', servicePort: 'http' },
          ],
        },
      ],
      api,
    );
  }
});

test('the v1 field names mean nothing in a beta, and the beta ones nothing in v1 (each version is read by its own schema)', () => {
  const mixed = (api: string) =>
    `apiVersion: ${api}\nkind: Ingress\nmetadata: {name: m, namespace: apps}\nspec:\n  defaultBackend: {service: {name: a, port: {number: 80}}}\n  backend: {serviceName: b, servicePort: 81}\n`;
  const read = (api: string, o: Options) => {
    const { files, model } = workspace({ 'file:///m.yaml': mixed(api) }, o);
    return routingOf(model, files, o).gw.ingresses.flatMap((i) => i.paths.map((p) => `${p.serviceName}:${p.servicePort}`));
  };
  assert.deepEqual(read('networking.k8s.io/v1beta1', at('1.21')), ['b:81']);
  assert.deepEqual(read('networking.k8s.io/v1', at('1.21')), ['a:80']);
});

test('from 1.22 (and at the default release) the API server refuses the beta: no way in, and removed-api-version says so', () => {
  assert.deepEqual(paths('networking.k8s.io/v1beta1', at('1.22')), []);
  assert.deepEqual(paths('extensions/v1beta1', DEFAULT_OPTIONS), []);
  const { findings } = analyzeText('file:///ing.yaml', beta('extensions/v1beta1'), at('1.22'));
  assert.deepEqual(findings.filter((f) => f.code === 'removed-api-version').map((f) => [f.severity, f.message.endsWith('NetLens does not read it as a way in.')]), [['error', true]]);
  const [served] = analyzeText('file:///ing.yaml', beta('extensions/v1beta1'), at('1.21')).findings.filter((f) => f.code === 'removed-api-version');
  assert.equal(served?.severity, 'warning', 'still served: deprecated, and read');
});

test('no longer listed under "Not analysed" in any release: read while served, an error once removed', () => {
  const s = skippedSummary([parseFile('file:///ing.yaml', beta('networking.k8s.io/v1beta1'), DEFAULT_OPTIONS)]);
  assert.deepEqual([...s.kinds.keys()], []);
});

test('trace and the way in go through a served beta Ingress to the pods (the default backend only for what no rule matches); once removed, nothing serves the host', () => {
  const texts = { 'file:///apps.yaml': APPS, 'file:///ing.yaml': beta('networking.k8s.io/v1beta1') };
  const trace = (o: Options, url = 'http://web.example.com/') => {
    const { files, model } = workspace(texts, o);
    const r = traceUrl(model, files, o, url);
    assert.ok(!('error' in r));
    return r;
  };
  const served = trace(at('1.21'));
  const other = trace(at('1.21'), 'http://shop.example.org/').paths.map((p) => p.steps[0]?.text);
  assert.deepEqual(other, ['Ingress apps/site (class nginx): *'], 'no rule matches this host: the default backend');
  assert.deepEqual(
    served.paths.map((p) => [p.entry, p.reaches, p.steps.map((s) => s.text)]),
    [['Ingress apps/site', true, ['Ingress apps/site (class nginx): web.example.com/', 'Service apps/web port 80', 'apps/web', 'not checked: NetLens does not know which pods run this ingress controller']]],
  );
  assert.deepEqual(trace(at('1.22')).notes, ['No HTTP listener on port 80 of a Gateway in the workspace, and no Ingress or IngressRoute, serves web.example.com.']);

  const o = at('1.21');
  const { files, model } = workspace(texts, o);
  const v = topologyView(model, { externalPeers: true }, { kind: 'workspace' }, wayInOf(model, files, o));
  assert.deepEqual(
    v.graph.edges.filter((e) => e.kind && e.from.startsWith('i_')).map((e) => `${e.from} -> ${e.to}: ${e.label}`),
    ['i_ingress__apps__site -> s_apps__web: web.example.com/'],
  );
});

test('kustomize: a beta backend (serviceName) follows the Service the same build renamed, as spec.rules.http.paths.backend.serviceName is a builtin name reference', () => {
  const m = buildGatewayModel(
    Object.entries({
      'kustomization.yaml': 'namespace: apps\nnamePrefix: prod-\nresources: [svc.yaml, ing.yaml]\n',
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
      'ing.yaml': beta('networking.k8s.io/v1beta1'),
    }).map(([u, t]) => parseFile(`file:///repo/${u}`, t, at('1.21'))),
    'default',
    undefined,
    at('1.21'),
  );
  assert.deepEqual(m.ingresses.map((i) => [i.id, i.paths.map((p) => p.serviceName)]), [['apps/prod-site', ['fallback', 'prod-web', 'api']]]);
});
