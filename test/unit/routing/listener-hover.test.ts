// Hover on a Gateway listener: the namespaces it admits routes from, and the routes attached, refused or not decided.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile } from '../../../server/src/core/index.ts';
import { GATEWAY, NAMESPACES, SECRET, route } from './fixtures.ts';

const ROUTES = [
  route('apps', 'a', '{name: edge, namespace: infra}', '{name: web, port: 80}', 'a.example.com'),
  route('other', 'b', '{name: edge, namespace: infra, sectionName: http}', '{name: web, port: 80}', 'b.example.com'),
  route('undeclared', 'c', '{name: edge, namespace: infra, sectionName: http}', '{name: web, port: 80}', 'c.example.com'),
].join('---\n');
const GW = `${GATEWAY}---\n${NAMESPACES}---\n${SECRET}`;

function hover(needle: string, delta: number): string | undefined {
  const texts: Record<string, string> = { 'file:///gw.yaml': GW, 'file:///r.yaml': ROUTES };
  const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
  return hoverAt(files.get('file:///gw.yaml')!, GW.indexOf(needle) + delta, buildModel([...files.values()], DEFAULT_OPTIONS), { workspace: { files, options: DEFAULT_OPTIONS } })?.markdown;
}

test('a listener admitting by namespace labels: the declared namespaces it matches, and each route\'s fate', () => {
  assert.equal(
    hover('- name: http', 2),
    '**Listener `http`** of Gateway infra/edge: HTTP 80, `*.example.com`\n\n' +
      '- Admits routes from namespaces whose labels match `gateway-access=true` (declared in the workspace: `apps`).\n\n' +
      '**Attached:** HTTPRoute apps/a (`a.example.com`)\n\n**Refused:** HTTPRoute other/b: namespace not allowed\n\n' +
      '**Not decided** (namespace not declared in the workspace, so its labels are unknown): HTTPRoute undeclared/c',
  );
});

test('a listener with the default allowedRoutes (Same) and its name key; keys below keep their own hover', () => {
  const h = hover('- name: https', 8);
  assert.equal(h, '**Listener `https`** of Gateway infra/edge: HTTPS 443, any hostname\n\n- Admits routes from its own namespace `infra` only.\n\n**Attached:** no route of the workspace\n\n**Refused:** HTTPRoute apps/a: namespace not allowed');
  assert.doesNotMatch(hover('allowedRoutes', 1) ?? '', /^\*\*Listener/);
});
