// Bench section "bundle-size": the bundles as shipped (production: minified, built in memory with the same
// entry points as esbuild.mjs) against their budgets, next to the development bundles in dist/.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { clientBundles } from '../scripts/client-bundles.mjs';
import { celEsm, yamlEsm } from '../scripts/esm-builds.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The plugins of esbuild.mjs: the same builds of the libraries as the bundles shipped.
const node = { bundle: true, minify: true, legalComments: 'none', platform: 'node', target: 'node20', format: 'cjs', write: false, logLevel: 'silent', plugins: [yamlEsm, celEsm] };
// Budgets from the issues: the client loads at VS Code startup, the server on the first YAML file.
const TARGETS = [
  // The entry loads client-main.js at activation: the client's budget is its. The others load on first use.
  ...clientBundles(node).map(({ outfile, ...options }) => [outfile, outfile === path.join('dist', 'client-main.js') ? 150 * 1024 : undefined, options]),
  ['dist/server.js', 1.5 * 1024 * 1024, { ...node, entryPoints: ['server/src/lsp/main.ts'] }],
  ['dist/cli.js', undefined, { ...node, entryPoints: ['server/src/cli/main.ts'] }],
];
if (fs.existsSync(path.join(ROOT, 'media/preview.ts'))) {
  TARGETS.push(['dist/preview.js', undefined, { ...node, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['media/preview.ts'] }]);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${'bundle'.padEnd(24)} ${'production'.padStart(10)}  ${'gzip'.padStart(9)}  ${'dev (dist/)'.padStart(11)}  budget`);
for (const [file, budget, options] of TARGETS) {
  let bytes;
  let gz;
  try {
    const out = await esbuild.build({ ...options, absWorkingDir: ROOT, outfile: path.join(ROOT, '.bench', file) });
    const code = out.outputFiles.find((f) => f.path.endsWith('.js'));
    bytes = code.contents.length;
    gz = zlib.gzipSync(code.contents).length;
  } catch (e) {
    console.log(`${file.padEnd(24)} build failed: ${e.message.split('\n')[0]}`);
    continue;
  }
  const devPath = path.join(ROOT, file);
  const dev = fs.existsSync(devPath) ? kb(fs.statSync(devPath).size) : 'not built';
  const verdict = budget === undefined ? '(no budget)' : `target <= ${kb(budget)} ${bytes <= budget ? 'PASS' : 'MISS'}`;
  console.log(`${file.padEnd(24)} ${kb(bytes).padStart(10)}  ${kb(gz).padStart(9)}  ${dev.padStart(11)}  ${verdict}`);
}
