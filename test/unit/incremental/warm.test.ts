// The memos a first rule used to build in one go are built in steps now (selection indexes, the inverted selection,
// rule ports, the Service index, CEL programs): each stops often, stores nothing half-built (a reader between two
// stops gets the complete answer), and every sliced rule reports exactly what its one-go checkWorkspace reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildModel, DEFAULT_OPTIONS, parseFile, policiesSelecting, WORKSPACE_RULES, type Model, type ParsedFile, type WorkspaceReport } from '../../../server/src/core/index.ts';
import { warmSelectionSteps } from '../../../server/src/core/policy/warm.ts';
import { schemaForObject } from '../../../server/src/core/schema/registry.ts';
import { finish } from '../../../server/src/core/steps.ts';
import { celProgramsSteps } from '../../../server/src/core/validate/cel.ts';
import { ROOT } from './edits.ts';

const opts = DEFAULT_OPTIONS;
const generated = async (count: number): Promise<ParsedFile[]> => {
  const gen = (await import(path.join(ROOT, 'bench/generate.mjs'))) as { mixedWorkspace: (n: number) => { path: string; text: string }[] };
  return gen.mixedWorkspace(count).map((f) => parseFile(`file:///ws/${f.path}`, f.text, opts));
};

/** Runs a generator step by step, calling `between` at each stop; returns the number of stops. */
function stepThrough(steps: Generator<void, unknown, void>, between: (stop: number) => void = () => undefined): number {
  for (let stops = 0; ; stops++) {
    if (steps.next().done) return stops;
    between(stops);
  }
}

const idsOf = (model: Model): ((w: Model['workloads'][number]) => string[]) => (w) => policiesSelecting(model, w).map((p) => `${p.kind}/${p.namespace}/${p.name}`);

test('warmSelectionSteps: stops every few policies, stores the inverted selection only complete, and a reader meanwhile gets the full answer', async () => {
  const files = await generated(200);
  const model = buildModel(files, opts);
  const reference = buildModel(files, opts);
  const policies = [...reference.policyIndex.byNamespace.values()].flat().length + reference.policyIndex.clusterwide.length;
  const stops = stepThrough(warmSelectionSteps(model), () => assert.equal(model.memo?.policiesOf, undefined, 'a half-built inverted selection was stored'));
  assert.ok(stops >= policies / 4, `${stops} stops over ${policies} policies`);
  const after = model.workloads.map(idsOf(model));
  assert.deepEqual(after, reference.workloads.map(idsOf(reference)));
  assert.ok(after.some((l) => l.length > 1), 'workloads selected by several policies');

  // A hover-like reader between two stops builds (or reads) the whole map; the warm-up then keeps that one.
  const other = buildModel(files, opts);
  const warm = warmSelectionSteps(other);
  for (let i = 0; i < 10; i++) warm.next();
  const mid = other.workloads.map(idsOf(other));
  assert.deepEqual(mid, after);
  const built = other.memo?.policiesOf;
  assert.ok(built);
  finish(warm);
  assert.equal(other.memo?.policiesOf, built);
});

test('celProgramsSteps: one stop per CEL rule not compiled yet, none the second time', async () => {
  const files = await generated(8);
  const gateway = files.flatMap((f) => f.objects).find((o) => o.kind === 'Gateway');
  const schema = gateway && schemaForObject(gateway);
  assert.ok(schema, 'the generated workspace has a Gateway with a schema');
  const first = stepThrough(celProgramsSteps(schema));
  assert.ok(first >= 5, `${first} stops`);
  assert.equal(stepThrough(celProgramsSteps(schema)), 0);
});

test('every sliced workspace rule reports what its one-go checkWorkspace reports, in order, and stops while judging', async () => {
  const files = await generated(200);
  const byUri = new Map(files.map((f) => [f.uri, f]));
  const sliced = WORKSPACE_RULES.filter((r) => r.checkWorkspaceSteps);
  assert.deepEqual(sliced.map((r) => r.code).sort(), ['dns-tcp-blocked', 'gateway-traffic-blocked', 'missing-dns-egress', 'peer-selects-nothing', 'policy-selects-nothing', 'port-not-exposed', 'unknown-named-port']);
  for (const rule of sliced) {
    const run = (steps: boolean): { reports: WorkspaceReport[]; stops: number } => {
      // A fresh model each time: the one-go run builds every memo inside the rule, the sliced one in its steps.
      const model = buildModel(files, opts);
      const reports: WorkspaceReport[] = [];
      const ctx = { options: opts, model, files: byUri, fixesIn: () => true, report: (r: WorkspaceReport) => void reports.push(r) };
      if (!steps) {
        rule.checkWorkspace(model, byUri, ctx);
        return { reports, stops: 0 };
      }
      return { reports, stops: stepThrough(rule.checkWorkspaceSteps!(model, byUri, ctx)) };
    };
    const one = run(false);
    const driven = run(true);
    assert.deepEqual(driven.reports, one.reports, rule.code);
    assert.ok(driven.stops >= 10, `${rule.code}: ${driven.stops} stops`);
  }
  // The generated workspace gives the sliced rules something to report (the comparison is not vacuous).
  const model = buildModel(files, opts);
  const reports: WorkspaceReport[] = [];
  for (const rule of sliced) rule.checkWorkspace(model, byUri, { options: opts, model, files: byUri, fixesIn: () => true, report: (r) => void reports.push(r) });
  assert.ok(reports.length > 0);
});
