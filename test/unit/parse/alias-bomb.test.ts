// The alias-bomb check of the parse: a document whose aliases expand past the limit is skipped with one notice; a
// document with `*` in its text but no alias (a wildcard host, a glob) and one with a few aliases are read as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';

const opts = DEFAULT_OPTIONS;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n';
/** Nine levels of nine aliases each: 9^9 nodes once expanded. */
const BOMB = `a: &a ["lol"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`;

test('aliases that expand past the limit: the document is skipped with an alias-limit issue over its contents', () => {
  const text = `${POLICY}---\n${BOMB}`;
  const file = parseFile('file:///bomb.yaml', text, opts);
  assert.deepEqual(
    file.issues.map((i) => ({ kind: i.kind, start: i.span.start, end: i.span.end })),
    [{ kind: 'alias-limit', start: POLICY.length + 4, end: text.length }],
  );
  assert.deepEqual(file.objects.map((o) => o.name), ['p']);
});

test('a `*` that is no alias (a wildcard host, a glob) and a few real aliases: no issue, every object read', () => {
  const wildcard = `${POLICY}---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  hostnames: ["*.example.com"]\n  # matches *.yaml\n`;
  const aliases = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: &l {app: web}\ndata:\n  a: x\n  b: *l\n';
  const file = parseFile('file:///ok.yaml', `${wildcard}---\n${aliases}`, opts);
  assert.deepEqual(file.issues, []);
  assert.deepEqual(file.objects.map((o) => o.name), ['p', 'r', 'c']);
});
