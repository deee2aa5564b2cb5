// A driven run whose input parse an edit consumed (reparseFile moves its documents into the new parse, shifting
// their offsets in place) is dropped at its next pause, never finished over the moved documents; a run started over
// an already consumed parse resolves undefined too. The same run over an untouched parse finishes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consumed, consumedCount, DEFAULT_OPTIONS, parseFile, reparseFile } from '../../../server/src/core/index.ts';
import { Runs, sliceOver } from '../../../server/src/lsp/slices.ts';

const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n';

/** Steps that use up their slice each time (so the run pauses after every step), then answer `tag`. */
function* busy(tag: string, steps: number, seen: number[]): Generator<void, string, void> {
  for (let i = 0; i < steps; i++) {
    while (!sliceOver());
    seen.push(i);
    yield;
  }
  return tag;
}

test('an edit consuming an input parse drops the running analysis at its next pause', async () => {
  const runs = new Runs<string>();
  const file = parseFile('file:///a.yaml', text, DEFAULT_OPTIONS);
  const seen: number[] = [];
  const running = runs.run('k', 'o', [file], () => busy('done', 20, seen));
  const next = reparseFile(file, 'file:///a.yaml', text.replace('name: b', 'name: bb'), DEFAULT_OPTIONS);
  assert.equal(consumed(file), true);
  assert.equal(consumed(next), false);
  assert.equal(await running, undefined);
  assert.ok(seen.length < 20, `stopped early (${seen.length} steps ran)`);
});

test('a run started over a consumed parse resolves undefined; over the new parse it finishes', async () => {
  const runs = new Runs<string>();
  const file = parseFile('file:///a.yaml', text, DEFAULT_OPTIONS);
  const next = reparseFile(file, 'file:///a.yaml', text.replace('name: a', 'name: aa'), DEFAULT_OPTIONS);
  const seen: number[] = [];
  assert.equal(await runs.run('k', 'o', [file], () => busy('stale', 3, seen)), undefined);
  assert.deepEqual(seen, []);
  assert.equal(await runs.run('k', 'o', [next], () => busy('fresh', 3, seen)), 'fresh');
  assert.deepEqual(seen, [0, 1, 2]);
});

test('a run over many inputs keeps going when another document is edited, and stops when one of its own is', async () => {
  // Runs looks at its inputs again only once reparseFile consumed something (consumedCount): an edit of a file
  // outside the run leaves it running; a later edit of one of its inputs still stops it at the next pause.
  const runs = new Runs<string>();
  const inputs = Array.from({ length: 50 }, (_, i) => parseFile(`file:///w/${i}.yaml`, text, DEFAULT_OPTIONS));
  const other = parseFile('file:///other.yaml', text, DEFAULT_OPTIONS);
  const seen: number[] = [];
  const before = consumedCount();
  const running = runs.run('k', 'o', inputs, () => busy('done', 6, seen));
  reparseFile(other, 'file:///other.yaml', text.replace('name: b', 'name: bb'), DEFAULT_OPTIONS);
  assert.equal(consumedCount(), before + 1);
  while (seen.length < 3) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(consumed(inputs[7]), false);
  reparseFile(inputs[7], 'file:///w/7.yaml', text.replace('name: a', 'name: aa'), DEFAULT_OPTIONS);
  assert.equal(await running, undefined);
  assert.ok(seen.length >= 3 && seen.length < 6, `ran past the unrelated edit, stopped after its own (${seen.length} steps)`);
});
