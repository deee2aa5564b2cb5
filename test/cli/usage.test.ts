// Usage and I/O errors exit 2 with a clear message on stderr; help and version exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureCopy, REPO, removeCopy, runCli } from './helpers.ts';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };

const cases: [string, string[], RegExp][] = [
  ['a missing path', ['check', 'no-such-dir'], /^netlens check: path does not exist: no-such-dir\n$/],
  ['an unknown flag', ['check', '--strict'], /^netlens check: Unknown option '--strict'\nRun 'netlens help check' for usage\.\n$/],
  ['an unknown format', ['check', '--format', 'xml', '.'], /^netlens check: unknown format 'xml' \(expected text, json, sarif or github\)\n/],
  ['a missing format value', ['check', '--format'], /^netlens check: Option '--format <value>' argument missing\n/],
  ['an unknown command', ['lint'], /^netlens: unknown command 'lint'\nRun 'netlens --help' for usage\.\n$/],
  ['an unknown global option', ['--frobnicate'], /^netlens: unknown option '--frobnicate'\n/],
  ['help for an unknown command', ['help', 'lint'], /^netlens: unknown command 'lint'\n/],
];

for (const [what, args, stderr] of cases) {
  test(`usage: ${what} exits 2 with a message on stderr and nothing on stdout`, (t) => {
    const dir = fixtureCopy('basic');
    t.after(() => removeCopy(dir));
    const r = runCli(args, dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, stderr);
  });
}

test('usage: no arguments prints the overview on stderr and exits 2', () => {
  const r = runCli([], REPO);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^NetLens .*\n\nUsage: netlens <command>/);
});

test('usage: --help, help, help check, check --help and --version exit 0 on stdout', () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = runCli(args, REPO);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^ {2}check +Validate NetworkPolicy manifests/m);
  }
  for (const args of [['help', 'check'], ['check', '--help'], ['check', '-h']]) {
    const r = runCli(args, REPO);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: netlens check \[--format text\|json\|sarif\|github\] \[--max-warnings N\] \[--config FILE\]\n/);
    assert.match(r.stdout, /\.vscode\/settings\.json/);
  }
  for (const args of [['--version'], ['-v']]) assert.deepEqual(runCli(args, REPO).stdout, `${pkg.version}\n`);
});

// As root every file is readable, so there use a file Linux refuses to read (/proc/self/mem at offset 0: EIO).
const asRoot = process.getuid?.() === 0;
const unreadableSkip = asRoot && process.platform !== 'linux' ? 'root reads every file' : false;

test('usage: a file that cannot be read is reported on stderr (exit 2) and the other files are still checked', { skip: unreadableSkip }, (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  let locked = '/proc/self/mem';
  if (!asRoot) {
    locked = path.join(dir, 'basic', 'locked.yaml');
    fs.writeFileSync(locked, 'a: 1\n');
    fs.chmodSync(locked, 0o000);
  }
  const r = runCli(['check', 'basic', locked], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^netlens: cannot read .*(locked\.yaml|mem): /);
  assert.match(r.stdout, /^basic\/broken\.yaml:7:1 {2}error/m);
});

test('usage: -- ends the options, so a path may start with a dash', (t) => {
  const dir = fixtureCopy('basic');
  t.after(() => removeCopy(dir));
  fs.writeFileSync(path.join(dir, '-odd.yaml'), 'a: 1\n');
  const r = runCli(['check', '--', '-odd.yaml'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'No problems found (1 file checked)\n');
});
