// The schema walk's record of visited nodes is kept only for documents with aliases: each shared node is still
// judged once, alias-free documents are judged in full, and constraint reports keep their own path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { YAMLMap } from 'yaml';
import { parseFile } from '../../../server/src/core/parse/parse.ts';
import { aliasFree } from '../../../server/src/core/parse/bounded.ts';
import { DEFAULT_OPTIONS } from '../../../server/src/core/options.ts';
import type { FieldSchema } from '../../../server/src/core/schema/types.ts';
import { walkSchema } from '../../../server/src/core/schema/walk.ts';
import { checkConstraints } from '../../../server/src/core/validate/constraints.ts';

const ITEM: FieldSchema = { type: 'object', doc: '', fields: { name: { type: 'string', doc: '', minLength: 2 } } };
const SCHEMA: FieldSchema = {
  type: 'object',
  doc: '',
  fields: {
    a: { type: 'object', doc: '', fields: { inner: ITEM } },
    b: { type: 'object', doc: '', fields: { inner: ITEM } },
    list: { type: 'list', doc: '', items: ITEM },
  },
};

function walked(text: string): { free: boolean; unknown: string[]; violations: string[] } {
  const file = parseFile('file:///w.yaml', text, DEFAULT_OPTIONS);
  const doc = file.docs[0]!;
  const unknown: string[] = [];
  walkSchema(doc, doc.contents, SCHEMA, { unknownField: (e) => unknown.push([...e.path, e.key].join('.')) });
  const violations: string[] = [];
  checkConstraints(doc, doc.contents as YAMLMap, SCHEMA, text, (v) => violations.push(`${v.path.join('.')} ${v.keyword} ${text.slice(v.span.start, v.span.end)}`));
  return { free: aliasFree(doc), unknown, violations };
}

test('a document without aliases is walked in full, each problem at its own path', () => {
  const got = walked('a: {inner: {name: x, odd: 1}}\nb: {inner: {name: y, odd: 2}}\nlist: [{name: z}, {name: ok}, {name: w}]\n');
  assert.equal(got.free, true);
  assert.deepEqual(got.unknown, ['a.inner.odd', 'b.inner.odd']);
  assert.deepEqual(got.violations, ['a.inner.name minLength x', 'b.inner.name minLength y', 'list.0.name minLength z', 'list.2.name minLength w']);
});

test('a node shared through an alias or a merge key is judged once, where the walk first meets it', () => {
  const alias = walked('a: {inner: &i {name: x, odd: 1}}\nb: {inner: *i}\n');
  assert.equal(alias.free, false);
  assert.deepEqual(alias.unknown, ['a.inner.odd']);
  assert.deepEqual(alias.violations, ['a.inner.name minLength x']);
  // The merge shares `inner`'s map with `a`: the merged copy under `b` is not judged again.
  const merge = walked('a: &base {inner: {name: x, odd: 1}}\nb: {<<: *base}\n');
  assert.equal(merge.free, false);
  assert.deepEqual(merge.unknown, ['a.inner.odd']);
  assert.deepEqual(merge.violations, ['a.inner.name minLength x']);
});
