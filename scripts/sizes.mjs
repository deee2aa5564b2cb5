// Prints the shipped sizes (client entry and bundle, server, the .vsix); with --check, exits 1 when a bundle is over budget.
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const KB = 1024;
const budgets = [
  { file: 'dist/client.js' },
  // Loaded by the entry (dist/client.js) at activation: the client's budget is its.
  { file: 'dist/client-main.js', max: 150 * KB },
  // Loaded on first use (scripts/client-bundles.mjs).
  { file: 'dist/client-features.js' },
  { file: 'dist/client-minimatch.js' },
  { file: 'dist/server.js', max: 1.5 * KB * KB },
  { file: 'dist/cli.js' },
  { file: 'dist/preview.js' },
  { file: 'netlens.vsix' },
];
const fmt = (n) => (n >= KB * KB ? `${(n / KB / KB).toFixed(2)} MB` : `${(n / KB).toFixed(1)} KB`);
let over = 0;
for (const { file, max } of budgets) {
  const p = path.join(repo, file);
  if (!fs.existsSync(p)) continue;
  const size = fs.statSync(p).size;
  const verdict = max === undefined ? '' : size <= max ? `  (budget ${fmt(max)}: ok)` : `  (budget ${fmt(max)}: OVER)`;
  if (max !== undefined && size > max) over++;
  console.log(`[sizes] ${file.padEnd(24)} ${fmt(size).padStart(10)}${verdict}`);
}
process.exit(over && process.argv.includes('--check') ? 1 : 0);
