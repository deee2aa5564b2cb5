// The coverage report never contradicts itself: a namespace marked "no policies" always comes with a gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, coverageOf, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';

test('an empty namespace without policies is "no policies" and a gap, never "No gaps found"', () => {
  const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
  const m = buildModel([parseFile('file:///r/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n', opts)], opts);
  const c = coverageOf(m);
  assert.deepEqual(c.namespaces.map((n) => [n.namespace, n.status]), [['empty', 'no policies']]);
  assert.deepEqual(c.gaps.map((g) => [g.namespace, g.kind, g.priority, g.problem]), [
    ['empty', 'no-policies', 'medium', 'No NetworkPolicy and no workloads here yet: a workload added to this namespace would start open.'],
  ]);
});
