// Hover on a ReferenceGrant: what it permits (from / to) and which references of the workspace use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile } from '../../../server/src/core/index.ts';
import { GATEWAY, NAMESPACES, SECRET, grant, route, service } from './fixtures.ts';

function hover(texts: Record<string, string>): string | undefined {
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  const model = buildModel([...files.values()], DEFAULT_OPTIONS);
  const text = texts['file:///g.yaml']!;
  return hoverAt(files.get('file:///g.yaml')!, text.indexOf('ReferenceGrant'), model, { workspace: { files, options: DEFAULT_OPTIONS } })?.markdown;
}

const BASE = { 'file:///gw.yaml': `${GATEWAY}---\n${NAMESPACES}---\n${SECRET}`, 'file:///svc.yaml': service('other', 'web') };
const ROUTE = route('apps', 'a', '{name: edge, namespace: infra, sectionName: http}', '{name: web, namespace: other, port: 80}', 'a.example.com');

test('a grant a route backend uses: from, to and the reference', () => {
  assert.equal(
    hover({ ...BASE, 'file:///r.yaml': ROUTE, 'file:///g.yaml': grant('other', 'HTTPRoute', 'apps') }),
    '**ReferenceGrant other/allow** permits references into namespace `other`:\n\n' +
      '- from: HTTPRoute (gateway.networking.k8s.io) in `apps`\n- to: Service (core) of any name\n\n' +
      'Both ends must match: a reference from one of the `from` kinds and namespaces to one of the `to` kinds.\n\n' +
      '**Used by**\n\n- HTTPRoute apps/a → Service other/web',
  );
});

test('a grant naming another Service, or from another namespace, is used by nothing, and says so', () => {
  const named = hover({ ...BASE, 'file:///r.yaml': ROUTE, 'file:///g.yaml': grant('other', 'HTTPRoute', 'apps', 'Service', 'db') });
  assert.match(named ?? '', /\n- to: Service \(core\) named `db`\n/);
  assert.match(named ?? '', /\n\nNo reference in the workspace uses it\.$/);
  assert.match(hover({ ...BASE, 'file:///r.yaml': ROUTE, 'file:///g.yaml': grant('other', 'HTTPRoute', 'infra') }) ?? '', /No reference in the workspace uses it\.$/);
});
