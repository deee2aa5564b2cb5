// Bench section "diagnostics": time to diagnostics for a 5,000-line multi-document file and for each file of a
// 1,000-file workspace, against bare yaml.parseAllDocuments on the same text (target <= 2x), and peak memory.
import { parseAllDocuments } from 'yaml';
import core from '../server/src/core/index.ts';
import { multiDocFile, workspaceFiles } from './generate.mjs';
import { memoryLine, ms, PeakHeap, row, summarize, target, timeRuns } from './stats.mjs';

// The engine is CommonJS under tsx (no "type": "module"): take its exports from the default import.
const { analyzeText, analyzeWorkspace, DEFAULT_OPTIONS, parseFile } = core;
const RATIO_TARGET = 2;
const heap = new PeakHeap();
const opts = DEFAULT_OPTIONS;

// What the editor does for one open file: parse, file rules, workspace rules over the model.
function diagnose(uri, text) {
  const analysis = analyzeWorkspace([parseFile(uri, text, opts)], opts);
  heap.sample();
  return analysis;
}

// --- one 5,000-line file ---
const big = multiDocFile(5000);
const lines = big.split('\n').length;
const docs = big.split('\n---\n').length;
const findings = [...diagnose('file:///bench/big.yaml', big).findings.values()].flat();
const RUNS = 20;
// Interleaved (one run of each per round) so load changes on a shared machine hit all three alike.
const samples = { full: [], fileRules: [], bare: [] };
for (let round = 0; round < RUNS + 3; round++) {
  const [a, b, c] = [
    timeRuns(() => diagnose('file:///bench/big.yaml', big), 1, 0),
    timeRuns(() => analyzeText('file:///bench/big.yaml', big, opts), 1, 0),
    timeRuns(() => parseAllDocuments(big), 1, 0),
  ];
  if (round < 3) continue; // warm-up rounds
  samples.full.push(...a);
  samples.fileRules.push(...b);
  samples.bare.push(...c);
}
const full = summarize(samples.full);
const fileRules = summarize(samples.fileRules);
const bare = summarize(samples.bare);
const w = [44, 10, 10];
console.log(`5,000-line file: ${lines} lines, ${docs} documents, ${big.length} chars, ${findings.length} findings; ${RUNS} runs`);
console.log(row(['', 'median', 'p95'], w));
console.log(row(['time to diagnostics (parse + all rules)', ms(full.median), ms(full.p95)], w));
console.log(row(['  parse + file rules only (analyzeText)', ms(fileRules.median), ms(fileRules.p95)], w));
console.log(row(['bare yaml.parseAllDocuments', ms(bare.median), ms(bare.p95)], w));
console.log(target('ratio to bare parse (median)', full.median / bare.median, RATIO_TARGET, 'x'));

// --- 1,000-file workspace ---
const files = workspaceFiles(1000);
const totalLines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
for (const f of files.slice(0, 50)) diagnose(`file:///bench/ws/${f.path}`, f.text); // warm-up
const perFile = [];
const perFileBare = [];
for (const f of files) {
  const uri = `file:///bench/ws/${f.path}`;
  let t0 = performance.now();
  diagnose(uri, f.text);
  perFile.push(performance.now() - t0);
  t0 = performance.now();
  parseAllDocuments(f.text);
  perFileBare.push(performance.now() - t0);
}
const pf = summarize(perFile);
const pb = summarize(perFileBare);
console.log(`\n1,000-file workspace: ${files.length} files, ${totalLines} lines (one app per file: Deployment, Service, NetworkPolicy)`);
console.log(row(['per file', 'median', 'p95'], w));
console.log(row(['time to diagnostics (parse + all rules)', ms(pf.median), ms(pf.p95)], w));
console.log(row(['bare yaml.parseAllDocuments', ms(pb.median), ms(pb.p95)], w));
console.log(target('ratio to bare parse (median per file)', pf.median / pb.median, RATIO_TARGET, 'x'));
console.log(target('ratio to bare parse (sum over files)', pf.total / pb.total, RATIO_TARGET, 'x'));

// The CLI's path: every file parsed, then one workspace analysis (model + workspace rules).
const t0 = performance.now();
const parsed = files.map((f) => parseFile(`file:///bench/ws/${f.path}`, f.text, opts));
heap.sample();
const ws = analyzeWorkspace(parsed, opts);
heap.sample();
const wsMs = performance.now() - t0;
const wsFindings = [...ws.findings.values()].reduce((n, l) => n + l.length, 0);
console.log(`whole workspace as one analysis (what \`netlens check\` does): ${ms(wsMs)}, ${ws.model.workloads.length} workloads, ${ws.model.policies.length} policies, ${wsFindings} findings`);
console.log(memoryLine(heap));
