// Rule severities from `.vscode/settings.json` (JSONC): overrides, `off`, the nearest file, broken settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureCopy, parseFindings, removeCopy, runCli } from './helpers.ts';

test('settings: netlens.rules lowers yaml-syntax to a warning and turns duplicate-key off (exit 0)', (t) => {
  const dir = fixtureCopy('settings');
  t.after(() => removeCopy(dir));
  const r = runCli(['check', '--format', 'json', 'settings'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(parseFindings(r.stdout).map((f) => [f.file, f.code, f.severity]), [['settings/broken.yaml', 'yaml-syntax', 'warning']]);
});

test('settings: the nearest settings file up from the path argument applies (here from a subfolder)', (t) => {
  const dir = fixtureCopy('settings');
  t.after(() => removeCopy(dir));
  // inner/ has no settings of its own: settings/.vscode/settings.json turns duplicate-key off.
  const r = runCli(['check', '--format', 'json', 'settings/inner'], dir);
  assert.equal(r.status, 0);
  assert.deepEqual(parseFindings(r.stdout), []);
  // A closer settings file wins over the outer one.
  fs.mkdirSync(path.join(dir, 'settings', 'inner', '.vscode'));
  fs.writeFileSync(path.join(dir, 'settings', 'inner', '.vscode', 'settings.json'), '{"netlens.rules": {"duplicate-key": "hint"}}');
  const closer = runCli(['check', '--format', 'json', 'settings/inner'], dir);
  assert.deepEqual(parseFindings(closer.stdout).map((f) => [f.code, f.severity]), [['duplicate-key', 'hint']]);
});

test('settings: the nested "netlens": {"rules": ...} form works too', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  fs.mkdirSync(path.join(dir, 'basic', '.vscode'));
  fs.writeFileSync(path.join(dir, 'basic', '.vscode', 'settings.json'), '{"netlens": {"rules": {"duplicate-key": "information", "template-file": "off"}}}');
  const r = runCli(['check', '--format', 'json', 'basic'], dir);
  assert.deepEqual(
    parseFindings(r.stdout).map((f) => [f.code, f.severity]),
    [['yaml-syntax', 'error'], ['duplicate-key', 'information'], ['file-not-analyzed', 'warning']],
  );
});

test('settings: a misspelt severity or a mistyped value is an error naming the key and the allowed values (exit 2)', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  fs.mkdirSync(path.join(dir, 'basic', '.vscode'));
  fs.writeFileSync(path.join(dir, 'basic', '.vscode', 'settings.json'), '{"netlens.rules": {"duplicate-key": "eror"}, "netlens.quickFix.defaultDenyTarget": "file"}');
  const r = runCli(['check', 'basic'], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^netlens check: invalid settings in .*settings\.json:\n/);
  assert.match(r.stderr, /\n {2}"netlens\.rules\.duplicate-key": "eror" is not valid; allowed: one of error, warning, information, hint, off\n/);
  assert.match(r.stderr, /\n {2}"netlens\.quickFix\.defaultDenyTarget": "file" is not valid; allowed: one of newDocument, newFile\n/);
});

test('settings: a settings file above the repository root (.git) is not used', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  // dir/.vscode is above dir/repo/.git: the repository root stops the search.
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{"netlens.rules": {"duplicate-key": "off"}}');
  fs.mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
  fs.cpSync(path.join(dir, 'basic', 'deploy', 'dup.yml'), path.join(dir, 'repo', 'dup.yml'));
  const r = runCli(['check', '--format', 'json', 'repo'], dir);
  assert.deepEqual(parseFindings(r.stdout).map((f) => f.code), ['duplicate-key']);
  const outside = runCli(['check', '--format', 'json', 'basic/deploy'], dir);
  assert.deepEqual(parseFindings(outside.stdout), []);
});

test('settings: an unparsable settings.json is an I/O error (exit 2) naming the file', (t) => {
  const dir = fixtureCopy('settings');
  t.after(() => removeCopy(dir));
  fs.writeFileSync(path.join(dir, 'settings', '.vscode', 'settings.json'), '{ "netlens.rules": { "yaml-syntax": } }');
  const r = runCli(['check', 'settings'], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^netlens check: cannot parse settings .*settings[/\\]\.vscode[/\\]settings\.json: /);
});

test('settings: netlens.exclude and files.exclude skip walked files (relative to the settings folder), not named ones', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  fs.mkdirSync(path.join(dir, 'basic', '.vscode'));
  fs.writeFileSync(
    path.join(dir, 'basic', '.vscode', 'settings.json'),
    '{ "netlens.exclude": ["deploy/**"], "files.exclude": { "**/broken.yaml": true, "latin1.yaml": false } }',
  );
  const walked = runCli(['check', '--format', 'json', 'basic'], dir);
  assert.deepEqual(parseFindings(walked.stdout).map((f) => f.file), ['basic/latin1.yaml', 'basic/templated.yaml']);
  assert.match(runCli(['check', 'basic'], dir).stdout, /\(4 files checked\)\nNot analysed:\n {2}1 templated document .*\n {2}1 file not decoded .*\n$/);
  // Walking from a subfolder still matches globs against the path from basic/ (deploy/dup.yml).
  assert.deepEqual(parseFindings(runCli(['check', '--format', 'json', 'basic/deploy'], dir).stdout), []);
  const named = runCli(['check', '--format', 'json', 'basic', 'basic/deploy/dup.yml', 'basic/broken.yaml'], dir);
  assert.deepEqual(parseFindings(named.stdout).map((f) => f.file), ['basic/broken.yaml', 'basic/deploy/dup.yml', 'basic/latin1.yaml', 'basic/templated.yaml']);
});

test('settings: netlens.kubernetesVersion gates removed API versions in check (error from 1.16, warning before) and in reach', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-cli-'));
  t.after(() => removeCopy(dir));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, '.vscode'));
  const deploy = 'apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n';
  fs.writeFileSync(path.join(dir, 'web.yaml'), deploy);
  const check = (version: string) => {
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), `{"netlens.kubernetesVersion": "${version}"}`);
    return runCli(['check', '--format', 'json', '.'], dir);
  };
  const removed = check('1.16');
  assert.equal(removed.status, 1, removed.stderr);
  assert.deepEqual(parseFindings(removed.stdout).map((f) => [f.file, f.range.start.line, f.range.start.character, f.code, f.severity]), [['web.yaml', 0, 12, 'removed-api-version', 'error']]);
  const served = check('1.15');
  assert.equal(served.status, 0, served.stderr);
  assert.deepEqual(parseFindings(served.stdout).map((f) => [f.code, f.severity]), [['removed-api-version', 'warning']]);
  // reach: a workload the configured release refuses does not exist.
  assert.equal(runCli(['reach', '--from', 'shop/web', '--to', '1.1.1.1', '--port', '443', '.'], dir).status, 0);
  check('1.16');
  const gone = runCli(['reach', '--from', 'shop/web', '--to', '1.1.1.1', '--port', '443', '.'], dir);
  assert.equal(gone.status, 2, gone.stdout);
  assert.match(gone.stderr, /shop\/web/);
});
