// The built CLI lowers its V8 helper threads' priority below its main thread's (Linux), and only when run as a program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI } from './helpers.ts';

// Printed at the CLI's exit by a preloaded script: each thread's nice value (field 19 of /proc/<pid>/task/<tid>/stat),
// the main thread's first.
const PRELOAD = `process.on('exit', () => {
  const fs = require('fs');
  const nice = (t) => { const s = fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]); };
  const others = fs.readdirSync('/proc/self/task').filter((t) => Number(t) !== process.pid).map(nice);
  process.stderr.write('\\nnices=' + JSON.stringify({ main: nice(process.pid), others }) + '\\n');
});
`;

function nices(args: string[], env: Record<string, string> = {}): { main: number; others: number[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-threads-'));
  try {
    const preload = path.join(dir, 'nices.cjs');
    fs.writeFileSync(preload, PRELOAD);
    const r = spawnSync(process.execPath, ['--require', preload, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
    const m = /nices=(\{.*\})/.exec(r.stderr);
    assert.ok(m, r.stderr);
    return JSON.parse(m[1] as string) as { main: number; others: number[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const linux = process.platform === 'linux';

test('`node dist/cli.js` runs with its helper threads ten steps nicer than its main thread', { skip: !linux && 'Linux only' }, () => {
  const n = nices([CLI, '--version']);
  assert.ok(n.others.length >= 1, `V8's helper threads (four by default; NODE_OPTIONS may set fewer): ${JSON.stringify(n)}`);
  for (const other of n.others) assert.equal(other, Math.min(19, n.main + 10), JSON.stringify(n));
});

test('NETLENS_HELPER_NICE=0 leaves every thread at the main thread\'s priority', { skip: !linux && 'Linux only' }, () => {
  const n = nices([CLI, '--version'], { NETLENS_HELPER_NICE: '0' });
  for (const other of n.others) assert.equal(other, n.main, JSON.stringify(n));
});

test('requiring the bundle (tests, the corpus runner) leaves the host\'s threads alone', { skip: !linux && 'Linux only' }, () => {
  const n = nices(['-e', `require(${JSON.stringify(CLI)})`]);
  for (const other of n.others) assert.equal(other, n.main, JSON.stringify(n));
});
