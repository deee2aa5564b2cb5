// A file with a document skipped for its size (over the token budget) is re-parsed incrementally like any other:
// an edit elsewhere parses only its own document, the skipped one is kept or moved with its notice; every result
// equals a full parse after every edit of seeded random sequences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, DEFAULT_OPTIONS, parseFile, reparseFile, type ParsedFile, type ReparseStats } from '../../../server/src/core/index.ts';
import { apply, randomEdit, rng, snapshot } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;

/** One line of a flow sequence holding more tokens than a document may (parse/bounded.ts MAX_DOCUMENT_TOKENS). */
const HUGE = `kind: ConfigMap\ndata: [${'1, '.repeat(90_000)}1]\n`;

async function withSkipped(): Promise<string> {
  const docs = multiDocFile(600, 3).split('---\n');
  const half = docs.length >> 1;
  return [...docs.slice(0, half), HUGE, ...docs.slice(half)].join('---\n');
}

const notices = (f: ParsedFile) => f.issues.filter((i) => i.kind === 'too-large-document');

test('an edit beside a skipped document re-parses its own document only; the skipped one moves with its notice', async () => {
  const text = await withSkipped();
  const file = parseFile('file:///s.yaml', text, opts);
  assert.equal(notices(file).length, 1);
  const docs = file.docs.length;
  // Before the skipped document (it moves) and after it (it is kept).
  for (const [from, label] of [[0, 'before'], [text.indexOf(HUGE) + HUGE.length, 'after']] as const) {
    const at = text.indexOf('replicas:', from);
    assert.ok(at !== -1, label);
    const edited = `${text.slice(0, at)}replicas: 12${text.slice(text.indexOf('\n', at))}`;
    const stats: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
    const again = reparseFile(parseFile('file:///s.yaml', text, opts), 'file:///s.yaml', edited, opts, stats);
    assert.deepEqual(stats, { parsedDocs: 2, keptDocs: docs - 1, full: false }, label);
    const expected = parseFile('file:///s.yaml', edited, opts);
    assert.deepEqual(snapshot(again), snapshot(expected), label);
    assert.deepEqual(notices(again), notices(expected), label);
    assert.equal(notices(again).length, 1, label);
  }
});

test('random edit sequences over a file with a skipped document give exactly the full parse', async () => {
  const start = await withSkipped();
  for (const seed of [11, 12]) {
    const r = rng(seed);
    let text = start;
    let file = parseFile('file:///s.yaml', text, opts);
    checkFile(file, opts);
    let incremental = 0;
    for (let i = 0; i < 30; i++) {
      const e = randomEdit(text, r);
      text = apply(text, e);
      const stats: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
      file = reparseFile(file, 'file:///s.yaml', text, opts, stats);
      if (!stats.full) incremental++;
      const expected = parseFile('file:///s.yaml', text, opts);
      const where = `seed ${seed}, edit ${i}: ${JSON.stringify({ ...e, text: e.text.slice(0, 40) })}`;
      assert.deepEqual(snapshot(file), snapshot(expected), where);
      assert.deepEqual(checkFile(file, opts), checkFile(expected, opts), where);
    }
    // Edits beside the skipped document that keep document boundaries re-parse incrementally (before: none did).
    assert.ok(incremental >= 12, `seed ${seed}: only ${incremental} of 30 edits re-parsed incrementally`);
  }
});
