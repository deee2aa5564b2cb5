// What an open document keeps alive across edits: at most the parse one version back (readers of carried results
// look one version back), never the chain of every earlier version. Checked with WeakRefs after a forced collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildModel, checkFile, createModelCache, DEFAULT_OPTIONS, parseFile, reparseFile, type ParsedFile } from '../../../server/src/core/index.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** One digit of a `replicas:` line replaced: a neutral same-length edit, every other document kept. */
function bumpReplicas(text: string, nth: number): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf('replicas: ', at + 1);
  const d = at + 'replicas: '.length;
  return text.slice(0, d) + String((Number(text[d]) + 1) % 10) + text.slice(d + 1);
}

test('edits of an open document do not keep every earlier parse alive (only the previous one)', async () => {
  const uri = 'file:///gen/lifetime.yaml';
  const opts = DEFAULT_OPTIONS;
  const cache = createModelCache();
  let text = multiDocFile(600, 3);
  let file: ParsedFile | undefined = parseFile(uri, text, opts);
  const versions: WeakRef<ParsedFile>[] = [];
  const objects: WeakRef<object>[] = [];
  for (let i = 0; i < 6; i++) {
    // Every per-object cache filled (file rules, validation, model reading), as the server's analyses do.
    checkFile(file, opts);
    buildModel([file], opts, cache);
    versions.push(new WeakRef(file));
    objects.push(new WeakRef(file.objects[file.objects.length - 1] as object));
    text = bumpReplicas(text, i % 3);
    file = reparseFile(file, uri, text, opts);
  }
  checkFile(file, opts);
  buildModel([file], opts, cache);
  // WeakRefs made in this job stay alive until it ends.
  await turn();
  gc();
  await turn();
  gc();
  // The current parse carried its objects' results from the last version: that one may stay, no earlier one.
  const alive = versions.map((v) => v.deref() !== undefined);
  assert.deepEqual(alive.slice(0, -1), [false, false, false, false, false], `parses still alive: ${JSON.stringify(alive)}`);
  assert.deepEqual(objects.slice(0, -1).map((o) => o.deref() !== undefined), [false, false, false, false, false]);
  // The current parse still reads the results carried over (the test would pass vacuously with nothing carried).
  assert.ok(file.objects.length > 20);
  assert.equal(versions.length, 6);
});
