// Memo slots on the engine's objects (core/slots.ts): each slot keeps its own value, the object carries them
// invisibly (no enumerable key, not copied by a spread), and the memos built on them survive exactly their object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slot, slotTables } from '../../../server/src/core/slots.ts';
import { fileOfObject, parseFile } from '../../../server/src/core/parse/parse.ts';
import { optionsFromRaw } from '../../../server/src/core/index.ts';

test('two slots on one object hold their own values; an object without a slot answers undefined', () => {
  const a = slot<object, string>();
  const b = slot<object, number>();
  const o = { kind: 'Pod' };
  assert.equal(a.get(o), undefined);
  a.set(o, 'x');
  b.set(o, 3);
  a.set(o, 'y');
  assert.deepEqual([a.get(o), b.get(o), a.get({ kind: 'Pod' })], ['y', 3, undefined]);
});

test('a slot is not an own enumerable key, a spread copy does not inherit it, and deep equality ignores it', () => {
  const s = slot<object, string>();
  const o = { kind: 'Pod' };
  s.set(o, 'memo');
  assert.deepEqual(Object.keys(o), ['kind']);
  assert.equal(JSON.stringify(o), '{"kind":"Pod"}');
  const copy = { ...o };
  assert.equal(s.get(copy), undefined);
  assert.deepStrictEqual(o, { kind: 'Pod' });
});

test('a parsed object knows its file through its slot; a copy of it does not', () => {
  const file = parseFile('file:///a.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n', { maxFileSize: optionsFromRaw({}).maxFileSize });
  const obj = file.objects[0];
  assert.ok(obj);
  assert.equal(fileOfObject(obj), file);
  assert.equal(fileOfObject({ ...obj }), undefined);
});

test('slot tables: each owner reads only its own entry; a second owner replaces the first; delete clears only its own', () => {
  const tables = slotTables<object, string>();
  const a = tables();
  const b = tables();
  const key = {};
  a.set(key, 'a');
  assert.deepEqual([a.get(key), b.get(key)], ['a', undefined]);
  b.set(key, 'b');
  // A miss for the first owner, never its neighbour's value.
  assert.deepEqual([a.get(key), b.get(key)], [undefined, 'b']);
  a.delete(key);
  assert.equal(b.get(key), 'b');
  b.delete(key);
  assert.equal(b.get(key), undefined);
  assert.deepEqual(Object.keys(key), []);
});
