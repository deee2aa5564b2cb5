// The fuzzer itself: the same seed gives the same documents and operations, and a short run against the real
// server passes (CI runs 5,000 documents; see README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './harness.ts';
// @ts-expect-error: a plain ES module without types (scripts are JavaScript)
import { mutate, positionAt, rng } from '../../scripts/fuzz/mutate.mjs';

type Rng = { next(): number };

test('the same seed gives the same mutations', () => {
  const seeds = ['a: 1\nb:\n  - x\n', 'kind: NetworkPolicy\nspec: {podSelector: {}}\n'];
  const run = (seed: number): string[] => {
    const r = rng(seed) as Rng;
    return Array.from({ length: 50 }, () => mutate(r, seeds[Math.floor(r.next() * 2)], seeds) as string);
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
  assert.deepEqual(positionAt('a\r\nb\rc\nd', 7), { line: 3, character: 0 });
});

test('a short seeded run against dist/server.js passes and says how to replay it', (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-fuzz-test-'));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/fuzz/run.mjs'), '--seed', '3', '--docs', '15', '--time', '120', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^fuzz: seed 3, up to 15 documents or 120 s/m);
  assert.match(r.stdout, /^fuzz: passed: 15 documents, \d+ operations in [\d.]+ s \(seed 3\)/m);
});
