// Background jobs (the closed files' problems: folder results, their conversion) take a slice only when no other
// job waits for one, so an open document's analysis that runs beside them finishes first; alone they run to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drive, Runs, sliceOver } from '../../../server/src/lsp/slices.ts';

/** Steps that use up their slice each time (so the job pauses after every step), logging `tag:i`. */
function* busy(tag: string, steps: number, log: string[], sliceMs = 1): Generator<void, string, void> {
  for (let i = 0; i < steps; i++) {
    while (!sliceOver(sliceMs));
    log.push(`${tag}:${i}`);
    yield;
  }
  return tag;
}

test('a background job waits while a foreground job has slices to run, then finishes', async () => {
  const log: string[] = [];
  const back = drive(busy('b', 4, log), 1, undefined, true);
  const front = drive(busy('f', 4, log), 1);
  assert.deepEqual(await Promise.all([back, front]), ['b', 'f']);
  // Each job's first step runs at once (work starts before any pause); after that the background job's next
  // slice comes only when the foreground job is done.
  assert.deepEqual(log, ['b:0', 'f:0', 'f:1', 'f:2', 'f:3', 'b:1', 'b:2', 'b:3']);
});

test('two foreground jobs still take turns; a background Runs resolves with its value', async () => {
  const log: string[] = [];
  const runs = new Runs<string>(true);
  // Runs drives with the server's slice length (8 ms): each step uses it up.
  const back = runs.run('k', 'o', [], () => busy('b', 3, log, 8));
  const one = drive(busy('x', 3, log), 1);
  const two = drive(busy('y', 3, log), 1);
  assert.deepEqual(await Promise.all([back, one, two]), ['b', 'x', 'y']);
  const fore = log.filter((l) => !l.startsWith('b'));
  assert.deepEqual(fore, ['x:0', 'y:0', 'x:1', 'y:1', 'x:2', 'y:2']);
  // The background run's later steps all come after the foreground jobs' last ones.
  assert.ok(log.indexOf('b:1') > log.indexOf('y:2'), log.join(' '));
});
