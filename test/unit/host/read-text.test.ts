// The index's asynchronous read (host/files.ts readText) and the CLI's read of a walked file, both on one
// descriptor: they give what the CLI's stat-first read gives for regular files of every size, never wait on a FIFO,
// and decline what is too large.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readText, readTextSync } from '../../../server/src/host/files.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-read-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('regular files: the same result as the synchronous read, from empty to larger than one buffer', async () => {
  const cases: [string, Buffer][] = [
    ['empty.yaml', Buffer.alloc(0)],
    ['one.yaml', Buffer.from('a')],
    ['policy.yaml', Buffer.from('kind: NetworkPolicy\r\nmetadata: {name: é}\r\n')],
    ['big.yaml', Buffer.from('x: y\n'.repeat(300_000))],
    ['utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Service\n', 'utf16le')])],
    ['latin1.yaml', Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])],
  ];
  for (const [name, bytes] of cases) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    for (const listed of [false, true]) {
      assert.deepEqual(await readText(file, 10_000_000, listed), readTextSync(file, 10_000_000), name);
      // The CLI's read of a file its walk listed (one descriptor, no stat by path) gives the same.
      assert.deepEqual(readTextSync(file, 10_000_000, listed), readTextSync(file, 10_000_000), `${name} sync`);
    }
  }
  assert.deepEqual(await readText(path.join(dir, 'policy.yaml'), 100), { ok: true, text: 'kind: NetworkPolicy\r\nmetadata: {name: é}\r\n' });
  assert.equal((await readText(path.join(dir, 'big.yaml'), 1_500_000)).ok, true);
  assert.equal((await readText(path.join(dir, 'big.yaml'), 1_499_999)).ok, false);
});

test('too large, missing, a directory, a FIFO: declined with their reason, nothing waits', async () => {
  const big = path.join(dir, 'large.yaml');
  fs.writeFileSync(big, 'x'.repeat(2_000));
  assert.deepEqual(await readText(big, 1_999), { ok: false, reason: 'too-large', message: 'File is 0.0 MB, far beyond what NetLens analyses; it was not read.' });
  assert.equal((await readText(big, 2_000)).ok, true);
  assert.deepEqual(readTextSync(big, 1_999, true), { ok: false, reason: 'too-large', message: 'File is 0.0 MB, far beyond what NetLens analyses; it was not read.' });
  assert.equal(readTextSync(big, 2_000, true).ok, true);
  const missing = await readText(path.join(dir, 'nope.yaml'), 1_000);
  assert.deepEqual(missing, { ok: false, reason: 'unreadable', message: 'cannot be read (ENOENT: no such file or directory).' });
  const sub = path.join(dir, 'folder.yaml');
  fs.mkdirSync(sub);
  assert.deepEqual(await readText(sub, 1_000), { ok: false, reason: 'special', message: 'is something else, not a regular file; it was skipped without being opened.' });
  const fifo = path.join(dir, 'pipe.yaml');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return;
  // No writer ever opens it: a blocking open would never return and the test would time out. Stat'ed first unless
  // the walk listed it as a regular file (then it became a FIFO since: opened without waiting, declined by fstat).
  for (const listed of [false, true]) {
    const special = { ok: false, reason: 'special', message: 'is a named pipe, not a regular file; it was skipped without being opened.' };
    assert.deepEqual(await readText(fifo, 1_000, listed), special, String(listed));
    assert.deepEqual(readTextSync(fifo, 1_000, listed), special, `${String(listed)} sync`);
  }
});
