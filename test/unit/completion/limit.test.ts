// completionListAt with a limit: long workspace lists (label values of a crowded namespace) cut to the entries
// the typed text can match, those it starts first, and said incomplete; short lists stay whole and complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, completeAt, completionListAt, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';

const deployments = Array.from(
  { length: 150 },
  (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: w${i}, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: w${i}}
    spec:
      containers: [{name: main, image: x}]`,
).join('\n---\n');

/** Completion at the `|` of a podSelector value typed as `typed`, in a namespace of 150 workloads. */
function at(typed: string, limit?: number) {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${typed}\n`;
  const offset = text.indexOf(`app: ${typed}`) + 5 + typed.length;
  const files = [parseFile('file:///ws/apps.yaml', deployments, DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', text, DEFAULT_OPTIONS)];
  const model = buildModel(files, DEFAULT_OPTIONS);
  return { all: completeAt(files[1]!, offset, model), cut: completionListAt(files[1]!, offset, model, limit === undefined ? {} : { limit }) };
}

test('without a limit every value is offered, in model order, and the list is complete', () => {
  const { all, cut } = at('');
  assert.equal(all.length, 150);
  assert.equal(all[0]?.label, 'w0');
  assert.deepEqual(cut.entries, all);
  assert.equal(cut.incomplete, false);
});

test('nothing typed: the first `limit` values in model order, renumbered, incomplete', () => {
  const { all, cut } = at('', 100);
  assert.equal(cut.incomplete, true);
  assert.deepEqual(
    cut.entries.map((e) => e.label),
    all.slice(0, 100).map((e) => e.label),
  );
  assert.equal(cut.entries[99]?.sortText, '0099');
});

test('typed `w1`: values starting with it first (w1, w10-w19, w100-w149), then the other fuzzy matches', () => {
  const { cut } = at('w1', 100);
  assert.equal(cut.incomplete, true);
  const labels = cut.entries.map((e) => e.label);
  const starting = ['w1', ...Array.from({ length: 10 }, (_, i) => `w${10 + i}`), ...Array.from({ length: 50 }, (_, i) => `w${100 + i}`)];
  assert.deepEqual(labels.slice(0, 61), starting);
  // Then w21, w31, ... (a `1` after the `w`), in model order; never a value without one.
  assert.deepEqual(labels.slice(61, 64), ['w21', 'w31', 'w41']);
  assert.equal(labels.length, 69); // 61 + w21, w31, ..., w91
  assert.ok(labels.every((l) => l.startsWith('w') && l.slice(1).includes('1')));
  // The span is the typed word, so the editor replaces it.
  assert.ok(cut.entries.every((e) => e.span.end - e.span.start === 2));
});

test('the cut follows the typed text; a limit above the count keeps the list whole and complete', () => {
  const { cut } = at('w14', 100);
  assert.equal(cut.incomplete, true); // 150 values before filtering: the list depends on the typed text
  assert.deepEqual(
    cut.entries.map((e) => e.label),
    ['w14', 'w140', 'w141', 'w142', 'w143', 'w144', 'w145', 'w146', 'w147', 'w148', 'w149', 'w104', 'w114', 'w124', 'w134'],
  );
  const { cut: whole } = at('w14', 200);
  assert.equal(whole.incomplete, false);
  assert.equal(whole.entries.length, 150);
});
