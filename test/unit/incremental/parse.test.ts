// Incremental parsing equals a full parse: seeded random edit sequences over examples/ and a generated
// multi-document file, compared after every edit (parse node by node, file findings with fixes, the workspace's
// findings); and only the edited document is parsed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeWorkspace, checkFile, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, reparseFile, type ParsedFile, type ReparseStats } from '../../../server/src/core/index.ts';
import { apply, randomEdit, rng, ROOT, snapshot, yamlFiles } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;

/**
 * Edits `start` step by step, re-parsing incrementally, and compares after every edit with a from-scratch parse:
 * the parse node by node, the file rules' findings (with fixes), and the whole analysis of `others` + this file.
 */
function editSequence(uri: string, start: string, seed: number, steps: number, others: ParsedFile[] = []): { fellBack: number } {
  const r = rng(seed);
  let text = start;
  let file: ParsedFile = parseFile(uri, text, opts);
  checkFile(file, opts); // warm the per-object results the next parses carry over
  let fellBack = 0;
  for (let i = 0; i < steps; i++) {
    const e = randomEdit(text, r);
    text = apply(text, e);
    const stats: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
    file = reparseFile(file, uri, text, opts, stats);
    if (stats.full) fellBack++;
    const expected = parseFile(uri, text, opts);
    const where = `${uri}, seed ${seed}, edit ${i}: ${JSON.stringify(e)}`;
    assert.deepEqual(snapshot(file), snapshot(expected), where);
    assert.deepEqual(checkFile(file, opts), checkFile(expected, opts), where);
    if (others.length > 0) {
      const got = analyzeWorkspace([...others, file], opts, cache);
      const want = analyzeWorkspace([...others, expected], opts);
      assert.deepEqual(got.findings, want.findings, where);
    }
  }
  return { fellBack };
}
const cache = createWorkspaceCache();

test('random edit sequences over examples/ give exactly the full parse after every edit', () => {
  const files = yamlFiles(path.join(ROOT, 'examples'));
  assert.ok(files.length >= 15);
  const parsed = files.map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  let seed = 1;
  // Each file edited inside the whole examples workspace: its findings and every other file's must match.
  for (const [i, f] of files.entries()) editSequence(`file://${f}`, fs.readFileSync(f, 'utf8'), seed++, 30, parsed.filter((_, j) => j !== i));
});

test('random edit sequences over a generated 170-document file give exactly the full parse', async () => {
  const big = multiDocFile(1500, 7);
  for (let seed = 100; seed < 104; seed++) editSequence('file:///gen/big.yaml', big, seed, 60);
});

test('a one-line edit re-parses only its document (and the next marker line); the others are kept or moved', async () => {
  const text = multiDocFile(5000);
  const file = parseFile('file:///big.yaml', text, opts);
  const docs = file.docs.length;
  assert.ok(docs >= 150);
  const at = text.indexOf('replicas:', text.length >> 1);
  const edited = `${text.slice(0, at)}replicas: 12${text.slice(text.indexOf('\n', at))}`;
  const stats: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
  const again = reparseFile(file, 'file:///big.yaml', edited, opts, stats);
  // Two documents composed: the edited one, and the next `---` line (read to end the edited one as a full parse does).
  assert.deepEqual(stats, { parsedDocs: 2, keptDocs: docs - 1, full: false });
  assert.deepEqual(snapshot(again), snapshot(parseFile('file:///big.yaml', edited, opts)));
});

test('directives and declined files fall back to a full parse', () => {
  const stats: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
  const a = parseFile('file:///d.yaml', 'a: 1\n---\nb: 2\n', opts);
  reparseFile(a, 'file:///d.yaml', '%YAML 1.2\n---\na: 1\n---\nb: 2\n', opts, stats);
  assert.equal(stats.full, true);
  const big = parseFile('file:///d.yaml', 'x'.repeat(50), { maxFileSize: 10 });
  reparseFile(big, 'file:///d.yaml', 'y'.repeat(5), { maxFileSize: 10 }, stats);
  assert.equal(stats.full, true);
});

test('template markers are found only in the asked range, a marker starting at its last character included', async () => {
  const { blockMarkers } = await import('../../../server/src/core/parse/template.ts');
  const text = 'a: {{ x }}\nb: {% y %}\nc: {# z #}\n';
  assert.deepEqual(blockMarkers(text), [3, 14, 25]);
  assert.deepEqual(blockMarkers(text, 4, 25), [14]);
  assert.deepEqual(blockMarkers(text, 4, 26), [14, 25]);
  assert.deepEqual(blockMarkers(text, 26), []);
});
