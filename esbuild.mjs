// Bundles the extension client (entry, start-up and on-demand bundles), the language server, the CLI and the preview webview script.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { clientBundles } from './scripts/client-bundles.mjs';
import { celEsm, yamlEsm } from './scripts/esm-builds.mjs';
import { mermaidConfigCopy } from './scripts/mermaid-config-copy.mjs';
import { mermaidFlowchartOnly } from './scripts/mermaid-flowchart-only.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', plugins: [yamlEsm, celEsm] };

const targets = [
  // The extension's entry, its start-up bundle, and what loads on first use (scripts/client-bundles.mjs).
  ...clientBundles(node),
  { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Worker threads of the server and the CLI (server/src/host/pool.ts loads it from beside their bundle).
  { ...node, entryPoints: ['server/src/host/analysisWorker.ts'], outfile: 'dist/worker.js' },
];
if (fs.existsSync('media/preview.ts')) {
  targets.push({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['media/preview.ts'], outfile: 'dist/preview.js', plugins: [mermaidConfigCopy, mermaidFlowchartOnly] });
}

if (watch) {
  const ctxs = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log('[esbuild] watching');
} else {
  const t0 = Date.now();
  await Promise.all(targets.map((t) => esbuild.build(t)));
  fs.chmodSync('dist/cli.js', 0o755);
  if (!process.argv.includes('--quiet')) console.log(`[esbuild] built ${targets.length} bundles in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
