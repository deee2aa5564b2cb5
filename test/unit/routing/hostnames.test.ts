// Hostname intersection as the Gateway API defines it (wildcards stand for one or more leftmost labels).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveHostnames, hostMatches, intersection } from '../../../server/src/core/routing/hostnames.ts';

test('exact, wildcard and wildcard-wildcard intersections', () => {
  assert.equal(intersection('a.example.com', 'a.example.com'), 'a.example.com');
  assert.equal(intersection('a.example.com', 'b.example.com'), undefined);
  assert.equal(intersection('*.example.com', 'a.b.example.com'), 'a.b.example.com');
  assert.equal(intersection('*.example.com', 'example.com'), undefined);
  assert.equal(intersection('*.example.com', '*.foo.example.com'), '*.foo.example.com');
  assert.equal(intersection('*.foo.example.com', '*.example.com'), '*.foo.example.com');
  assert.equal(intersection('*.example.com', '*.example.net'), undefined);
  assert.equal(intersection('*.badexample.com', '*.example.com'), undefined);
  assert.equal(intersection('A.Example.com', 'a.example.com'), 'a.example.com');
});

test('effective hostnames of a route through a listener', () => {
  assert.deepEqual(effectiveHostnames(undefined, []), ['*']);
  assert.deepEqual(effectiveHostnames('*.example.com', []), ['*.example.com']);
  assert.deepEqual(effectiveHostnames(undefined, ['a.example.com']), ['a.example.com']);
  assert.deepEqual(effectiveHostnames('*.example.com', ['a.example.com', 'b.example.net', '*.example.com']), ['a.example.com', '*.example.com']);
  assert.ok(hostMatches('grafana.example.net', '*.example.net'));
  assert.ok(!hostMatches('example.net', '*.example.net'));
  assert.ok(hostMatches('anything', '*'));
});
