// Spans are trimmed of trailing white space exactly as the regular expression `\s` defines it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSpace, trimmedSpan } from '../../../server/src/core/model/read.ts';

test('isSpace agrees with /\\s/ on every UTF-16 code unit', () => {
  const differ: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
  assert.deepEqual(differ, []);
});

test('trimmedSpan drops trailing spaces, tabs, line breaks and Unicode spaces, and nothing else', () => {
  const text = 'key: value \t\u00a0\u3000\r\n';
  const node = { range: [5, text.length, text.length] };
  assert.deepEqual(trimmedSpan(text, node), { start: 5, end: 10 });
  assert.deepEqual(trimmedSpan('   ', { range: [0, 3, 3] }), { start: 0, end: 0 });
  assert.deepEqual(trimmedSpan('ab', { range: [0, 2, 2] }), { start: 0, end: 2 });
});
