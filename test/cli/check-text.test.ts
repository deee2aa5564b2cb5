// `netlens check` text output: one line per finding (1-based), the summary, colours only on a TTY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureCopy, removeCopy, runCli } from './helpers.ts';

const LINE = /^(\S+):(\d+):(\d+) {2}(error|warning|information|hint) {2}(.+) {2}\[([a-z0-9-]+)\]$/;

test('text: file:line:col  severity  message  [code], 1-based, then a blank line and the summary', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const r = runCli(['check', 'basic'], dir);
  assert.equal(r.status, 1);
  const lines = r.stdout.split('\n');
  assert.equal(lines.pop(), '', 'output ends with a newline');
  // What was not analysed ends the output, one line per reason.
  assert.deepEqual(lines.splice(-4), [
    'Not analysed:',
    '  1 templated document (Helm/Jinja; render them and check the output, or add them to netlens.exclude)',
    '  1 document that is not valid YAML',
    '  1 file not decoded (not UTF-8, binary, too large or an alias bomb)',
  ]);
  const summary = lines.pop();
  assert.equal(lines.pop(), '');
  assert.equal(summary, '2 errors, 1 warning, 1 information in 4 files (6 files checked)');
  const parsed = lines.map((l) => {
    const m = LINE.exec(l);
    assert.ok(m, `line does not match the format: ${JSON.stringify(l)}`);
    return [m[1], Number(m[2]), Number(m[3]), m[4], m[6]];
  });
  assert.deepEqual(parsed, [
    ['basic/broken.yaml', 7, 1, 'error', 'yaml-syntax'],
    ['basic/deploy/dup.yml', 5, 28, 'error', 'duplicate-key'],
    ['basic/latin1.yaml', 1, 1, 'warning', 'file-not-analyzed'],
    ['basic/templated.yaml', 4, 9, 'information', 'template-file'],
  ]);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colours when stdout is not a terminal');
});

test('text: a clean run says so, exits 0, and singular words are singular', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const clean = runCli(['check', 'basic/ok.yaml'], dir);
  assert.equal(clean.status, 0);
  assert.equal(clean.stdout, 'No problems found (1 file checked)\n');
  const one = runCli(['check', 'basic/deploy'], dir);
  assert.equal(one.stdout.split('\n').at(-2), '1 error, 0 warnings in 1 file (1 file checked)');
});

test('text: warnings alone exit 0; a folder without YAML files exits 0 with a note on stderr', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const warn = runCli(['check', 'basic/latin1.yaml', 'basic/templated.yaml'], dir);
  assert.equal(warn.status, 0);
  assert.match(warn.stdout, /\n0 errors, 1 warning, 1 information in 2 files \(2 files checked\)\nNot analysed:\n {2}1 templated document \(Helm\/Jinja; .*\)\n {2}1 file not decoded \(not UTF-8, .*\)\n$/);
  fs.mkdirSync(path.join(dir, 'nothing'));
  const none = runCli(['check', 'nothing'], dir);
  assert.equal(none.status, 0);
  assert.equal(none.stdout, 'No problems found (0 files checked)\n');
  assert.equal(none.stderr, 'netlens: no YAML files found in nothing\n');
});

test('text: the default path is the working directory', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const r = runCli(['check'], path.join(dir, 'basic'));
  assert.match(r.stdout, /^broken\.yaml:7:1 {2}error/m);
  assert.match(r.stdout, /^deploy\/dup\.yml:5:28 {2}error/m);
});
