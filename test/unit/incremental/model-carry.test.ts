// After an edit, the objects of documents it neither touched nor moved keep what the model read of them (no second
// reading): the model built through the cache equals a model built from a fresh parse after every edit of seeded
// sequences, same-length edits (a digit, a letter: nothing moves) and edits that move the documents after them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, buildModel, checkFile, createModelCache, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, reparseFile } from '../../../server/src/core/index.ts';
import { apply, plainModel as plain, randomEdit, rng, sameLengthEdit as sameLength } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;

test('the model read through the cache after each edit equals the model of a fresh parse; untouched objects keep their drafts', () => {
  const uri = 'file:///gen/carry.yaml';
  const r = rng(21);
  let text = multiDocFile(1500, 5);
  let file = parseFile(uri, text, opts);
  checkFile(file, opts);
  const cache = createModelCache();
  const wsCache = createWorkspaceCache();
  let model = buildModel([file], opts, cache);
  let kept = 0;
  for (let i = 0; i < 60; i++) {
    const e = i % 3 === 2 ? randomEdit(text, r) : sameLength(text, r);
    text = apply(text, e);
    const drafts = new Set<unknown>([...model.workloads, ...model.services].map((x) => x.origin));
    file = reparseFile(file, uri, text, opts);
    model = buildModel([file], opts, cache);
    const fresh = parseFile(uri, text, opts);
    const where = `edit ${i}: ${JSON.stringify(e)}`;
    assert.equal(plain(model), plain(buildModel([fresh], opts)), where);
    assert.deepEqual(analyzeWorkspace([file], opts, wsCache).findings, analyzeWorkspace([fresh], opts).findings, where);
    // Drafts carried over: a workload's or service's origin is the very object read before the edit.
    kept += [...model.workloads, ...model.services].filter((x) => drafts.has(x.origin)).length;
  }
  // 54 objects, 36 of them workloads and services; 40 same-length edits each keep all but the edited one's.
  assert.ok(kept > 900, `only ${kept} drafts were carried over`);
});

test('an edit that moves nothing keeps the instantiated policies of the documents it did not touch; the model equals a fresh one', () => {
  const uri = 'file:///gen/carry-policies.yaml';
  const r = rng(8);
  let text = multiDocFile(1500, 9);
  let file = parseFile(uri, text, opts);
  const cache = createModelCache();
  let model = buildModel([file], opts, cache);
  assert.ok(model.policyIR.length > 5);
  let kept = 0;
  let total = 0;
  for (let i = 0; i < 30; i++) {
    // Same-length edits move no document; every third one moves the documents after it (they are lowered again).
    const e = i % 3 === 2 ? randomEdit(text, r) : sameLength(text, r);
    text = apply(text, e);
    const before = new Set<unknown>([...model.policies, ...model.policyIR]);
    const stats = { parsedDocs: 0, keptDocs: 0, full: false };
    file = reparseFile(file, uri, text, opts, stats);
    model = buildModel([file], opts, cache);
    assert.equal(plain(model), plain(buildModel([parseFile(uri, text, opts)], opts)), `edit ${i}: ${JSON.stringify(e)}`);
    // (A random edit may leave a directive or a byte-order mark, after which every re-parse reads the whole text.)
    if (i % 3 !== 2 && !stats.full) {
      kept += model.policyIR.filter((p) => before.has(p)).length;
      total += model.policyIR.length;
    }
  }
  // Same-length edits: each lowers again at most the policies of the document it touched.
  assert.ok(total > 100 && kept >= total - 20 * 2, `only ${kept} of ${total} policies were carried over`);
});
