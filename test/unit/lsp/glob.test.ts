// Exclude globs as VS Code writes them, matched against folder-relative paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globsMatcher, globToRegExp } from '../../../server/src/lsp/glob.ts';

test('globToRegExp: **, *, ?, braces, classes, anchoring, directories', () => {
  const cases: [string, string, boolean][] = [
    ['**/node_modules', 'a/node_modules/x.yaml', true],
    ['**/.git', '.git/config', true],
    ['vendor/**', 'vendor/a/b.yaml', true],
    ['vendor/**', 'x/vendor/a.yaml', false],
    ['*.tmp.yaml', 'deep/a.tmp.yaml', true],
    ['*.tmp.yaml', 'deep/a.yaml', false],
    ['charts', 'charts/x/values.yaml', true],
    ['charts', 'mycharts/values.yaml', false],
    ['**/*.{yml,yaml}', 'a/b.yml', true],
    ['**/*.{yml,yaml}', 'a/b.json', false],
    ['test/e2e/fixtures', 'test/e2e/fixtures/a.yaml', true],
    ['test/e2e/fixtures', 'x/test/e2e/fixtures/a.yaml', false],
    ['/build', 'build/a.yaml', true],
    ['a?.yaml', 'ab.yaml', true],
    ['a?.yaml', 'a/b.yaml', false],
    ['[ab].yaml', 'b.yaml', true],
    ['[!ab].yaml', 'b.yaml', false],
    ['a+b(1).yaml', 'a+b(1).yaml', true],
  ];
  for (const [g, p, want] of cases) assert.equal(globToRegExp(g).test(p), want, `${g} vs ${p}`);
});

test('globsMatcher: any of the globs; none for an empty list', () => {
  assert.equal(globsMatcher([]), undefined);
  assert.equal(globsMatcher(['  ']), undefined);
  const m = globsMatcher(['vendor/**', '**/*.tmp.yaml']);
  assert.deepEqual(['vendor/a.yaml', 'x/y.tmp.yaml', 'x/y.yaml'].map((p) => m?.(p)), [true, true, false]);
});
