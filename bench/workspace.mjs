// Workspace-scale figures: index a 2,000-file / 10,000-document workspace, re-analyse after a one-line edit,
// answer reach; with the time each workspace rule takes, so a slow rule is visible at once.
import core from '../server/src/core/index.ts';
import { ciliumPolicy, deployment, networkPolicy, rng, service } from './generate.mjs';
import { mb, memoryLine, ms, PeakHeap, summarize, target, timeRuns } from './stats.mjs';

// The engine is CommonJS under tsx (no "type": "module"): take its exports from the default import.
const { analyzeWorkspace, createWorkspaceCache, optionsFromRaw, parseFile, reach, resolveEndpoint, WORKSPACE_RULES } = core;

const FILES = 2000;
// `--cilium` (the workspace-cilium section): the same workspace with a CiliumNetworkPolicy per file instead.
const CILIUM = process.argv.includes('--cilium') || process.env.NETLENS_BENCH_CILIUM === '1';
const policyDoc = CILIUM ? ciliumPolicy : networkPolicy;
const NAMESPACES = ['shop', 'payments', 'identity', 'data', 'monitoring', 'batch', 'media', 'auth'];
const APPS = ['frontend', 'api', 'worker', 'postgres', 'redis'];

// Five documents a file (two Deployments, two Services, one NetworkPolicy or CNP): 10,000 documents.
function files() {
  const r = rng(7);
  const out = [];
  for (let i = 0; i < FILES; i++) {
    const ns = NAMESPACES[i % NAMESPACES.length];
    const app = APPS[i % APPS.length];
    const text = [deployment(r, ns, app, i), service(r, ns, app, i), policyDoc(r, ns, app, i), deployment(r, ns, `${app}-b`, i), service(r, ns, `${app}-b`, i)].join('---\n');
    out.push({ uri: `file:///bench/${ns}/${app}-${i}.yaml`, text });
  }
  return out;
}

const options = optionsFromRaw({});
const inputs = files();
const docs = inputs.reduce((n, f) => n + f.text.split('\n---\n').length, 0);
const heap = new PeakHeap();

const t0 = performance.now();
const parsed = inputs.map((f) => parseFile(f.uri, f.text, options));
const tParse = performance.now() - t0;
heap.sample();
const cache = createWorkspaceCache();
const t1 = performance.now();
let analysis = analyzeWorkspace(parsed, options, cache);
const tAnalyze = performance.now() - t1;
heap.sample();
const findings = [...analysis.findings.values()].reduce((n, l) => n + l.length, 0);
console.log(`workspace: ${FILES} files, ${docs} documents, ${analysis.model.workloads.length} workloads, ${analysis.model.policyIR.length} policies${CILIUM ? ' (CiliumNetworkPolicy)' : ''}, ${findings} findings`);
console.log(`  parse ${ms(tParse)} + analyse ${ms(tAnalyze)} = ${ms(tParse + tAnalyze)}`);
console.log('  ' + target('index (parse + model + rules, cold)', tParse + tAnalyze, 3000, ' ms'));

// Per-rule cost on the warm model: each workspace rule alone.
for (const rule of WORKSPACE_RULES) {
  const t = performance.now();
  analyzeWorkspace(parsed, options, cache, [rule]);
  console.log(`  rule ${rule.code.padEnd(24)} ${ms(performance.now() - t)} (with cached model and file findings)`);
}

// One-line edit, as the editor does it: re-parse the edited file, rebuild the model from the cache (unchanged
// files are not re-read) and judge that file's policies (workspace rules scoped to it).
const editIndex = 1234;
let n = 0;
const edit = (scoped) => () => {
  const f = inputs[editIndex];
  const text = f.text.replace(/replicas: \d+/, `replicas: ${(n++ % 9) + 1}`);
  const copy = parsed.slice();
  copy[editIndex] = parseFile(f.uri, text, options);
  analysis = scoped ? analyzeWorkspace(copy, options, cache, WORKSPACE_RULES, new Set([f.uri])) : analyzeWorkspace(copy, options, cache);
};
const e = summarize(timeRuns(edit(true), 20, 3));
console.log('  ' + target('re-analysis after a one-line edit, diagnostics of the edited file (median)', e.median, 50, ' ms') + `  p95 ${ms(e.p95)}`);
const all = summarize(timeRuns(edit(false), 3, 1));
console.log(`  re-analysis judging every policy of the workspace (CLI, not the editor): median ${ms(all.median)}`);

const model = analysis.model;
const from = resolveEndpoint(model, 'shop/frontend-0');
const to = resolveEndpoint(model, 'data/postgres-3');
if (from.ok && to.ok) {
  const r = summarize(timeRuns(() => reach(model, { from: from.endpoint, to: to.endpoint, port: 8080, protocol: 'TCP' }), 50));
  console.log('  ' + target('reach (one query, warm model)', r.median, 1, ' ms') + `  p95 ${ms(r.p95)}`);
} else {
  console.log(`  reach: endpoints not found (${JSON.stringify([from, to]).slice(0, 200)})`);
}
heap.sample();
console.log('  ' + memoryLine(heap) + `  (rss ${mb(process.memoryUsage().rss)})`);
