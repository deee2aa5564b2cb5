// The workspace analysis run in slices (core/steps.ts generators, driven on the event loop by lsp/slices.ts) gives
// exactly the findings and model of the one-go run the CLI makes: over examples/ and a generated mixed workspace
// (NetworkPolicy, Cilium, Gateway API), whole and scoped to one file, alone and interleaved with another run on
// the same caches (a hover's model build during a document's analysis), and it really stops between slices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  analyzeWorkspace,
  analyzeWorkspaceSteps,
  createWorkspaceCache,
  DEFAULT_OPTIONS,
  parseFile,
  workspaceResults,
  workspaceResultsSteps,
  type ParsedFile,
  type WorkspaceAnalysis,
} from '../../../server/src/core/index.ts';
import { finish } from '../../../server/src/core/steps.ts';
import { drive, Runs } from '../../../server/src/lsp/slices.ts';
import { ROOT, yamlFiles } from './edits.ts';

const opts = DEFAULT_OPTIONS;
const examples = (): ParsedFile[] => yamlFiles(path.join(ROOT, 'examples')).map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
const generated = async (count: number): Promise<ParsedFile[]> => {
  const gen = (await import(path.join(ROOT, 'bench/generate.mjs'))) as { mixedWorkspace: (n: number) => { path: string; text: string }[] };
  return gen.mixedWorkspace(count).map((f) => parseFile(`file:///ws/${f.path}`, f.text, opts));
};

/** What an analysis says, as plain data: every finding per file, rule errors, and the model's tables. */
function summary(a: WorkspaceAnalysis): unknown {
  return {
    findings: [...a.findings].sort(([x], [y]) => (x < y ? -1 : 1)),
    ruleErrors: a.ruleErrors.map((e) => e.code),
    workloads: a.model.workloads.map((w) => [w.id, w.kind, w.podLabels]),
    services: a.model.services.map((s) => s.id),
    policies: a.model.policies.map((p) => p.id),
    ir: a.model.policyIR.map((p) => [p.kind, p.namespace, p.name]),
    namespaces: [...a.model.namespaces.keys()],
  };
}

/** Runs a generator step by step, counting its stops. */
function stepped<T>(steps: Generator<void, T, void>): { value: T; stops: number } {
  for (let stops = 0; ; stops++) {
    const r = steps.next();
    if (r.done) return { value: r.value, stops };
  }
}

for (const [name, load] of [
  ['examples/', async () => examples()],
  ['a generated 300-file workspace', () => generated(300)],
] as const) {
  test(`${name}: the driven analysis equals the one-go analysis, whole and scoped to each policy file`, async () => {
    const files = await load();
    const whole = analyzeWorkspace(files, opts, createWorkspaceCache());
    const driven = await drive(analyzeWorkspaceSteps(files, opts, createWorkspaceCache()), 0);
    assert.deepEqual(summary(driven), summary(whole));
    const { stops } = stepped(analyzeWorkspaceSteps(files, opts, createWorkspaceCache()));
    // It stops between files of the model build, the file findings and between rules, not only at its end.
    assert.ok(stops >= files.length / 16, `${stops} stops over ${files.length} files`);
    assert.ok([...whole.findings.values()].some((l) => l.length > 0), 'the workspace has findings to compare');
    // Scoped to one file (an open document's diagnostics), sharing a cache with a whole-model run interleaved
    // step by step, as a hover's model build runs beside a document's analysis.
    const scopes = files.filter((f) => f.objects.some((o) => /Policy$/.test(o.kind ?? ''))).slice(0, 6);
    assert.ok(scopes.length > 0);
    for (const f of scopes) {
      const scope = new Set([f.uri]);
      const alone = analyzeWorkspace(files, opts, createWorkspaceCache(), undefined, scope);
      const cache = createWorkspaceCache();
      const a = analyzeWorkspaceSteps(files, opts, cache, undefined, scope);
      const b = analyzeWorkspaceSteps(files, opts, cache, [], new Set());
      let ra = a.next();
      let rb = b.next();
      while (!ra.done || !rb.done) {
        if (!ra.done) ra = a.next();
        if (!rb.done) rb = b.next();
      }
      assert.deepEqual(summary(ra.value), summary(alone), f.uri);
      assert.deepEqual(rb.value.model.workloads, alone.model.workloads);
    }
  });

  test(`${name}: the folder's results (inline exceptions applied) are the same driven and in one go`, async () => {
    const files = await load();
    const one = workspaceResults(files, opts, createWorkspaceCache());
    const driven = await drive(workspaceResultsSteps(files, opts, createWorkspaceCache()), 0);
    assert.deepEqual([...driven.findings], [...one.findings]);
    assert.deepEqual(driven.suppressed, one.suppressed);
    assert.deepEqual(summary(finish(workspaceResultsSteps(files, opts)).analysis), summary(one.analysis));
  });
}

test('Runs: a request for the same inputs joins the running one; newer inputs supersede it (it resolves undefined)', async () => {
  const runs = new Runs<string>();
  let closed = 0;
  function* slow(tag: string): Generator<void, string, void> {
    try {
      for (let i = 0; i < 50; i++) {
        const until = Date.now() + 1;
        while (Date.now() < until);
        yield;
      }
      return tag;
    } finally {
      closed++;
    }
  }
  const inputs = [{}, {}];
  const first = runs.run('k', 'o', inputs, () => slow('first'));
  const joined = runs.run('k', 'o', [...inputs], () => slow('never'));
  assert.equal(joined, first);
  assert.equal(runs.started, 1);
  const newer = runs.run('k', 'o', [inputs[0], {}], () => slow('newer'));
  const other = runs.run('other', 'o', inputs, () => slow('other'));
  assert.deepEqual(await Promise.all([first, newer, other]), [undefined, 'newer', 'other']);
  // The superseded generator was closed, not left suspended.
  assert.equal(closed, 3);
  assert.equal(runs.started, 3);
});
