// The parse in steps on hostile input: a document over the token budget is counted and parsed with stops inside it
// (an adapter answers other requests meanwhile), with the same result as in one go; a re-parse in steps changes
// the previous parse only in its last step, so one abandoned at a stop leaves it whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consumed, DEFAULT_OPTIONS, parseFile, reparseFile, reparseFileSteps, type ParsedFile, type ReparseStats } from '../../../server/src/core/index.ts';
import { boundedParse, boundedParseSteps, MAX_DOCUMENT_TOKENS } from '../../../server/src/core/parse/bounded.ts';
import { snapshot } from '../incremental/edits.ts';

const opts = DEFAULT_OPTIONS;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  policyTypes: [Ingres]\n';
/** A NetworkPolicy whose matchLabels holds 60,000 keys: about 360,000 lexemes, over the budget. */
const HUGE = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: huge\nspec:\n  podSelector:\n    matchLabels:\n${Array.from({ length: 60_000 }, (_, i) => `      label-${i}: v${i % 7}\n`).join('')}`;
const FILE = `${POLICY}---\n${HUGE}---\n${POLICY.replace('name: p', 'name: q')}`;

/** Runs `steps` to its end, counting its stops. */
function run<T>(steps: Generator<void, T, void>): { value: T; stops: number } {
  for (let stops = 0; ; stops++) {
    const r = steps.next();
    if (r.done) return { value: r.value, stops };
  }
}

test('a document over the token budget is counted with a stop every 2,048 lexemes, and skipped as in one go', () => {
  const { value, stops } = run(boundedParseSteps(FILE));
  const once = boundedParse(FILE);
  // From the huge document's marker line to the next one.
  assert.deepEqual(value.oversized, [{ start: POLICY.length, end: FILE.lastIndexOf('---\n') }]);
  assert.deepEqual(once.oversized, value.oversized);
  assert.deepEqual(value.docs.map((d) => d.range), once.docs.map((d) => d.range));
  assert.ok(stops >= Math.floor(MAX_DOCUMENT_TOKENS / 2048), `${stops} stops`);
});

test('a keystroke inside the huge document re-parses it in steps, as a parse of the new text would', () => {
  const prev = parseFile('file:///h.yaml', FILE, opts);
  const at = FILE.indexOf('label-30000: v') + 'label-30000: v'.length;
  const text = `${FILE.slice(0, at)}9${FILE.slice(at + 1)}`;
  const stats: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
  const { value, stops } = run(reparseFileSteps(prev, 'file:///h.yaml', text, opts, stats));
  assert.deepEqual(snapshot(value), snapshot(parseFile('file:///h.yaml', text, opts)));
  assert.equal(stats.full, true);
  assert.ok(stops >= Math.floor(MAX_DOCUMENT_TOKENS / 2048), `${stops} stops`);
  assert.deepEqual(value.issues.map((i) => [i.kind, i.span.start, i.span.end]), [['too-large-document', POLICY.length, POLICY.length + 3]]);
  assert.deepEqual(value.objects.map((o) => o.name), ['p', 'q']);
});

test('a re-parse abandoned at a stop leaves the previous parse unconsumed and unchanged; one run to its end consumes it', () => {
  // Many small documents: the edit re-parses one, and the documents after it are moved in the last step only.
  const docs = Array.from({ length: 400 }, (_, i) => POLICY.replace('name: p', `name: p${i}`));
  const before = docs.join('---\n');
  const prev: ParsedFile = parseFile('file:///m.yaml', before, opts);
  const shot = JSON.stringify(snapshot(prev));
  const at = before.indexOf('name: p7\n') + 'name: p7'.length;
  const text = `${before.slice(0, at)}x${before.slice(at)}`;
  const steps = reparseFileSteps(prev, 'file:///m.yaml', text, opts);
  assert.equal(steps.next().done, false);
  assert.equal(consumed(prev), false);
  steps.return(undefined as never);
  assert.equal(JSON.stringify(snapshot(prev)), shot);
  const stats: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
  // It stops while it moves the 392 documents after the edit and reads all 400 into objects, after consuming prev.
  const again1 = reparseFileSteps(prev, 'file:///m.yaml', text, opts, stats);
  let after = 0;
  let r = again1.next();
  for (; !r.done; r = again1.next()) if (consumed(prev)) after++;
  assert.deepEqual(snapshot(r.value), snapshot(parseFile('file:///m.yaml', text, opts)));
  assert.deepEqual(stats, { parsedDocs: 2, keptDocs: 399, full: false });
  assert.equal(consumed(prev), true);
  assert.ok(after >= 3, `${after} stops after consuming`);
  // A consumed parse is never re-used: a later re-parse from it reads the whole text.
  const again: ReparseStats = { parsedDocs: 0, keptDocs: 0, full: false };
  const third = reparseFile(prev, 'file:///m.yaml', before, opts, again);
  assert.equal(again.full, true);
  assert.deepEqual(snapshot(third), snapshot(parseFile('file:///m.yaml', before, opts)));
});
