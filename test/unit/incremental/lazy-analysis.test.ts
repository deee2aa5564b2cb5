// The analysis a neutral edit moves (lsp/remap.ts lazyAnalysis): its model is built on first read only, once, and it
// has `rules` only when the moved analysis had a record (readers test for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lazyAnalysis } from '../../../server/src/lsp/remap.ts';
import type { Model, RuleRecord } from '../../../server/src/core/index.ts';

test('lazyAnalysis builds its model on first read, once, and has `rules` only when given', () => {
  let builds = 0;
  const model = { workloads: [] } as unknown as Model;
  const findings = new Map([['file:///a.yaml', []]]);
  const a = lazyAnalysis(findings, [], () => {
    builds++;
    return model;
  });
  assert.equal('rules' in a, false);
  assert.equal(a.findings, findings);
  assert.equal(builds, 0);
  assert.equal(a.model, model);
  assert.equal(a.model, model);
  assert.equal(builds, 1);
  const rules = { byRule: new Map() } as unknown as RuleRecord;
  const b = lazyAnalysis(findings, [], () => model, rules);
  assert.equal('rules' in b, true);
  assert.equal(b.rules, rules);
  assert.equal(b.findings, findings);
});
