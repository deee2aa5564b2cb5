// `npm run bench`: runs each benchmark section in its own Node process (so peak memory is per section), prints
// its figures and, at the end, every target line (PASS/MISS) again as a summary. Informational: a MISS never
// fails the run; only a crashed section does (exit 1).
//   npm run bench                      every section
//   npm run bench -- edit server       only these sections
//   npm run bench -- --quick           smaller sizes and fewer repetitions (developers; figures are noisier)
//   npm run bench -- --list            the sections
// Add a section: write bench/<name>.mjs (print its own lines, with "PASS"/"MISS" on target lines) and register it.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

/** name, file, extra arguments, what it measures. Sections import TypeScript sources through tsx. */
export const SECTIONS = [
  ['edit', 'edit.mjs', [], 'real servers over stdio: CPU per one-line edit of a 5,000-line file, NetLens vs yaml-language-server (<= 1/5), 2,000-file vs one-file workspace (<= 1.2x), 10 vs 1 open documents (<= 1.2x)'],
  ['server', 'server.mjs', [], 'real NetLens server on 1k/2k/4k/8k mixed files: cold index (diagnostics <= 3 s, hover while indexing <= 50 ms, 1 scan), RSS (<= 350 MB), hover/completion p95 at 4k (<= 20 ms), edit, settings change (no re-parse), 8k/2k (<= 4.5x)'],
  ['cli-check', 'cli-check.mjs', [], '`netlens check` on 1k/2k/4k/8k mixed files: wall (<= 3 s at 2k), CPU, peak RSS (<= 400 MB at 2k), 8k/2k (<= 4.5x)'],
  ['activation', 'activation.mjs', [], 'production client bundle loaded with a stand-in vscode module: require + activate until the language client starts (<= 50 ms)'],
  ['topology', 'topology.mjs', [], 'topology graph + Mermaid text for 300 workloads (<= 20 ms); chromium render of the folded view, one expanded namespace and the densest unfolded preview (<= 1 s each)'],
  ['workspace', 'workspace.mjs', [], 'in-process breakdown on 2,000 files / 10,000 documents: parse + analyse, per-rule cost, re-analysis after an edit, reach (<= 1 ms)'],
  ['workspace-cilium', 'workspace.mjs', ['--cilium'], 'the same with a CiliumNetworkPolicy per file'],
  ['diagnostics', 'diagnostics.mjs', [], 'in-process: time to diagnostics of a 5,000-line file and a 1,000-file workspace vs bare YAML parse (<= 2x)'],
  ['editor', 'editor.mjs', [], 'in-process: hover and completion latency per place on a 4,000-file workspace model (<= 20 ms)'],
  ['realrepo', 'realrepo.mjs', [], '`netlens check` on a kubeflow-sized kustomize repository (1,100 files): wall, peak RSS, no false policy-selects-nothing'],
  ['hostile', 'hostile.mjs', [], 'real server (over Node IPC, as the client starts it) on pathological YAML (issue 14: ~4.9 MB multi-document file, 60,000-key map, deep nesting, 1 MB line, many long lines): open and keystroke to diagnostics (<= 1 s or declined), hover on another document every 10 ms meanwhile (<= 50 ms), peak RSS (<= 350 MB)'],
  ['heap', 'heap.mjs', [], 'in-process: heapUsed after a full GC stays flat over 50 incremental re-analyses of 500 files (<= 2 MB growth from the 10th to the 50th): the engine\'s memos leak nothing'],
  ['bundle-size', 'bundle-size.mjs', [], 'bundle sizes against budgets (client <= 150 KB, server <= 1.5 MB)'],
];

const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const [name, , , what] of SECTIONS) console.log(`${name.padEnd(18)}${what}`);
  process.exit(0);
}
const flags = args.filter((a) => a.startsWith('-'));
const only = args.filter((a) => !a.startsWith('-'));
const unknown = only.filter((n) => !SECTIONS.some(([name]) => name === n));
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(', ')}; npm run bench -- --list shows them`);
  process.exit(2);
}

function runSection(file, extra) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, file), ...extra, ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? signal, out }));
  });
}

const summary = [];
let crashed = 0;
console.log(`NetLens benchmark — node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}${flags.includes('--quick') ? ', --quick' : ''}\n`);
for (const [name, file, extra, what] of SECTIONS) {
  if (only.length && !only.includes(name)) continue;
  console.log(`== ${name}: ${what}`);
  const t0 = Date.now();
  const r = await runSection(file, extra);
  if (r.code !== 0) {
    crashed++;
    console.log(`!! section ${name} failed (exit ${r.code})`);
    summary.push(`${name}: CRASHED (exit ${r.code})`);
  }
  for (const line of r.out.split('\n')) if (/\b(PASS|MISS)\b/.test(line)) summary.push(`${name}: ${line.trim()}`);
  console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}
console.log(`== summary: ${summary.filter((l) => /\bPASS\b/.test(l)).length} PASS, ${summary.filter((l) => /\bMISS\b/.test(l)).length} MISS (load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores: wall figures on a loaded machine are not comparable with the targets; CPU figures are)`);
for (const l of summary) console.log(`  ${l}`);
process.exitCode = crashed ? 1 : 0;
