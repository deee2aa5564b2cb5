// The first parse of a large file in slices of whole `---` documents equals the parse of the whole text: over
// examples/ and seeded random edits of it (markers, `...`, unclosed quotes and flows, directives, block scalars),
// with slices as small as one document; and it stops between slices (an adapter answers requests meanwhile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_OPTIONS, parseFile, parseFileSteps } from '../../../server/src/core/index.ts';
import { finish } from '../../../server/src/core/steps.ts';
import { apply, randomEdit, rng, ROOT, snapshot, yamlFiles } from './edits.ts';

const opts = DEFAULT_OPTIONS;
const examples = yamlFiles(path.join(ROOT, 'examples')).map((f) => fs.readFileSync(f, 'utf8'));
const joined = examples.join('---\n');

/** Runs the sliced parse to its end; returns the file and how many times it stopped. */
function sliced(uri: string, text: string, sliceChars: number): { file: ReturnType<typeof parseFile>; stops: number } {
  const steps = parseFileSteps(uri, text, opts, sliceChars);
  let stops = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { file: r.value, stops };
    stops++;
  }
}

test('examples/ joined into one file: the sliced parse equals the whole parse, stopping between documents', () => {
  for (const size of [1, 200, 2000, 20_000]) {
    const { file, stops } = sliced('file:///all.yaml', joined, size);
    assert.deepEqual(snapshot(file), snapshot(parseFile('file:///all.yaml', joined, opts)), `slices of ${size}`);
    if (size <= 200) assert.ok(stops >= examples.length - 1, `slices of ${size}: ${stops} stops`);
  }
});

test('seeded random edits of the joined examples: every text parses the same in slices and whole', () => {
  const r = rng(14);
  let text = joined;
  for (let i = 0; i < 300; i++) {
    text = apply(text, randomEdit(text, r));
    const size = [1, 64, 400][i % 3] as number;
    assert.deepEqual(snapshot(finish(parseFileSteps('file:///e.yaml', text, opts, size))), snapshot(parseFile('file:///e.yaml', text, opts)), `edit ${i}, slices of ${size}`);
  }
});

test('small and too large files parse in one step; directive files and a document over the budget parse whole, in steps', () => {
  const cases = ['a: 1\n', `%YAML 1.2\n---\na: 1\n---\n${'b: 2\n'.repeat(50)}`, `a: 1\n---\nm: {${Array.from({ length: 60_000 }, (_, i) => `k${i}: v`).join(', ')}}\n---\nb: 2\n`];
  const stopsOf = cases.map((text, i) => {
    // A text no longer than a slice is one step.
    const { file, stops } = sliced('file:///s.yaml', text, i === 0 ? text.length : 4);
    assert.deepEqual(snapshot(file), snapshot(parseFile('file:///s.yaml', text, opts)));
    return stops;
  });
  // The directive file stops once its text is read into tokens, then after each of its 2 documents is composed and
  // checked for duplicate keys; the file
  // with the over-budget document stops inside that document's parse (every 2,048 lexemes of its 250,000), and
  // again in the parse of the whole text it falls back to (the document is not its first slice).
  assert.equal(stopsOf[0], 0);
  assert.equal(stopsOf[1], 5);
  assert.ok((stopsOf[2] ?? 0) > (2 * 250_000) / 2048, `${stopsOf[2]} stops`);
  const big = sliced('file:///b.yaml', joined, 4);
  assert.ok(big.stops > 0);
  const declined = finish(parseFileSteps('file:///b.yaml', joined, { maxFileSize: 10 }, 4));
  assert.equal(declined.issues[0]?.kind, 'too-large');
});
