// Bench section "cli-check": `netlens check` end to end (process start, file walk, reading, analysis, output)
// on the generated 1,000-file workspace written to a temporary folder, with the CLI process's peak RSS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceFiles, writeFiles } from './generate.mjs';
import { mb, ms, summarize } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(ROOT, 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.log('dist/cli.js not built (npm run bench builds it)');
  process.exit(0);
}
// In a temporary folder, not the repository: an editor indexing the repository should not meet 1,000 files.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-bench-'));
const dir = writeFiles(tmp, 'workspace-1000', workspaceFiles(1000));
// A marker .git folder keeps the settings lookup inside .bench/ (no repository settings apply).
fs.mkdirSync(path.join(dir, '.git'), { recursive: true });

// Outside the repository (linters walk .bench/ too).
const preload = path.join(os.tmpdir(), `netlens-bench-maxrss-${process.pid}.cjs`);
fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write('\\nmaxRSS=' + process.resourceUsage().maxRSS + '\\n'));\n");
const runs = [];
let rss = 0;
let last;
for (let i = 0; i < 1; i++) {
  const t0 = performance.now();
  // The child reports its own peak RSS at exit through a preloaded hook (no /usr/bin/time needed).
  last = spawnSync(process.execPath, ['--require', preload, cli, 'check', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
  runs.push(performance.now() - t0);
  const m = /maxRSS=(\d+)/.exec(last.stderr);
  if (m) rss = Math.max(rss, Number(m[1]) * 1024);
}
fs.rmSync(preload, { force: true });
fs.rmSync(tmp, { recursive: true, force: true });
const s = summarize(runs);
let count = '?';
try {
  count = JSON.parse(last.stdout).findings.length;
} catch {
  // reported as '?' below
}
console.log(`netlens check --format json on 1,000 files (85,000 lines): ${ms(s.median)} wall time (exit ${last.status}, ${count} findings), peak RSS ${mb(rss)}`);
