// `npm run bench`: runs each benchmark section in its own Node process (so peak memory is per section) and
// prints figures and ratios. Informational: targets print PASS/MISS but never fail the run.
// Add a section: write bench/<name>.mjs (print its own lines) and register it below.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

/** name, file, what it measures. Sections import TypeScript sources through tsx. */
export const SECTIONS = [
  ['diagnostics', 'diagnostics.mjs', 'time to diagnostics: 5,000-line file and 1,000-file workspace vs bare YAML parse'],
  ['workspace', 'workspace.mjs', 'index a 2,000-file / 10,000-document workspace (<= 3 s), per-rule cost, re-analysis after a one-line edit (<= 50 ms), reach (<= 50 ms)'],
  ['workspace-cilium', 'workspace.mjs', 'the same 2,000-file workspace with a CiliumNetworkPolicy per file instead of a NetworkPolicy, same targets'],
  ['cli-check', 'cli-check.mjs', '`netlens check` end to end on a 1,000-file workspace (wall time, peak RSS)'],
  ['realrepo', 'realrepo.mjs', '`netlens check` on a kubeflow-sized kustomize repository (1,100 files): wall time, peak RSS, no false policy-selects-nothing'],
  ['topology', 'topology.mjs', 'topology graph + Mermaid text for 300 workloads (<= 20 ms), chromium render of the folded view and one expanded namespace (<= 1 s each)'],
  ['editor', 'editor.mjs', 'hover and completion latency on a 2,000-file workspace model (target <= 20 ms)'],
  ['bundle-size', 'bundle-size.mjs', 'bundle sizes against budgets (client <= 150 KB, server <= 1.5 MB)'],
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let crashed = 0;
console.log(`NetLens benchmark — node ${process.version}, ${process.platform}/${process.arch}\n`);
for (const [name, file, what] of SECTIONS) {
  if (only.length && !only.includes(name)) continue;
  console.log(`== ${name}: ${what}`);
  const t0 = Date.now();
  const args = name === 'workspace-cilium' ? ['--cilium'] : [];
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, file), ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    crashed++;
    console.log(`!! section ${name} failed (exit ${r.status ?? r.signal})`);
  }
  console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
process.exitCode = crashed ? 1 : 0;
