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
