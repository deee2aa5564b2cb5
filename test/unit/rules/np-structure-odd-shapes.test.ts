// The structure rules never throw on malformed NetworkPolicies: odd shapes become findings (or nothing), never crashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, DEFAULT_OPTIONS } from '../../../server/src/core/index.ts';

const head = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n';
const shapes: string[] = [
  `${head}metadata: [a, b]\nspec: 5\n`,
  `${head}metadata: x\nspec: [podSelector]\n`,
  `${head}metadata: {name: {a: b}, labels: [a], annotations: 7}\nspec: {podSelector: {matchLabels: {a: [b]}, matchExpressions: [1, [2], {key: [k], operator: {o: 1}, values: x}]}}\n`,
  `${head}metadata:\n  name: p\nspec:\n  ingress: [1, "x", [], null, {from: 5, ports: {port: 1}}]\n  egress: {to: []}\n`,
  `${head}metadata:\n  name: p\n  1: 2\n  true: false\n  null: x\nspec:\n  ? [complex, key]\n  : value\n  podSelector: {}\n`,
  `${head}metadata: &m\n  name: p\n  labels: *m\nspec:\n  podSelector: &s {matchLabels: {a: b}}\n  ingress: [{from: [{podSelector: *s, namespaceSelector: *s}]}]\n`,
  `${head}metadata: {name: p}\nspec:\n  podSelector:\n    matchExpressions:\n    - key:\n      operator:\n      values:\n    -\n    - ~\n`,
  `${head}metadata: {name: p}\nspec: !!str tagged\n`,
  `kind: NetworkPolicy\n`,
  `${head}`,
  `${head}metadata:\n  name: "\u00e9\u{1F600}"\n  labels: {"\u00e9": "\u{1F600}"}\nspec: {podSelector: {}}\n`,
  `- ${head.trimEnd().replace('\n', '\n  ')}\n`,
  `apiVersion: v1\nkind: List\nitems:\n- ${head.trimEnd().replace('\n', '\n  ')}\n  metadata: 3\n- 7\n`,
];

test('odd shapes never throw', () => {
  for (const text of shapes) {
    assert.doesNotThrow(() => analyzeText('odd.yaml', text, DEFAULT_OPTIONS), text);
  }
});

test('a list as metadata and a scalar spec are wrong-type findings only', () => {
  const { findings } = analyzeText('odd.yaml', shapes[0]!, DEFAULT_OPTIONS);
  assert.deepEqual(findings.map((f) => [f.code, shapes[0]!.slice(f.span.start, f.span.end)]), [['wrong-type', '[a, b]'], ['wrong-type', '5']]);
});

test('items of a kind: List are checked like top-level objects', () => {
  const { findings } = analyzeText('odd.yaml', shapes[12]!, DEFAULT_OPTIONS);
  assert.deepEqual(findings.map((f) => f.code), ['empty-policy', 'wrong-type']);
});

test('an alias cycle (metadata.labels: *metadata) ends; a shared anchor is type-checked at each use', () => {
  const { findings } = analyzeText('odd.yaml', shapes[5]!, DEFAULT_OPTIONS);
  assert.deepEqual(findings, []);
  const text = `${head}metadata: {name: p, labels: &l {a: b}}\nspec:\n  podSelector: {matchLabels: *l, matchExpressions: *l}\n`;
  const got = analyzeText('odd.yaml', text, DEFAULT_OPTIONS).findings;
  assert.deepEqual(got.map((f) => [f.code, text.slice(f.span.start, f.span.end)]), [['wrong-type', '{a: b}']]);
  assert.match(got[0]?.message ?? '', /spec\.podSelector\.matchExpressions must be a list/);
});

test('ranges stay exact with CRLF line endings and non-ASCII text before the finding', () => {
  const text = `# caf\u00e9 \u{1F600}\r\n${head.replace(/\n/g, '\r\n')}metadata:\r\n  name: Caf\u00e9\r\n  labels:\r\n    "\u00e9t\u00e9": x\r\nspec:\r\n  podselector: {}\r\n`;
  const got = analyzeText('crlf.yaml', text, DEFAULT_OPTIONS).findings.map((f) => [f.code, text.slice(f.span.start, f.span.end)]);
  assert.deepEqual(got, [
    ['invalid-name', 'Caf\u00e9'],
    ['invalid-label', '"\u00e9t\u00e9"'],
    ['empty-policy', 'spec'],
    ['unknown-field', 'podselector'],
  ]);
});
