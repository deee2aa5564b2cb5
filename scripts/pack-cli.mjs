// Packs the CLI as its own npm package (netlens-cli): the bundled dist/cli.js (every dependency inlined),
// the rule pages SARIF links to, README and LICENSE. Run `npm run build` (or --production) first.
// Usage: node scripts/pack-cli.mjs [--out DIR]   -> prints the tarball's path
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg !== -1 ? process.argv[outArg + 1] : ROOT);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const cli = path.join(ROOT, 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('dist/cli.js is missing: run npm run build first');
  process.exit(1);
}
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-cli-pack-'));
try {
  fs.mkdirSync(path.join(stage, 'dist'));
  fs.copyFileSync(cli, path.join(stage, 'dist', 'cli.js'));
  fs.chmodSync(path.join(stage, 'dist', 'cli.js'), 0o755);
  // The worker threads `check` parses with (server/src/host/pool.ts); without it the CLI analyses in-process.
  fs.copyFileSync(path.join(ROOT, 'dist', 'worker.js'), path.join(stage, 'dist', 'worker.js'));
  fs.cpSync(path.join(ROOT, 'docs', 'rules'), path.join(stage, 'docs', 'rules'), { recursive: true });
  for (const f of ['README.md', 'LICENSE']) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
  // No dependencies: esbuild inlined them, so installing the tarball never needs the registry.
  const manifest = {
    name: 'netlens-cli',
    version: pkg.version,
    description: 'NetLens on the command line: checks Kubernetes network manifests and team conventions in CI (text, JSON, SARIF, GitHub annotations).',
    license: pkg.license,
    repository: pkg.repository,
    keywords: pkg.keywords,
    bin: { netlens: 'dist/cli.js' },
    files: ['dist/cli.js', 'dist/worker.js', 'docs/rules/*.md', 'README.md', 'LICENSE'],
    engines: { node: pkg.engines.node },
  };
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
  console.log(path.join(out, name));
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
