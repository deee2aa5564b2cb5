// The CLI on hostile input (minimised from the reliability run): FIFOs, closed pipes, CR-only files, unreadable
// directories, report cells that are HTML or spreadsheet formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, runCli } from './helpers.ts';
import { walkSync } from '../../server/src/host/files.ts';
import { csvCell, mdCell } from '../../server/src/core/reports/table.ts';

function tmp(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-hostile-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const BAD_TYPES = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n  policyTypes: [Ingres]\n';

test('a FIFO named on the command line is skipped without being opened (no hang), reported, exit 2', (t) => {
  const dir = tmp(t);
  const fifo = path.join(dir, 'pipe.yaml');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo is not available');
  fs.writeFileSync(path.join(dir, 'ok.yaml'), BAD_TYPES);
  const r = runCli(['check', 'pipe.yaml', 'ok.yaml'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /^ok\.yaml:7:17 {2}error .*\[invalid-policy-types\]$/m);
  assert.match(r.stdout, /\(1 file checked\)\n$/);
  assert.equal(r.stderr, 'netlens: NetLens could not read 1 file; the analysis does not include them:\n  pipe.yaml: is a named pipe, not a regular file; it was skipped without being opened.\n');
  // Found by walking a directory, a FIFO is not a YAML file at all.
  const walked = runCli(['check', '.'], dir);
  assert.equal(walked.stderr, '');
  assert.match(walked.stdout, /\(1 file checked\)\n$/);
});

test('check | head: a closed pipe ends the CLI quietly, without a stack trace', (t) => {
  const dir = tmp(t);
  fs.writeFileSync(path.join(dir, 'many.yaml'), Array.from({ length: 3000 }, () => BAD_TYPES).join('---\n'));
  const r = spawnSync('sh', ['-c', `node ${JSON.stringify(CLI)} check many.yaml | head -n 1`], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stdout.split('\n').length, 2);
  assert.equal(r.stderr, '');
});

test('CR-only line endings are read like LF: the same findings at the same lines', (t) => {
  const dir = tmp(t);
  fs.writeFileSync(path.join(dir, 'cr.yaml'), BAD_TYPES.replace(/\n/g, '\r'));
  const r = runCli(['check', 'cr.yaml'], dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^cr\.yaml:7:17 {2}error .*\[invalid-policy-types\]$/m);
});

test('an unreadable directory is reported and skipped; the walk goes on with the rest', (t) => {
  const dir = tmp(t);
  fs.mkdirSync(path.join(dir, 'locked'));
  fs.mkdirSync(path.join(dir, 'open'));
  fs.writeFileSync(path.join(dir, 'locked', 'a.yaml'), 'a: 1\n');
  fs.writeFileSync(path.join(dir, 'open', 'b.yaml'), 'b: 1\n');
  // As root every directory is readable: the denial is simulated where the walk lists directories.
  const deny = ((p: string, o: unknown) => {
    if (p.endsWith(`${path.sep}locked`)) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    return fs.readdirSync(p, o as { withFileTypes: true });
  }) as typeof fs.readdirSync;
  const r = walkSync(dir, undefined, deny);
  assert.deepEqual(r.files, [path.join(dir, 'open', 'b.yaml')]);
  assert.deepEqual(r.problems, [{ path: path.join(dir, 'locked'), reason: 'unreadable-directory', message: 'directory cannot be read (EACCES: permission denied); its files were skipped.' }]);
});

test('report cells: HTML escaped in Markdown, formulas defused in CSV', () => {
  assert.equal(mdCell('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
  assert.equal(mdCell('a | b & <b>c</b>\nd'), 'a \\| b &amp; &lt;b&gt;c&lt;/b&gt; d');
  assert.deepEqual(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '-', 'web', '8080'].map(csvCell), [
    `"'=HYPERLINK(""http://x"")"`, "'+1", "'-2+3", "'@SUM(A1)", "'\tx", `"'\rx"`, '-', 'web', '8080',
  ]);
});

test('trace and inventory say which files they could not read, as graph, matrix and coverage do', (t) => {
  const dir = tmp(t);
  const fifo = path.join(dir, 'pipe.yaml');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo is not available');
  fs.writeFileSync(path.join(dir, 'ok.yaml'), BAD_TYPES);
  const unread = 'netlens: NetLens could not read 1 file; the analysis does not include them:\n  pipe.yaml: is a named pipe, not a regular file; it was skipped without being opened.\n';
  for (const args of [['inventory', 'pipe.yaml', 'ok.yaml'], ['trace', 'https://app.example.net/', 'pipe.yaml', 'ok.yaml'], ['coverage', 'pipe.yaml', 'ok.yaml']]) {
    const r = runCli(args, dir);
    assert.equal(r.stderr, unread, args[0]);
  }
});
