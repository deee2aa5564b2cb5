// Hover on an HTTPRoute: listeners it attaches to and why not, effective hostnames, backends to Services and pods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile } from '../../../server/src/core/index.ts';
import { deployment } from '../rules/workspace-harness.ts';
import { GATEWAY, NAMESPACES, SECRET, route, service } from './fixtures.ts';

const R = route('apps', 'web', '{name: edge, namespace: infra}', '{name: web, port: 80}', '"shop.example.com"');
const texts: Record<string, string> = { 'file:///gw.yaml': GATEWAY, 'file:///ns.yaml': NAMESPACES, 'file:///secret.yaml': SECRET, 'file:///app.yaml': `${deployment('apps', 'web', { app: 'web' }, ['8080'])}---\n${service('apps', 'web')}`, 'file:///r.yaml': R };
const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
const model = buildModel([...files.values()], DEFAULT_OPTIONS);

test('hover on the route name explains attachment (and why not), hostnames and backends', () => {
  const file = files.get('file:///r.yaml')!;
  const h = hoverAt(file, R.indexOf('name: web') + 6, model, { workspace: { files, options: DEFAULT_OPTIONS } });
  assert.equal(
    h?.markdown,
    [
      '**HTTPRoute apps/web**',
      '',
      '**Attaches to**',
      '',
      '- Gateway infra/edge: listener `http` (HTTP 80) for `shop.example.com`; not `https` (namespace not allowed)',
      '',
      '**Backends**',
      '',
      '- Service `apps/web` port 80 → targetPort 8080: Deployment web',
    ].join('\n'),
  );
  assert.equal(R.slice(h!.span.start, h!.span.end), 'web');
});

test('without the workspace (a lone file), a route gets no hover instead of a guess', () => {
  assert.equal(hoverAt(files.get('file:///r.yaml')!, R.indexOf('name: web') + 6, model), undefined);
});

test('a rule whose only target is a RequestMirror: the backend is marked a mirror and the hover says the clients get a 500', () => {
  const mirror = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: apps}\nspec:\n  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: ["shop.example.com"]\n  rules:\n  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: web, port: 80}}}]\n`;
  const all = new Map([...files].map(([u, f]) => [u, u === 'file:///r.yaml' ? parseFile(u, mirror, DEFAULT_OPTIONS) : f]));
  const m = buildModel([...all.values()], DEFAULT_OPTIONS);
  const h = hoverAt(all.get('file:///r.yaml')!, mirror.indexOf('name: web') + 6, m, { workspace: { files: all, options: DEFAULT_OPTIONS } });
  const backends = h?.markdown.slice(h.markdown.indexOf('**Backends**')).split('\n').slice(2);
  assert.deepEqual(backends, [
    '- Service `apps/web` (RequestMirror: gets copies, its responses are ignored) port 80 → targetPort 8080: Deployment web',
    '- rules[0]: only RequestMirror targets, no backendRefs: the clients get a 500',
  ]);
});
