// mapFindings (core/shift.ts) moves findings over an edit: a list none of whose findings moves comes back as the
// very list (every other file's, after each keystroke, for each open document), a list with one is copied with
// that finding moved, and the input list is never changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapFindings, type EditRegion, type Finding } from '../../../server/src/core/index.ts';

const EDITED = 'file:///edited.yaml';
const OTHER = 'file:///other.yaml';
// 10 characters at 100..110 replaced by 13: everything from 110 on moves by 3.
const r: EditRegion = { uri: EDITED, from: 100, oldTo: 110, delta: 3 };
const finding = (start: number, extra: Partial<Finding> = {}): Finding => ({ uri: OTHER, span: { start, end: start + 5 }, code: 'x', severity: 'warning', message: 'm', ...extra });

test('a list naming nothing in the edited file comes back as the same list', () => {
  const list = [finding(10), finding(200), finding(300, { related: [{ uri: OTHER, span: { start: 1, end: 2 }, message: 'r' }] })];
  assert.equal(mapFindings(list, OTHER, r), list);
  // The edited file's own findings before the region do not move either.
  const own = [finding(10, { uri: EDITED }), finding(50, { uri: EDITED })];
  assert.equal(mapFindings(own, EDITED, r), own);
});

test('the first finding that moves starts a copy: earlier ones kept, later ones moved, the input untouched', () => {
  const list = [finding(10, { uri: EDITED }), finding(120, { uri: EDITED }), finding(20), finding(40, { related: [{ uri: EDITED, span: { start: 150, end: 160 }, message: 'r' }] })];
  const before = JSON.stringify(list);
  const got = mapFindings(list, EDITED, r);
  assert.ok(got && got !== list);
  assert.deepEqual(
    got.map((f) => [f.span.start, f.related?.[0]?.span.start]),
    [[10, undefined], [123, undefined], [20, undefined], [40, 153]],
  );
  // Unmoved findings are the same objects; the input list and its findings are as they were.
  assert.equal(got[0], list[0]);
  assert.equal(got[2], list[2]);
  assert.equal(JSON.stringify(list), before);
});

test('a finding touching the region gives undefined, wherever it is in the list', () => {
  assert.equal(mapFindings([finding(10, { uri: EDITED }), finding(105, { uri: EDITED })], EDITED, r), undefined);
  assert.equal(mapFindings([finding(10), finding(20, { fixes: [{ title: 't', uri: EDITED, edits: [{ span: { start: 104, end: 104 }, newText: 'a' }] }] })], OTHER, r), undefined);
});
