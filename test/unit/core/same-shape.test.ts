// Same-shape copies (core/same-shape.ts) and lazy files (parse/skeleton.ts): what a spread gives, in hidden classes shared by every copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sameShapeCopy } from '../../../server/src/core/same-shape.ts';

test('a same-shape copy has the spread\'s own properties, in its order, getters read like it', () => {
  let reads = 0;
  const draft = { name: 'web', ports: [80], origin: { uri: 'file:///a.yaml' }, get lazy() { return ++reads; } };
  const copy = sameShapeCopy(draft, { id: 'ns/web', namespace: 'ns' });
  const spread = { ...draft, id: 'ns/web', namespace: 'ns' };
  assert.deepEqual(Object.keys(copy), Object.keys(spread));
  assert.deepStrictEqual(copy, { name: 'web', ports: [80], origin: { uri: 'file:///a.yaml' }, lazy: 1, id: 'ns/web', namespace: 'ns' });
  assert.equal(spread.lazy, 2, 'each copy read the getter once');
  assert.equal(copy.ports, draft.ports, 'shallow: the values are shared');
  // A key the extra repeats keeps its first place with the extra's value, as in a spread.
  assert.deepEqual(Object.entries(sameShapeCopy({ a: 1, b: 2 }, { a: 3 })), [['a', 3], ['b', 2]]);
  assert.deepEqual(Object.keys(sameShapeCopy({ kind: 'Pod' })), ['kind']);
});

// V8's own answer, in a child process with its natives syntax (%HaveSameMap): the property this file exists for.
const CHILD = `
const { sameShapeCopy } = require(${JSON.stringify(path.resolve(__dirname, '../../../server/src/core/same-shape.ts'))});
const { parseFile } = require(${JSON.stringify(path.resolve(__dirname, '../../../server/src/core/parse/parse.ts'))});
const { lazyParsedFile, skeletonOf } = require(${JSON.stringify(path.resolve(__dirname, '../../../server/src/core/parse/skeleton.ts'))});
const copies = [];
for (let i = 0; i < 200; i++) copies.push(sameShapeCopy({ kind: 'Deployment', name: 'w' + i, podLabels: { app: 'a' + i } }, { id: 'ns/w' + i, namespace: 'ns' }));
const files = [];
for (let i = 0; i < 50; i++) {
  const text = 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: s' + i + '\\n';
  files.push(lazyParsedFile('file:///f' + i + '.yaml', text, { maxFileSize: 1e6 }, skeletonOf(parseFile('file:///f' + i + '.yaml', text, { maxFileSize: 1e6 }))));
}
const shared = (xs) => xs.filter((x) => %HaveSameMap(x, xs[0])).length;
console.log(JSON.stringify({ copies: shared(copies), files: shared(files), objects: shared(files.map((f) => f.objects[0])) }));
`;

test('copies of equal-keyed objects, lazy files and their objects each share one hidden class', () => {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', CHILD], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { copies: 200, files: 50, objects: 50 });
});
