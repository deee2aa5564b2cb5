// A lazily parsed file whose skeleton lists more objects than its text parses into (a worker bundle of another
// version) gives the extras empty trees when read: never a throw (the getters used to call themselves forever).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap } from 'yaml';
import { parseFile } from '../../../server/src/core/parse/parse.ts';
import { lazyParsedFile, skeletonOf } from '../../../server/src/core/parse/skeleton.ts';

test('objects beyond the parse read as an empty map, the others as their own trees', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n';
  const sk = skeletonOf(parseFile('file:///a.yaml', text, { maxFileSize: 1e6 }));
  sk.objects.push({ ...sk.objects[0]!, name: 'extra' });
  const lazy = lazyParsedFile('file:///a.yaml', text, { maxFileSize: 1e6 }, sk);
  const extra = lazy.objects[1]!;
  assert.ok(isMap(extra.node));
  assert.equal(extra.node.items.length, 0);
  const first = lazy.objects[0]!;
  assert.ok(isMap(first.node));
  assert.equal(first.doc, lazy.docs[0]);
  assert.deepEqual(first.node.toJSON(), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } });
});
