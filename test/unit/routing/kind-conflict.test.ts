// route-kind-conflict: an HTTPRoute and a GRPCRoute whose hostnames overlap on one listener; the listener accepts
// only the older (then the first by namespace/name). Known ages refuse the younger; unknown ages report both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile, routingOf } from '../../../server/src/core/index.ts';
import { wsFindings, type Files } from '../rules/workspace-harness.ts';
import { GATEWAY, NAMESPACES, SECRET, route, service } from './fixtures.ts';

const base: Files = { 'file:///gw.yaml': GATEWAY, 'file:///ns.yaml': NAMESPACES, 'file:///secret.yaml': SECRET, 'file:///svc.yaml': service('apps', 'web') };
const PARENT = '{name: edge, namespace: infra, sectionName: http}';

function grpc(name: string, hostnames = '', created?: string): string {
  const r = route('apps', name, PARENT, '{name: web, port: 80}', hostnames).replace('kind: HTTPRoute', 'kind: GRPCRoute');
  return created ? r.replace(`  name: ${name}\n`, `  name: ${name}\n  creationTimestamp: "${created}"\n`) : r;
}

function http(name: string, hostnames = '', created?: string): string {
  const r = route('apps', name, PARENT, '{name: web, port: 80}', hostnames);
  return created ? r.replace(`  name: ${name}\n`, `  name: ${name}\n  creationTimestamp: "${created}"\n`) : r;
}

function seen(files: Files): [string, string, number, string][] {
  return wsFindings({ ...base, ...files }, 'route-kind-conflict').map((f) => [f.uri, f.at, f.line, f.message]);
}

/** Which routes attach to a listener, as "Kind ns/name" (what the trace, preview and hover build on). */
function attached(files: Files): string[] {
  const parsed = new Map(Object.entries({ ...base, ...files }).map(([uri, text]) => [uri, parseFile(uri, text, DEFAULT_OPTIONS)]));
  const routing = routingOf(buildModel([...parsed.values()], DEFAULT_OPTIONS), parsed, DEFAULT_OPTIONS);
  return routing.parents.filter((p) => p.attached.length > 0).map((p) => `${p.route.kind} ${p.route.id}`).sort();
}

test('creation times unknown: both routes are reported on their parentRef, both stay attached', () => {
  const files = { 'file:///h.yaml': http('web', 'shop.example.com'), 'file:///g.yaml': grpc('rpc', 'shop.example.com') };
  const share = 'a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap, the one created first (if both are created in the same second, GRPCRoute apps/rpc); the other is not accepted there. NetLens cannot see creation times and keeps both; give them hostnames that do not overlap.';
  assert.deepEqual(seen(files), [
    ['file:///h.yaml', 'edge', 7, `HTTPRoute "web" and GRPCRoute apps/rpc share shop.example.com on listener "http" of Gateway "edge": ${share}`],
    ['file:///g.yaml', 'edge', 7, `GRPCRoute "rpc" and HTTPRoute apps/web share shop.example.com on listener "http" of Gateway "edge": ${share}`],
  ]);
  assert.deepEqual(attached(files), ['GRPCRoute apps/rpc', 'HTTPRoute apps/web']);
});

test('a route without hostnames takes the listener wildcard, which overlaps the other route', () => {
  const files = { 'file:///h.yaml': http('web', 'shop.example.com'), 'file:///g.yaml': grpc('rpc') };
  assert.deepEqual(seen(files).map((s) => s[0]), ['file:///h.yaml', 'file:///g.yaml']);
  assert.match(seen(files)[0]?.[3] ?? '', /^HTTPRoute "web" and GRPCRoute apps\/rpc share shop\.example\.com on listener "http"/);
});

test('hostnames without a host in common: no conflict', () => {
  const files = { 'file:///h.yaml': http('web', 'shop.example.com'), 'file:///g.yaml': grpc('rpc', 'api.example.com') };
  assert.deepEqual(seen(files), []);
  // Two HTTPRoutes never conflict this way (their rules merge by precedence).
  assert.deepEqual(seen({ 'file:///h.yaml': http('web', 'shop.example.com'), 'file:///g.yaml': http('web2', 'shop.example.com') }), []);
});

test('known creation times: the younger route is refused on that listener and is no longer attached there', () => {
  const files = { 'file:///h.yaml': http('web', 'shop.example.com', '2024-05-02T10:00:00Z'), 'file:///g.yaml': grpc('rpc', 'shop.example.com', '2024-05-01T10:00:00Z') };
  assert.deepEqual(seen(files), [
    ['file:///h.yaml', 'edge', 8, 'HTTPRoute "web" is not accepted on listener "http" of Gateway "edge": GRPCRoute apps/rpc serves shop.example.com there too, and a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap (GRPCRoute apps/rpc is older). Through this parentRef it attaches nowhere.'],
  ]);
  assert.deepEqual(attached(files), ['GRPCRoute apps/rpc']);
  // The hover on the refused route says why it attaches nowhere.
  const parsed = new Map(Object.entries({ ...base, ...files }).map(([uri, text]) => [uri, parseFile(uri, text, DEFAULT_OPTIONS)]));
  const h = hoverAt(parsed.get('file:///h.yaml')!, files['file:///h.yaml'].indexOf('name: web') + 6, buildModel([...parsed.values()], DEFAULT_OPTIONS), { workspace: { files: parsed, options: DEFAULT_OPTIONS } });
  assert.match(h?.markdown ?? '', /- Gateway infra\/edge \(sectionName http\): \*\*attached to no listener\*\* \(http: a route of the other kind \(HTTPRoute\/GRPCRoute\) with the same hostnames is accepted there first\)/);
});

test('equal creation times: the first by namespace/name is accepted', () => {
  const t = '2024-05-01T10:00:00Z';
  const files = { 'file:///h.yaml': http('a-web', 'shop.example.com', t), 'file:///g.yaml': grpc('b-rpc', 'shop.example.com', t) };
  assert.deepEqual(seen(files).map((s) => [s[0], s[3]]), [
    ['file:///g.yaml', 'GRPCRoute "b-rpc" is not accepted on listener "http" of Gateway "edge": HTTPRoute apps/a-web serves shop.example.com there too, and a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap (both were created at the same time and HTTPRoute apps/a-web comes first by namespace/name). Through this parentRef it attaches nowhere.'],
  ]);
  assert.deepEqual(attached(files), ['HTTPRoute apps/a-web']);
});

test('a route refused for an older one takes nothing from a younger route of the other kind', () => {
  // g1 (oldest) beats h1 on shop; h1 is then not attached, so g2, younger than h1 but sharing only api with it, stays.
  const files = {
    'file:///g1.yaml': grpc('g1', 'shop.example.com', '2024-01-01T00:00:00Z'),
    'file:///h1.yaml': http('h1', 'shop.example.com, api.example.com', '2024-02-01T00:00:00Z'),
    'file:///g2.yaml': grpc('g2', 'api.example.com', '2024-03-01T00:00:00Z'),
  };
  assert.deepEqual(seen(files).map((s) => s[0]), ['file:///h1.yaml']);
  assert.deepEqual(attached(files), ['GRPCRoute apps/g1', 'GRPCRoute apps/g2']);
});

test('a wildcard route and an exact one: the conflict names the host they share', () => {
  const files = { 'file:///h.yaml': http('web', '"*.example.com"'), 'file:///g.yaml': grpc('rpc', 'api.example.com') };
  assert.deepEqual(seen(files).map((s) => s[3].slice(0, 70)), ['HTTPRoute "web" and GRPCRoute apps/rpc share api.example.com on listen', 'GRPCRoute "rpc" and HTTPRoute apps/web share api.example.com on listen']);
});

/** A Gateway `infra/edge` with two listeners from every namespace, and routes named by flow-style parentRefs. */
const TWO = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: l1, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
  - {name: l2, protocol: HTTP, port: 8080, allowedRoutes: {namespaces: {from: All}}}
`;
const on = (kind: string, name: string, parent: string, created?: string, extra = ''): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: apps\n${created ? `  creationTimestamp: "${created}"\n` : ''}${extra}spec:\n  parentRefs: [${parent}]\n  hostnames: [x.example.com]\n`;

test('a refusal is per listener: the route keeps the listeners where nothing conflicts', () => {
  const files = { 'file:///gw.yaml': TWO, 'file:///h.yaml': on('HTTPRoute', 'h', '{name: edge, namespace: infra}', '2024-02-01T00:00:00Z'), 'file:///g.yaml': on('GRPCRoute', 'g0', '{name: edge, namespace: infra, sectionName: l2}', '2024-01-01T00:00:00Z') };
  assert.deepEqual(wsFindings(files, 'route-kind-conflict').map((f) => f.message), [
    'HTTPRoute "h" is not accepted on listener "l2" of Gateway "edge": GRPCRoute apps/g0 serves x.example.com there too, and a listener accepts only one of an HTTPRoute and a GRPCRoute whose hostnames overlap (GRPCRoute apps/g0 is older). It still attaches through listener "l1".',
  ]);
  const parsed = new Map(Object.entries(files).map(([uri, text]) => [uri, parseFile(uri, text, DEFAULT_OPTIONS)]));
  const routing = routingOf(buildModel([...parsed.values()], DEFAULT_OPTIONS), parsed, DEFAULT_OPTIONS);
  assert.deepEqual(routing.parents.map((p) => `${p.route.id}: ${p.attached.map((v) => v.listener.name).join(',')}`).sort(), ['apps/g0: l2', 'apps/h: l1']);
});

test('the outcome does not depend on file order: each listener takes its routes oldest first', () => {
  const h = on('HTTPRoute', 'h', '{name: edge, namespace: infra}', '2024-02-01T00:00:00Z');
  const g0 = on('GRPCRoute', 'g0', '{name: edge, namespace: infra, sectionName: l2}', '2024-01-01T00:00:00Z');
  const g1 = on('GRPCRoute', 'g1', '{name: edge, namespace: infra, sectionName: l1}', '2024-03-01T00:00:00Z');
  const outcome = (files: Files) => {
    const parsed = new Map(Object.entries(files).map(([uri, text]) => [uri, parseFile(uri, text, DEFAULT_OPTIONS)]));
    const routing = routingOf(buildModel([...parsed.values()], DEFAULT_OPTIONS), parsed, DEFAULT_OPTIONS);
    return routing.parents.map((p) => `${p.route.id}: ${p.attached.map((v) => v.listener.name).join(',')}`).sort();
  };
  const first = outcome({ 'file:///gw.yaml': TWO, 'file:///a.yaml': h, 'file:///b.yaml': g0, 'file:///c.yaml': g1 });
  assert.deepEqual(first, ['apps/g0: l2', 'apps/g1: ', 'apps/h: l1']);
  assert.deepEqual(outcome({ 'file:///gw.yaml': TWO, 'file:///c.yaml': g1, 'file:///b.yaml': g0, 'file:///z.yaml': h }), first);
});

test('the same routes on two Gateways: each parentRef is reported', () => {
  const gw2 = TWO.replace('name: edge,', 'name: edge2,');
  const parents = '{name: edge, namespace: infra, sectionName: l1}, {name: edge2, namespace: infra, sectionName: l1}';
  const files = { 'file:///gw.yaml': TWO, 'file:///gw2.yaml': gw2, 'file:///h.yaml': on('HTTPRoute', 'h', parents), 'file:///g.yaml': on('GRPCRoute', 'g', parents) };
  assert.deepEqual(wsFindings(files, 'route-kind-conflict').map((f) => [f.uri, /Gateway "(edge2?)"/.exec(f.message)?.[1]]), [
    ['file:///h.yaml', 'edge'],
    ['file:///h.yaml', 'edge2'],
    ['file:///g.yaml', 'edge'],
    ['file:///g.yaml', 'edge2'],
  ]);
});

test('a pair of unknown order on a listener does not stop a pair of known order from being decided', () => {
  const p = '{name: edge, namespace: infra, sectionName: l1}';
  const files = {
    'file:///gw.yaml': TWO,
    'file:///h.yaml': on('HTTPRoute', 'h', p, '2024-02-01T00:00:00Z'),
    'file:///g.yaml': on('GRPCRoute', 'g', p, '2024-01-01T00:00:00Z'),
    'file:///h2.yaml': on('HTTPRoute', 'h2', p).replace('x.example.com', 'y.example.com'),
    'file:///g2.yaml': on('GRPCRoute', 'g2', p).replace('x.example.com', 'y.example.com'),
  };
  const msgs = wsFindings(files, 'route-kind-conflict').map((f) => `${f.uri} ${f.message.slice(0, 45)}`);
  assert.deepEqual(msgs, ['file:///h.yaml HTTPRoute "h" is not accepted on listener "l1', 'file:///h2.yaml HTTPRoute "h2" and GRPCRoute apps/g2 share y.', 'file:///g2.yaml GRPCRoute "g2" and HTTPRoute apps/h2 share y.']);
});

test('same creation time and a route without metadata.namespace: the name order is unknown, so both are kept', () => {
  const t = '2024-05-01T00:00:00Z';
  const p = '{name: edge, namespace: infra, sectionName: l1}';
  const files = { 'file:///gw.yaml': TWO, 'file:///h.yaml': on('HTTPRoute', 'web', p, t).replace('  namespace: apps\n', ''), 'file:///g.yaml': on('GRPCRoute', 'rpc', p, t) };
  const f = wsFindings(files, 'route-kind-conflict');
  assert.deepEqual(f.map((x) => x.uri), ['file:///h.yaml', 'file:///g.yaml']);
  assert.match(f[0]!.message, /which depends on the namespace HTTPRoute "web" is applied to \(the manifest sets none\)/);
});
