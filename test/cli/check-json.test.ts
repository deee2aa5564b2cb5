// `netlens check --format json`: exact findings (files, 0-based UTF-16 positions, order) and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureCopy, parseFindings, range, removeCopy, runCli, shape } from './helpers.ts';

test('json: findings of a folder, relative posix paths, exact positions, stable order, exit 1 on errors', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const r = runCli(['check', '--format', 'json', 'basic'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  const findings = parseFindings(r.stdout);
  assert.deepEqual(findings.map(shape), [
    // The parser stops at the end of the file, on the empty line after the unclosed flow sequence.
    { file: 'basic/broken.yaml', range: range(6, 0, 6, 0), severity: 'error', code: 'yaml-syntax' },
    // The emoji counts two UTF-16 code units, so the second `a` is at character 27, as LSP counts.
    { file: 'basic/deploy/dup.yml', range: range(4, 27, 4, 28), severity: 'error', code: 'duplicate-key' },
    { file: 'basic/latin1.yaml', range: range(0, 0, 0, 0), severity: 'warning', code: 'file-not-analyzed' },
    { file: 'basic/templated.yaml', range: range(3, 8, 3, 26), severity: 'information', code: 'template-file' },
  ]);
  assert.match(findings[0]!.message, /^YAML syntax error: /);
  assert.match(findings[2]!.message, /not valid UTF-8.*offset 52/);
  for (const f of findings) assert.deepEqual(Object.keys(f), ['file', 'range', 'severity', 'code', 'message']);
  assert.deepEqual(Object.keys(JSON.parse(r.stdout) as object), ['findings', 'skipped']);
  assert.deepEqual((JSON.parse(r.stdout) as { skipped: unknown }).skipped, {
    templatedDocuments: 1,
    invalidYamlDocuments: 1,
    kindsNotAnalysed: {},
    undecodableFiles: 1,
    externalDeployments: [],
  });
});

test('json: exit 0 and an empty list for a clean file, an empty file and an explicitly named non-YAML file', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const r = runCli(['check', '--format=json', 'basic/ok.yaml', 'basic/empty.yaml'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { findings: [] });
  // A file named on the command line is checked whatever its extension: notes.txt is not valid YAML.
  const txt = runCli(['check', '--format', 'json', 'basic/notes.txt'], dir);
  assert.equal(txt.status, 1);
  const txtFindings = parseFindings(txt.stdout);
  assert.ok(txtFindings.length > 0);
  assert.deepEqual([...new Set(txtFindings.map((f) => `${f.file} ${f.code} ${f.severity}`))], ['basic/notes.txt yaml-syntax error']);
});

test('json: paths are relative to the working directory, also from a subfolder and for ../ paths', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const inside = runCli(['check', '--format', 'json'], path.join(dir, 'basic', 'deploy'));
  assert.deepEqual(parseFindings(inside.stdout).map((f) => f.file), ['dup.yml']);
  const above = runCli(['check', '--format', 'json', '../broken.yaml'], path.join(dir, 'basic', 'deploy'));
  assert.deepEqual(parseFindings(above.stdout).map((f) => f.file), ['../broken.yaml']);
  const absolute = runCli(['check', '--format', 'json', path.join(dir, 'basic', 'deploy', 'dup.yml')], dir);
  assert.deepEqual(parseFindings(absolute.stdout).map((f) => f.file), ['basic/deploy/dup.yml']);
});

test('json: directory walking skips node_modules and .git, takes .yml and .YAML, ignores other extensions', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const bad = 'a: [\n';
  for (const sub of ['node_modules/pkg', '.git/refs', 'deep/node_modules', 'deep/.git']) {
    fs.mkdirSync(path.join(dir, 'walk', sub), { recursive: true });
    fs.writeFileSync(path.join(dir, 'walk', sub, 'x.yaml'), bad);
  }
  fs.writeFileSync(path.join(dir, 'walk', 'deep', 'A.YAML'), bad);
  fs.writeFileSync(path.join(dir, 'walk', 'deep', 'b.yml'), bad);
  fs.writeFileSync(path.join(dir, 'walk', 'deep', 'c.json'), bad);
  fs.writeFileSync(path.join(dir, 'walk', 'deep', 'yaml'), bad);
  const r = runCli(['check', '--format', 'json', 'walk'], dir);
  assert.deepEqual(parseFindings(r.stdout).map((f) => f.file), ['walk/deep/A.YAML', 'walk/deep/b.yml']);
  const text = runCli(['check', 'walk'], dir);
  assert.match(text.stdout, /\(2 files checked\)\nNot analysed:\n {2}2 documents that are not valid YAML\n$/);
});

test('json: the same file given twice (and via its folder) is reported once', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  const r = runCli(['check', '--format', 'json', 'basic/deploy', 'basic/deploy/dup.yml', './basic/deploy/../deploy/dup.yml'], dir);
  assert.equal(parseFindings(r.stdout).length, 1);
});

test('json: CRLF line endings and a UTF-16 file with a byte order mark keep exact positions', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  fs.writeFileSync(path.join(dir, 'crlf.yaml'), 'kind: ConfigMap\r\nmetadata: {name: x}\r\nkind: Secret\r\n');
  fs.writeFileSync(path.join(dir, 'utf16.yaml'), Buffer.from('\ufeffkind: A\nkind: B\n', 'utf16le'));
  const r = runCli(['check', '--format', 'json', 'crlf.yaml', 'utf16.yaml'], dir);
  assert.deepEqual(parseFindings(r.stdout).map(shape), [
    { file: 'crlf.yaml', range: range(2, 0, 2, 4), severity: 'error', code: 'duplicate-key' },
    { file: 'utf16.yaml', range: range(1, 0, 1, 4), severity: 'error', code: 'duplicate-key' },
  ]);
});

test('json: a binary file and a file over the size limit each get one file-not-analyzed warning (exit 0)', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  fs.writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0x10]));
  // 6 MB of valid YAML: above the engine's 5,000,000-character limit.
  fs.writeFileSync(path.join(dir, 'huge.yaml'), 'items:\n' + '  - "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"\n'.repeat(92_000));
  const r = runCli(['check', '--format', 'json', 'binary.yaml', 'huge.yaml'], dir);
  assert.equal(r.status, 0, r.stderr);
  const findings = parseFindings(r.stdout);
  assert.deepEqual(findings.map(shape), [
    { file: 'binary.yaml', range: range(0, 0, 0, 0), severity: 'warning', code: 'file-not-analyzed' },
    { file: 'huge.yaml', range: range(0, 0, 0, 0), severity: 'warning', code: 'file-not-analyzed' },
  ]);
  assert.match(findings[1]!.message, /MB/);
});
