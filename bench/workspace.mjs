// Workspace-scale figures: index a 2,000-file / 10,000-document workspace, re-analyse after a one-line edit,
// answer reach; with the time each workspace rule takes, so a slow rule is visible at once.
import core from '../server/src/core/index.ts';
import { ciliumPolicy, deployment, networkPolicy, rng, service } from './generate.mjs';
import { mb, memoryLine, ms, PeakHeap, summarize, target, timeRuns } from './stats.mjs';

// The engine is CommonJS under tsx (no "type": "module"): take its exports from the default import.
const { analyzeWorkspace, createWorkspaceCache, fingerprint, optionsFromRaw, parseFile, reach, reparseFile, resolveEndpoint, WORKSPACE_RULES } = core;

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
let parsed = inputs.map((f) => parseFile(f.uri, f.text, options));
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
console.log('  ' + target('in-process index (parse + model + rules, cold; the server figure is in section server)', tParse + tAnalyze, 3000, ' ms'));

// Per-rule cost on the warm model: each workspace rule alone.
for (const rule of WORKSPACE_RULES) {
  const t = performance.now();
  analyzeWorkspace(parsed, options, cache, [rule]);
  console.log(`  rule ${rule.code.padEnd(24)} ${ms(performance.now() - t)} (with cached model and file findings)`);
}

// One-line edits, as the editor's index runs them (lsp/workspaceIndex.ts): the previous parse's fingerprint, an
// incremental re-parse, the model through the cache (unchanged files are not re-read; selections carry over when
// workloads and namespaces did not change), then the edited file's rules reusing the previous analysis'. The server
// skips even that for an edit that changes nothing the workspace reads (a replica count, lsp/remap.ts): the first
// edit is measured as if it did. The second edits the end of a port range of the file's NetworkPolicy (or
// Cilium policy).
const editIndex = 1234;
const editUri = inputs[editIndex].uri;
let editText = inputs[editIndex].text;
let n = 0;
const editorEdit = (pattern, replace) => () => {
  editText = editText.replace(pattern, replace(n++));
  const before = parsed[editIndex];
  fingerprint(before, options);
  parsed = parsed.slice();
  parsed[editIndex] = reparseFile(before, editUri, editText, options);
  analyzeWorkspace(parsed, options, cache, [], new Set());
  analysis = analyzeWorkspace(parsed, options, cache, WORKSPACE_RULES, new Set([editUri]), analysis.rules);
};
analysis = analyzeWorkspace(parsed, options, cache, WORKSPACE_RULES, new Set([editUri]));
const replicas = summarize(timeRuns(editorEdit(/replicas: \d+/, (i) => `replicas: ${(i % 9) + 1}`), 20, 3));
console.log('  ' + target('in-process re-analysis after a one-line edit (replicas), diagnostics of the edited file (median)', replicas.median, 50, ' ms') + `  p95 ${ms(replicas.p95)}`);
const port = summarize(timeRuns(editorEdit(/endPort: \d+/, (i) => `endPort: ${8100 + (i % 9)}`), 20, 3));
console.log('  ' + target('in-process re-analysis after a policy port edit (endPort), diagnostics of the edited file (median)', port.median, 50, ' ms') + `  p95 ${ms(port.p95)}`);
// The CLI's case for comparison: a fresh parse of the file, every policy of the workspace judged.
const whole = () => {
  const copy = parsed.slice();
  copy[editIndex] = parseFile(editUri, editText.replace(/replicas: \d+/, `replicas: ${(n++ % 9) + 1}`), options);
  analysis = analyzeWorkspace(copy, options, cache);
};
const all = summarize(timeRuns(whole, 3, 1));
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
