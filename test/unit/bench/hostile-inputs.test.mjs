// The hostile bench inputs are what their names say (sizes, shapes), so the section measures the cases of issue 14.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepNesting, editOffset, hostileCases, hugeMap, longLine, longLines, nearLimitFile } from '../../../bench/hostile-inputs.mjs';

test('the near-limit file is just under the 5 MB size limit and split into `---` documents', () => {
  const t = nearLimitFile();
  assert.ok(t.length > 4_800_000 && t.length <= 4_900_000, String(t.length));
  assert.ok(t.split('\n---\n').length > 5000);
  assert.equal(nearLimitFile(), t);
});

test('the map has 60,000 distinct keys, the long line is one 1 MB line, the long lines are 2,000 wide, the nesting 200,000 deep', () => {
  const keys = hugeMap().match(/^ {6}label-\d+:/gm) ?? [];
  assert.equal(new Set(keys).size, 60_000);
  const line = longLine();
  assert.equal(line.indexOf('\n'), line.length - 1);
  assert.ok(line.length >= 1_000_000 && line.length <= 1_100_000, String(line.length));
  const wide = longLines().split('\n').filter((l) => l.length === 2000);
  assert.equal(wide.length, 1000);
  assert.ok(deepNesting().includes(`x: ${'['.repeat(200_000)}]`));
  assert.deepEqual(hostileCases().map(([name]) => name), ['near-limit', 'map-60k', 'deep', 'line-1mb', 'long-lines']);
});

test('the keystroke changes a digit near the middle, or the policy name when there is none', () => {
  const t = hugeMap();
  const at = editOffset(t);
  assert.match(t[at] ?? '', /[0-9]/);
  assert.ok(at >= t.length / 2);
  const deep = deepNesting();
  assert.equal(deep.slice(editOffset(deep), editOffset(deep) + 7), 'hostile');
});
