// Bundles the extension-host e2e suite (test/e2e/suite) into out/e2e/suite: index.js (with mocha) + one file per test.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const src = path.join(repo, 'test/e2e/suite');
const outdir = path.join(repo, 'out/e2e/suite');
const tests = fs.readdirSync(src).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(src, f));
fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [path.join(src, 'index.ts'), ...tests],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'error',
});
console.log(`[e2e] suite built: index.js + ${tests.length} test files in ${path.relative(repo, outdir)}`);
