// Worker threads (host/pool.ts over the bundled dist/worker.js): what they hand back, adopted by a main-thread
// parse (core/offload.ts), gives exactly the findings of an in-process analysis; a pool that cannot start or is
// closed mid-way settles without hanging, and its callers then analyse everything themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { adoptFileAnalysis, createWorkspaceCache, DEFAULT_OPTIONS, fileAnalysisData, parseFile, workspaceResults, type Options } from '../../../server/src/core/index.ts';
import { AnalysisPool, CLI_WORKER_HEAP, type PoolFile } from '../../../server/src/host/pool.ts';
import { exampleFiles, generatedFiles, ROOT } from './files.ts';

const WORKER = path.join(ROOT, 'dist', 'worker.js');
/** The generated mixed workspace (every kind, cross-file rules) plus every file of examples/ (kustomize, gateway, broken). */
async function workspace(): Promise<PoolFile[]> {
  const files = [...generatedFiles(60), ...exampleFiles()];
  return files.sort((a, b) => (a.uri < b.uri ? -1 : 1));
}

function inProcess(files: PoolFile[], options: Options) {
  return workspaceResults(
    files.map((f) => parseFile(f.uri, f.text, options)),
    options,
  );
}

test('findings adopted from worker threads equal the in-process analysis, file and workspace rules alike', async (t) => {
  assert.ok(fs.existsSync(WORKER), 'npm test builds dist/worker.js first');
  const pool = new AnalysisPool(WORKER, 2);
  t.after(() => pool.close());
  const files = await workspace();
  const options: Options = { ...DEFAULT_OPTIONS, rules: { ...DEFAULT_OPTIONS.rules, 'missing-default-deny': 'warning' } };
  const results = await pool.submit(files, options).finished();
  assert.equal(results.size, files.length, 'every file came back');
  assert.equal(pool.analysed, files.length);

  const cache = createWorkspaceCache();
  const parsed = files.map((f) => parseFile(f.uri, f.text, options));
  for (const file of parsed) {
    const data = results.get(file.uri);
    assert.ok(data && adoptFileAnalysis(file, options, cache, data), file.uri);
    // Adopted, not recomputed: the analysis below reads the worker's own lists.
    assert.equal(cache.findings.get(file)?.findings, data.findings);
  }
  const pooled = workspaceResults(parsed, options, cache);
  const expected = inProcess(files, options);
  const count = [...expected.findings.values()].flat().length;
  assert.ok(count > 40, `the workspace has findings to compare (${count})`);
  assert.deepEqual(pooled.findings, expected.findings);
  assert.deepEqual(pooled.suppressed, expected.suppressed);
  assert.deepEqual(pooled.analysis.model.policies.length, expected.analysis.model.policies.length);
});

test('a parse of other text is not adopted (the caller analyses it itself)', async (t) => {
  const pool = new AnalysisPool(WORKER, 1);
  t.after(() => pool.close());
  const uri = 'file:///ws/p.yaml';
  const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n';
  const results = await pool.submit([{ uri, text }], DEFAULT_OPTIONS).finished();
  const data = results.get(uri);
  assert.ok(data);
  const cache = createWorkspaceCache();
  assert.equal(adoptFileAnalysis(parseFile(uri, `${text}  policyTypes: [Ingress]\n`, DEFAULT_OPTIONS), DEFAULT_OPTIONS, cache, data), false);
  assert.equal(adoptFileAnalysis(parseFile('file:///ws/q.yaml', text, DEFAULT_OPTIONS), DEFAULT_OPTIONS, cache, data), false);
  assert.equal(adoptFileAnalysis(parseFile(uri, text, DEFAULT_OPTIONS), DEFAULT_OPTIONS, cache, data), true);
});

test('a worker that cannot start: the batch settles empty at once, and the pool starts none again', async (t) => {
  const pool = new AnalysisPool(path.join(ROOT, 'dist', 'no-such-worker.js'), 2);
  t.after(() => pool.close());
  const files = (await workspace()).slice(0, 30);
  const results = await pool.submit(files, DEFAULT_OPTIONS).settle();
  assert.equal(results.size, 0);
  assert.equal((await pool.submit(files, DEFAULT_OPTIONS).finished()).size, 0);
});

test('settle() stops the workers where they are; close() mid-batch resolves what waits on it', async () => {
  const pool = new AnalysisPool(WORKER, 1);
  const files = generatedFiles(400);
  const batch = pool.submit(files, DEFAULT_OPTIONS);
  const settled = await batch.settle();
  assert.ok(settled.size < files.length, `cancelled before the end (${settled.size} of ${files.length})`);
  const other = pool.submit(files, DEFAULT_OPTIONS);
  const waiting = other.finished();
  await pool.close();
  assert.ok((await waiting).size < files.length);
});

test('a pool warmed before any work (the CLI heap) analyses what is then submitted, as a cold pool does', async (t) => {
  const pool = new AnalysisPool(WORKER, 1, CLI_WORKER_HEAP);
  t.after(() => pool.close());
  pool.warm();
  const files = (await workspace()).slice(0, 24);
  const results = await pool.submit(files, DEFAULT_OPTIONS, true).finished();
  assert.equal(results.size, files.length);
  for (const f of files) assert.deepEqual(results.get(f.uri), structuredClone(fileAnalysisData(parseFile(f.uri, f.text, DEFAULT_OPTIONS), DEFAULT_OPTIONS, true)), f.uri);
});

test('warmed workers with nothing to do do not keep the process alive', () => {
  const script = `import('./server/src/host/pool.ts').then((m) => { new (m.AnalysisPool ?? m.default.AnalysisPool)(${JSON.stringify(WORKER)}, 2).warm(); console.log('warmed'); });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, 'exited by itself');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'warmed\n');
});
