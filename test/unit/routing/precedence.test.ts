// Gateway API precedence among HTTPRoute matches (precedence.ts): the route's hostname, path, method, headers, query
// params, creation timestamp, namespace/name, rule order; each criterion alone deciding between otherwise equal matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, routingOf, type RouteInfo } from '../../../server/src/core/index.ts';
import { compareCandidates, hostRank, rankCandidates, routeCandidates, type Candidate } from '../../../server/src/core/routing/precedence.ts';

/** An HTTPRoute `ns/name` with the given hostnames, rules (YAML lines under `rules:`) and metadata extras. */
function route(id: string, rules: string, { hostnames = [] as string[], created = '' } = {}): string {
  const [ns, name] = id.split('/');
  return (
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${created ? `  creationTimestamp: ${created}\n` : ''}` +
    `spec:\n  parentRefs: [{name: edge}]\n${hostnames.length ? `  hostnames: [${hostnames.map((h) => `"${h}"`).join(', ')}]\n` : ''}  rules:\n${rules}`
  );
}

function routes(...texts: string[]): RouteInfo[] {
  const files = new Map(texts.map((t, i) => [`file:///r${i}.yaml`, parseFile(`file:///r${i}.yaml`, t, DEFAULT_OPTIONS)]));
  return routingOf(buildModel([...files.values()], DEFAULT_OPTIONS), files, DEFAULT_OPTIONS).gw.routes;
}

/** The candidates of the routes for host and path (a route's hostnames, else `*`), best first, as `ns/name rules[i] match`. */
function ranked(host: string, path: string, ...texts: string[]): string[] {
  const cs = routes(...texts).flatMap((r) => routeCandidates(r, r.hostnames.length ? r.hostnames.map((h) => h.value) : ['*'], host, path));
  return rankCandidates(cs).map(label);
}

const label = (c: Candidate) => `${c.route.id} rules[${c.rule.index}] ${c.match?.text ?? '(no matches)'}`;

function pair(host: string, path: string, ...texts: string[]): [Candidate, Candidate] {
  const cs = routes(...texts).flatMap((r) => routeCandidates(r, r.hostnames.length ? r.hostnames.map((h) => h.value) : ['*'], host, path));
  assert.equal(cs.length, 2);
  return [cs[0]!, cs[1]!];
}

const m = (match: string, backend = 'web') => `  - matches: [${match}]\n    backendRefs: [{name: ${backend}, port: 80}]\n`;

test('path: Exact before the longest prefix before a shorter one; a prefix matches whole path elements', () => {
  const r = route('a/r', m('{path: {type: PathPrefix, value: /}}') + m('{path: {type: PathPrefix, value: /api}}') + m('{path: {type: Exact, value: /api/v1}}') + m('{path: {type: PathPrefix, value: /api/v1}}') + m('{path: {type: PathPrefix, value: /ap}}'));
  assert.deepEqual(ranked('x.example', '/api/v1', r), ['a/r rules[2] Exact /api/v1', 'a/r rules[3] PathPrefix /api/v1', 'a/r rules[1] PathPrefix /api', 'a/r rules[0] PathPrefix /']);
});

test('on an equal path: a method match, then more header matches, then more query param matches', () => {
  const rules =
    m('{path: {value: /}, queryParams: [{name: a, value: "1"}, {name: b, value: "2"}]}') +
    m('{path: {value: /}, headers: [{name: h, value: x}]}') +
    m('{path: {value: /}, method: GET}') +
    m('{path: {value: /}, headers: [{name: h, value: x}, {name: i, value: y}]}') +
    m('{path: {value: /}}');
  assert.deepEqual(ranked('x.example', '/', route('a/r', rules)), [
    'a/r rules[2] PathPrefix /, method GET',
    'a/r rules[3] PathPrefix /, header h: x, header i: y',
    'a/r rules[1] PathPrefix /, header h: x',
    'a/r rules[0] PathPrefix /, query param a=1, query param b=2',
    'a/r rules[4] PathPrefix /',
  ]);
  // A longer prefix still beats every condition.
  assert.deepEqual(ranked('x.example', '/v2', route('a/r', rules + m('{path: {value: /v2}}')))[0], 'a/r rules[5] PathPrefix /v2');
});

test('across routes the most specific matching hostname ranks first, the match only breaks a tie (HTTPRouteSpec.hostnames)', () => {
  const exact = route('a/exact', m('{path: {value: /}}'), { hostnames: ['example.com'] });
  const wild = route('a/wild', m('{path: {value: /v2}}') + m('{path: {value: /}, headers: [{name: version, value: two}]}'), { hostnames: ['*.com'] });
  assert.deepEqual(ranked('example.com', '/v2', exact, wild), ['a/exact rules[0] PathPrefix /', 'a/wild rules[0] PathPrefix /v2', 'a/wild rules[1] PathPrefix /, header version: two']);
  const [e, w] = pair('example.com', '/', exact, wild);
  assert.deepEqual(compareCandidates(e, w), { order: -11, by: 'hostname', regex: false, ageUnknown: false });
  // Non-wildcard characters first, then characters (a longer wildcard before a shorter one), before the name order.
  const tie = (id: string, h: string, path = '/') => route(id, m(`{path: {value: ${path}}}`), { hostnames: [h] });
  assert.deepEqual(ranked('a.b.example.com', '/x', tie('a/r1', '*.example.com', '/x'), tie('a/r2', '*.b.example.com'), tie('a/r3', 'a.b.example.com')), [
    'a/r3 rules[0] PathPrefix /',
    'a/r2 rules[0] PathPrefix /',
    'a/r1 rules[0] PathPrefix /x',
  ]);
  // Equal hostnames: the match decides (conformance HTTPRouteMatchingAcrossRoutes, both routes on example.com).
  const [p1, p2] = pair('example.com', '/v2', tie('a/part1', 'example.com'), tie('a/part2', 'example.com', '/v2'));
  assert.deepEqual(compareCandidates(p2, p1), { order: -2, by: 'path', regex: false, ageUnknown: false });
});

// The audit's probes p03-hostprec and p03b-catchall: PathPrefix / on foo.example.com against PathPrefix /api on
// `*.example.com`, or on a route without hostnames (it matches every host with no characters: [0, 0]).
test('a longer path on a wildcard hostname or on a route without hostnames loses to an exact hostname', () => {
  const exact = route('default/exact-host', m('{path: {type: PathPrefix, value: /}}', 'svc-a'), { hostnames: ['foo.example.com'] });
  const wild = route('default/wildcard-host', m('{path: {type: PathPrefix, value: /api}}', 'svc-b'), { hostnames: ['*.example.com'] });
  const none = route('default/wildcard-host', m('{path: {type: PathPrefix, value: /api}}', 'svc-b'));
  assert.deepEqual(ranked('foo.example.com', '/api', exact, wild), ['default/exact-host rules[0] PathPrefix /', 'default/wildcard-host rules[0] PathPrefix /api']);
  assert.deepEqual(ranked('foo.example.com', '/api', exact, none), ['default/exact-host rules[0] PathPrefix /', 'default/wildcard-host rules[0] PathPrefix /api']);
  const [, n] = pair('foo.example.com', '/api', exact, none);
  assert.deepEqual(n.host, [0, 0]);
  // The wildcard beats the route without hostnames, whatever their paths.
  assert.deepEqual(ranked('bar.example.com', '/api', wild, route('a/catchall', m('{path: {type: Exact, value: /api}}'))), ['default/wildcard-host rules[0] PathPrefix /api', 'a/catchall rules[0] Exact /api']);
  // The rank is the hostname as the listener serves the route: a foo.example.com listener narrows `*.example.com`
  // to foo.example.com (effectiveHostnames), as a controller's virtual host for it does.
  const [x] = routeCandidates(routes(wild)[0]!, ['foo.example.com'], 'foo.example.com', '/api');
  assert.deepEqual(x?.host, [15, 15]);
});

test('then the older route by creationTimestamp when both manifests carry one, else the name (age unknown)', () => {
  const rule = m('{path: {value: /}}');
  const old = route('z/old', rule, { created: '"2022-10-03T18:55:38Z"' });
  const young = route('a/young', rule, { created: '2023-01-01T00:00:00+01:00' });
  assert.deepEqual(ranked('x.example', '/', young, old), ['z/old rules[0] PathPrefix /', 'a/young rules[0] PathPrefix /']);
  const [y, o] = pair('x.example', '/', young, old);
  assert.deepEqual(compareCandidates(o, y), { order: o.route.createdAt! - y.route.createdAt!, by: 'created', regex: false, ageUnknown: false });
  assert.equal(o.route.createdAt, Date.UTC(2022, 9, 3, 18, 55, 38));
  // One without a timestamp (or `null`, as exports write it): the first by namespace/name, and the age is unknown.
  const unknown = route('z/unknown', rule, { created: 'null' });
  assert.deepEqual(ranked('x.example', '/', unknown, young), ['a/young rules[0] PathPrefix /', 'z/unknown rules[0] PathPrefix /']);
  const [u, y2] = pair('x.example', '/', unknown, young);
  assert.equal(u.route.createdAt, undefined);
  assert.deepEqual(compareCandidates(y2, u), { order: -1, by: 'name', regex: false, ageUnknown: true });
});

test('within a route the first rule in list order, then the first match of the rule', () => {
  const r = route('a/r', m('{path: {value: /x}}', 'one') + m('{path: {value: /x}}', 'two'));
  assert.deepEqual(ranked('x.example', '/x/y', r), ['a/r rules[0] PathPrefix /x', 'a/r rules[1] PathPrefix /x']);
  const [a, b] = pair('x.example', '/x/y', r);
  assert.deepEqual(compareCandidates(b, a), { order: 1, by: 'rule', regex: false, ageUnknown: false });
  const two = route('a/r', '  - matches: [{path: {value: /x}}, {path: {value: /x}}]\n    backendRefs: [{name: web, port: 80}]\n');
  const [c, d] = pair('x.example', '/x', two);
  assert.deepEqual(compareCandidates(c, d), { order: -1, by: 'match', regex: false, ageUnknown: false });
  assert.deepEqual(compareCandidates(c, c), { order: 0, regex: false, ageUnknown: false });
});

test('a RegularExpression path ranks after Exact and before prefixes, and every comparison with one says so', () => {
  const r = route('a/r', m('{path: {type: PathPrefix, value: /api}}') + m('{path: {type: RegularExpression, value: "/api/v[0-9]+"}}') + m('{path: {type: Exact, value: /api/v1}}'));
  assert.deepEqual(ranked('x.example', '/api/v1', r), ['a/r rules[2] Exact /api/v1', 'a/r rules[1] RegularExpression /api/v[0-9]+', 'a/r rules[0] PathPrefix /api']);
  assert.deepEqual(ranked('x.example', '/api/vx', r), ['a/r rules[0] PathPrefix /api']);
  const [p, x] = pair('x.example', '/api/v2', r);
  assert.deepEqual(compareCandidates(x, p), { order: -1, by: 'path', regex: true, ageUnknown: false });
  // An invalid expression matches nothing rather than throwing.
  assert.deepEqual(ranked('x.example', '/a', route('a/r', m('{path: {type: RegularExpression, value: "(["}}'))), []);
});

test('hostnames: a rule without matches is PathPrefix /; no candidate when no hostname takes the host', () => {
  const r = route('a/r', '  - backendRefs: [{name: web, port: 80}]\n', { hostnames: ['*.example.com'] });
  assert.deepEqual(ranked('a.example.com', '/anything', r), ['a/r rules[0] (no matches)']);
  assert.deepEqual(ranked('example.com', '/', r), []);
  assert.deepEqual(hostRank(['*'], 'x.org'), [0, 0]);
  assert.deepEqual(hostRank(['*.example.com', 'a.example.com'], 'a.example.com'), [13, 13]);
  assert.deepEqual(hostRank(['*.example.com'], 'a.example.com'), [0, 13]);
  assert.equal(hostRank(['b.example.com'], 'a.example.com'), undefined);
});
