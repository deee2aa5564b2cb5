// invalid-peer: every from/to item sets a selector or an ipBlock, and an ipBlock stands alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, findings, np } from './rule-harness.ts';

const from = (lines: string) => np(`  podSelector: {}\n  ingress:\n  - from:\n${lines}`);
const seen = (text: string) => findings(text, 'invalid-peer').map((f) => [f.at, f.severity, f.message]);

test('selectors, their combination and a lone ipBlock are fine', () => {
  const text = from('    - podSelector: {}\n    - namespaceSelector: {}\n    - {podSelector: {}, namespaceSelector: {matchLabels: {a: b}}}\n    - ipBlock: {cidr: 10.0.0.0/8}\n');
  assert.deepEqual(codes(text), []);
});

test('an empty peer is an error on it', () => {
  assert.deepEqual(seen(from('    - {}\n')), [
    ['{}', 'error', 'spec.ingress[0].from[0]: must specify a peer: set at least one of podSelector, namespaceSelector or ipBlock.'],
  ]);
});

test('a selector key without a value is null and does not count; the message says why', () => {
  const text = np('  podSelector: {}\n  egress:\n  - to:\n    - podSelector:\n      matchLabels: {app: db}\n');
  const [f, ...rest] = findings(text, 'invalid-peer');
  assert.equal(rest.length, 0);
  assert.equal(f?.at, 'podSelector'); // a multi-line peer is reported at its first key
  assert.equal(
    f?.message,
    'spec.egress[0].to[0]: must specify a peer: set at least one of podSelector, namespaceSelector or ipBlock. `podSelector:` has no value (null), which counts as not set; write `podSelector: {}` to select everything, or indent its fields under it.',
  );
  const [g] = findings(from('    - ipBlock:\n      cidr: 10.0.0.0/8\n'), 'invalid-peer');
  assert.match(g?.message ?? '', /`ipBlock:` has no value \(null\), which counts as not set; indent its cidr under it\.$/);
});

test('null list items are empty peers, reported on the dash', () => {
  const text = from('    - \n    - null\n');
  assert.deepEqual(findings(text, 'invalid-peer').map((f) => [f.at, f.message.split(':')[0]]), [
    ['-', 'spec.ingress[0].from[0]'],
    ['null', 'spec.ingress[0].from[1]'],
  ]);
});

test('ipBlock with a selector is an error on the ipBlock key, naming the selector(s)', () => {
  const text = from('    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n    - {namespaceSelector: {}, ipBlock: {cidr: 1.0.0.0/8}, podSelector: {}}\n');
  assert.deepEqual(seen(text), [
    ['ipBlock', 'error', 'spec.ingress[0].from[0]: may not specify both ipBlock and podSelector; put the ipBlock in its own peer (a separate list item).'],
    ['ipBlock', 'error', 'spec.ingress[0].from[1]: may not specify both ipBlock and podSelector and namespaceSelector; put the ipBlock in its own peer (a separate list item).'],
  ]);
});

test('a null ipBlock next to a selector is just the selector', () => {
  assert.deepEqual(seen(from('    - {podSelector: {}, ipBlock: null}\n')), []);
});

test('aliases, flow style and odd shapes never throw', () => {
  const text = np('  podSelector: {}\n  ingress:\n  - from: [&e {}, *e]\n  egress:\n  - to: 5\n  - to: [[a], x, 3]\n  - to: {a: b}\n  - null\n');
  assert.deepEqual(findings(text, 'invalid-peer').map((f) => [f.at, f.message.split(':')[0]]), [
    ['{}', 'spec.ingress[0].from[0]'],
    ['{}', 'spec.ingress[0].from[1]'],
  ]);
});
