// placesKept (core/shift.ts): whether places in a file keep their line and column over an edit, so that other
// files' diagnostics pointing into it need not be sent again (lsp/settle.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placesKept } from '../../../server/src/core/index.ts';

const before = 'kind: Deployment\nspec:\n  replicas: 7\n  name: web\n';
const at = (needle: string, text = before): { start: number; end: number } => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

test('a character typed over within a line keeps the places before and after it, not one it touches', () => {
  const after = before.replace('replicas: 7', 'replicas: 8');
  assert.equal(placesKept(before, after, [at('kind'), at('name: web')]), true);
  assert.equal(placesKept(before, after, [at('replicas: 7')]), false);
  // Ending right before the changed character or starting right after it counts as touching.
  assert.equal(placesKept(before, after, [{ start: 0, end: before.indexOf('7') }]), false);
  assert.equal(placesKept(before, after, [{ start: before.indexOf('7') + 1, end: before.length }]), false);
  assert.equal(placesKept(before, after, []), true);
});

test('a length or line change moves every place after it; places before it stay', () => {
  const longer = before.replace('replicas: 7', 'replicas: 17');
  assert.equal(placesKept(before, longer, [at('kind')]), true);
  assert.equal(placesKept(before, longer, [at('name: web')]), false);
  // Same length, a line break in: the name is a line further down.
  const broken = before.replace('spec:\n  rep', 'spec:\n \nrep');
  assert.equal(broken.length, before.length);
  assert.equal(placesKept(before, broken, [at('name: web')]), false);
  assert.equal(placesKept(before, broken, [at('kind')]), true);
});

test('the same text keeps every place', () => {
  assert.equal(placesKept(before, `${before}`, [at('kind'), at('name: web'), { start: 0, end: before.length }]), true);
});
