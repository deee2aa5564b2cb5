// In-process tests of the CLI's pieces: colours, JSONC settings, UTF-8 validation, main() with a memory IO.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseJsonc } from '../../server/src/cli/config.ts';
import { firstInvalidUtf8Byte } from '../../server/src/cli/files.ts';
import { findingLine } from '../../server/src/cli/format/text.ts';
import { memoryIO, useColor } from '../../server/src/cli/io.ts';
import { main } from '../../server/src/cli/main.ts';
import { analyzeSafely } from '../../server/src/cli/commands/check.ts';
import { DEFAULT_OPTIONS } from '../../server/src/core/index.ts';

const finding = { file: 'a.yaml', range: { start: { line: 0, character: 4 }, end: { line: 0, character: 6 } }, severity: 'error' as const, code: 'yaml-syntax', message: 'bad\nthing' };

test('colours: only for a TTY with NO_COLOR unset or empty', () => {
  const tty = { ...memoryIO('/'), stdoutIsTTY: true };
  assert.equal(useColor(tty), true);
  assert.equal(useColor({ ...tty, env: { NO_COLOR: '1' } }), false);
  assert.equal(useColor({ ...tty, env: { NO_COLOR: '' } }), true);
  assert.equal(useColor(memoryIO('/')), false);
});

test('text line: plain and coloured forms carry the same text; newlines in messages are flattened', () => {
  assert.equal(findingLine(finding, false), 'a.yaml:1:5  error  bad thing  [yaml-syntax]');
  const coloured = findingLine(finding, true);
  assert.equal(coloured, '\u001b[1ma.yaml:1:5\u001b[0m  \u001b[31merror\u001b[0m  bad thing  \u001b[2m[yaml-syntax]\u001b[0m');
  // eslint-disable-next-line no-control-regex
  assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), findingLine(finding, false));
});

test('JSONC: comments, trailing commas, BOM, and comment-like text inside strings', () => {
  const text = '\ufeff{\n  // line comment\n  "a": "http://x//y", /* block\n comment */ "b": [1, 2,],\n  "c": "quote \\" // not a comment",\n}\n';
  assert.deepEqual(parseJsonc(text), { a: 'http://x//y', b: [1, 2], c: 'quote " // not a comment' });
  assert.deepEqual(parseJsonc('{"s": ",]"}'), { s: ',]' });
  assert.throws(() => parseJsonc('{"a": }'), SyntaxError);
  assert.throws(() => parseJsonc('{"a": 1 /* open'), /unterminated/);
});

test('UTF-8: offset of the first byte of an invalid sequence', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(firstInvalidUtf8Byte(enc('héllo 😀')), enc('héllo 😀').length);
  assert.equal(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xe9, 0x0a])), 1); // Latin-1 é
  assert.equal(firstInvalidUtf8Byte(new Uint8Array([0x61, 0x62, 0xc0, 0xaf])), 2); // overlong
  assert.equal(firstInvalidUtf8Byte(new Uint8Array([0xed, 0xa0, 0x80])), 0); // UTF-16 surrogate
  assert.equal(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xf0, 0x9f, 0x98])), 1); // truncated at the end
});

test('main() runs in-process with a memory IO (what the corpus runner uses)', async () => {
  const io = memoryIO(path.join(__dirname, 'fixtures', 'basic'));
  const code = await main(['check', '--format', 'json', 'deploy'], io);
  assert.equal(code, 1);
  assert.deepEqual((JSON.parse(io.out) as { findings: { file: string }[] }).findings.map((f) => f.file), ['deploy/dup.yml']);
  assert.equal(io.err, '');
});

test('an engine exception is reported naming the file, and the other files keep their findings', () => {
  const io = memoryIO('/');
  const file = (name: string) => ({ path: `/w/${name}`, uri: `file:///w/${name}`, display: name, text: '' });
  const group = { settingsFile: undefined, options: DEFAULT_OPTIONS, files: [file('a.yaml'), file('bad.yaml'), file('c.yaml')], skipped: [] };
  const result = analyzeSafely(group, io, (g) => {
    if (g.files.some((f) => f.display === 'bad.yaml')) throw new Error('boom');
    return g.files.map((f) => ({ uri: f.uri, span: { start: 0, end: 0 }, code: 'x', severity: 'hint' as const, message: 'm' }));
  });
  assert.equal(result.crashed, true);
  assert.deepEqual(result.findings.map((f) => f.uri), ['file:///w/a.yaml', 'file:///w/c.yaml']);
  assert.match(io.err, /^netlens: internal error while checking bad\.yaml \(a NetLens bug; please report it\):\nError: boom/);
});
