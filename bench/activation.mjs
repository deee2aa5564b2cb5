// Bench section "activation": the client bundle as shipped (production build, minified) loaded in a fresh
// Node process with a stand-in `vscode` module (bench/activation-child.mjs): require + activate() until the
// language client's start() was called (target <= 50 ms), with the process's CPU time beside wall time.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tempWorkspace } from './lsp/servers.mjs';
import { ms, row, summarize } from './stats.mjs';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 5 : 15;
const TARGET = 50;
// The same entry and options as `node esbuild.mjs --production` (what the VSIX ships).
const dir = tempWorkspace('activation');
fs.mkdirSync(path.join(dir, 'dist'));
await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['client/src/extension.ts'],
  outfile: path.join(dir, 'dist', 'client.js'),
  bundle: true,
  minify: true,
  legalComments: 'none',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'silent',
});
const size = fs.statSync(path.join(dir, 'dist', 'client.js')).size;
const child = path.join(ROOT, 'bench', 'activation-child.mjs');
const runs = [];
for (let i = 0; i < RUNS + 1; i++) {
  const r = spawnSync(process.execPath, [child, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`activation child failed: ${r.stderr.slice(0, 500)}`);
  if (i > 0) runs.push(JSON.parse(r.stdout)); // the first run warms the file cache
}
if (!runs.every((r) => r.started)) console.log('!! activate() returned without a language client');
const s = (k) => summarize(runs.map((r) => r[k]));
const w = [46, 10, 10, 10];
console.log(`client bundle (production): ${(size / 1024).toFixed(1)} KB; ${RUNS} fresh processes`);
console.log(row(['', 'median', 'p95', 'min'], w));
for (const [label, k] of [['require(dist/client.js)', 'require'], ['activate() until client start()', 'activate'], ['require + activate', 'total'], ['CPU of the process up to there', 'cpu']]) {
  const x = s(k);
  console.log(row([label, ms(x.median), ms(x.p95), ms(x.min)], w));
}
const total = s('total');
const cpu = s('cpu');
console.log(`activation incl. loading the client bundle: ${ms(total.median)} wall, ${ms(cpu.median)} CPU (target <= ${TARGET} ms) ${total.median <= TARGET ? 'PASS' : 'MISS'}`);
const marks = runs[Math.floor(runs.length / 2)].marks ?? {};
console.log(`  where activate() spends it (ms since its start): ${Object.entries(marks).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
