// The benchmark's measuring primitives: /proc CPU and memory of a process, LSP positions (UTF-16), the ratio
// line, and the generated mixed workspace's shape (five documents a file, every kind present).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { position } from '../../../bench/lsp/client.mjs';
import { cpuMs, memory, TICK_MS } from '../../../bench/lsp/proc.mjs';
import { mixedWorkspace } from '../../../bench/generate.mjs';
import { ratioLine } from '../../../bench/stats.mjs';

test('cpuMs counts a child that burns CPU (tree included), memory reports RSS and its peak', async (t) => {
  // The parent waits; its child burns 300 ms of CPU (not of wall time: the machine may be loaded), then idles
  // 500 ms so the last samples see all of it. The busy child is found through the process tree.
  const burn = 'while (process.cpuUsage().user < 300000); setTimeout(() => {}, 500);';
  const child = spawn(process.execPath, ['-e', `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(burn)}], { stdio: 'inherit' }).on('exit', () => process.exit(0))`]);
  t.after(() => child.kill());
  const exited = new Promise((r) => child.on('exit', r));
  let seen = 0;
  while (child.exitCode === null) {
    seen = Math.max(seen, cpuMs(child.pid));
    const m = memory(child.pid);
    if (m.rss > 0) assert.ok(m.hwm >= m.rss, 'peak is at least the current RSS');
    await new Promise((r) => setTimeout(r, 20));
  }
  await exited;
  assert.ok(TICK_MS > 0 && TICK_MS <= 10);
  assert.ok(seen >= 250, `the busy grandchild's CPU is counted (saw ${seen} ms)`);
  assert.equal(cpuMs(999_999_999), 0, 'a process that does not exist used nothing');
});

test('position: 0-based line and UTF-16 character of an offset', () => {
  const text = 'a: 1\nb: "é😀"\n\nc: 3';
  assert.deepEqual(position(text, 0), { line: 0, character: 0 });
  assert.deepEqual(position(text, 5), { line: 1, character: 0 });
  assert.deepEqual(position(text, text.indexOf('"', 9) + 1), { line: 1, character: 8 });
  assert.deepEqual(position(text, text.length), { line: 3, character: 4 });
});

test('ratioLine: value over anchor against the limit', () => {
  assert.equal(ratioLine('x', 50, 100, 0.2), 'x: 0.50x (50.0 ms vs 100.0 ms) (target <= 0.2x) MISS');
  assert.equal(ratioLine('x', 10, 100, 0.2), 'x: 0.10x (10.0 ms vs 100.0 ms) (target <= 0.2x) PASS');
});

test('mixedWorkspace: n files of five documents, NetworkPolicy, Cilium and Gateway API kinds, deterministic', () => {
  const files = mixedWorkspace(40);
  assert.equal(files.length, 40);
  for (const f of files) assert.equal(f.text.split(/^---$/m).length, 5, f.path);
  const kinds = new Set(files.flatMap((f) => [...f.text.matchAll(/^kind: (\w+)/gm)].map((m) => m[1])));
  for (const k of ['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'Gateway', 'GatewayClass', 'HTTPRoute', 'Deployment', 'Service']) assert.ok(kinds.has(k), k);
  assert.deepEqual(mixedWorkspace(40), files);
});
