// Label candidates and values are memoised per model: a repeated request answers the same, and a new model (an
// edit that changes a label) answers from its own pods, never from the previous model's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, completeAt, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';

const policy = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector:\n    matchLabels:\n      app: \n`;
const offset = policy.indexOf('app: ') + 5;

function deployments(names: string[]): string {
  return names.map((n) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${n}, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: ${n}, tier: web}\n    spec:\n      containers: [{name: main, image: x}]`).join('\n---\n');
}

function labelsAt(names: string[], keyAt?: string) {
  const text = keyAt ?? policy;
  const files = [parseFile('file:///ws/apps.yaml', deployments(names), DEFAULT_OPTIONS), parseFile('file:///ws/p.yaml', text, DEFAULT_OPTIONS)];
  const model = buildModel(files, DEFAULT_OPTIONS);
  const at = keyAt ? text.indexOf('matchLabels:\n') + 'matchLabels:\n      '.length : offset;
  return { model, files, at, labels: () => completeAt(files[1]!, at, model).map((e) => `${e.label}|${e.detail ?? ''}`) };
}

test('the same model answers the same values on a repeated request', () => {
  const { labels } = labelsAt(['api', 'web']);
  const first = labels();
  assert.deepEqual(first, ['api|app=api', 'web|app=web']);
  assert.deepEqual(labels(), first);
});

test('a new model after a label changed offers the new values, not the memoised ones', () => {
  assert.deepEqual(labelsAt(['api', 'web']).labels(), ['api|app=api', 'web|app=web']);
  assert.deepEqual(labelsAt(['api', 'cart']).labels(), ['api|app=api', 'cart|app=cart']);
});

test('keys and values of one model share its memoised candidates and stay exact', () => {
  const keyText = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector:\n    matchLabels:\n      \n`;
  const { labels } = labelsAt(['api', 'web', 'cart'], keyText);
  assert.deepEqual(labels(), ['app|label on 3 objects', 'tier|label on 3 objects']);
  assert.deepEqual(labels(), ['app|label on 3 objects', 'tier|label on 3 objects']);
});
