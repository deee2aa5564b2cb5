// Bench section "activation": the client bundles as shipped (production build, minified) loaded in a fresh
// Node process with a stand-in `vscode` module (bench/activation-child.mjs): require + activate() until the
// language client's start() was called (target <= 50 ms), with the process's CPU time beside wall time; the
// first activation (the entry compiles the bundle, then writes V8's code cache) and later ones (from the cache).
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { clientBundles } from '../scripts/client-bundles.mjs';
import { ROOT, tempWorkspace } from './lsp/servers.mjs';
import { ms, row, summarize } from './stats.mjs';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 5 : 15;
const TARGET = 50;
// The same bundles and options as `node esbuild.mjs --production` (what the VSIX ships).
const dir = tempWorkspace('activation');
fs.mkdirSync(path.join(dir, 'dist'));
const options = { absWorkingDir: ROOT, bundle: true, minify: true, legalComments: 'none', platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' };
await Promise.all(clientBundles(options, path.join(dir, 'dist')).map((b) => esbuild.build(b)));
const size = (f) => `${(fs.statSync(path.join(dir, 'dist', f)).size / 1024).toFixed(1)} KB`;
const child = path.join(ROOT, 'bench', 'activation-child.mjs');

/** `RUNS` fresh processes after one that warms the file cache; `storage`: the extension's global storage. */
function series(storage) {
  const runs = [];
  for (let i = 0; i < RUNS + 1; i++) {
    // First activations: each run gets an empty storage folder (nothing cached yet).
    const folder = storage ?? fs.mkdtempSync(path.join(dir, 'first-'));
    const r = spawnSync(process.execPath, [child, dir, folder], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`activation child failed: ${r.stderr.slice(0, 500)}`);
    if (i > 0) runs.push(JSON.parse(r.stdout));
  }
  if (!runs.every((r) => r.started)) console.log('!! activate() returned without a language client');
  return runs;
}

const w = [50, 10, 10, 10];
console.log(`client bundles (production): entry dist/client.js ${size('client.js')}, start-up dist/client-main.js ${size('client-main.js')}; on first use dist/client-features.js ${size('client-features.js')}, dist/client-minimatch.js ${size('client-minimatch.js')}; ${RUNS} fresh processes each`);
const cached = path.join(dir, 'storage');
for (const [what, runs] of [['first activation (compiles the bundle, writes the code cache)', series(undefined)], ['later activations (bundle from the code cache)', series(cached)]]) {
  const s = (k) => summarize(runs.map((r) => r[k]));
  const loaded = [...new Set(runs.map((r) => r.codeCache))].join(', ');
  console.log(`${what}: loaded ${loaded}`);
  console.log(row(['', 'median', 'p95', 'min'], w));
  for (const [label, k] of [['require(dist/client.js) + activate() until start()', 'total'], ['  of which activate() until client start()', 'activate'], ['CPU of the process up to there', 'cpu']]) {
    const x = s(k);
    console.log(row([label, ms(x.median), ms(x.p95), ms(x.min)], w));
  }
  const total = s('total');
  const cpu = s('cpu');
  console.log(`activation incl. loading the client bundle, ${what.split(' (')[0]}: ${ms(total.median)} wall, ${ms(cpu.median)} CPU (target <= ${TARGET} ms) ${total.median <= TARGET ? 'PASS' : 'MISS'}`);
  const marks = runs[Math.floor(runs.length / 2)].marks ?? {};
  console.log(`  where activate() spends it (ms since its start): ${Object.entries(marks).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}\n`);
}
