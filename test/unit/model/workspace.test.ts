// analyzeWorkspace: per-file findings, workspace rules reporting on any file, severities, the adapter's cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, WORKSPACE_RULES, type WorkspaceRule } from '../../../server/src/core/index.ts';

const opts = DEFAULT_OPTIONS;
const files = [
  parseFile('file:///a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n', opts),
  parseFile('file:///b.yaml', 'a: [1\n', opts),
];
const countPods: WorkspaceRule = {
  code: 'test-count',
  defaultSeverity: 'hint',
  description: 'test',
  checkWorkspace(model, byUri, ctx) {
    const pod = model.workloads.find((w) => w.kind === 'Pod');
    if (pod && pod.origin.kind === 'file' && byUri.has(pod.origin.uri)) ctx.report({ uri: pod.origin.uri, span: pod.origin.span, message: `${model.workloads.length} workloads` });
  },
};

test('registered workspace rules have unique codes; file findings and workspace findings land per uri', () => {
  assert.equal(new Set(WORKSPACE_RULES.map((r) => r.code)).size, WORKSPACE_RULES.length);
  const r = analyzeWorkspace(files, opts, undefined, [countPods]);
  assert.deepEqual(r.findings.get('file:///a.yaml')?.map((f) => [f.code, f.severity, f.message]), [['test-count', 'hint', '2 workloads']]);
  assert.deepEqual(r.findings.get('file:///b.yaml')?.map((f) => f.code), ['yaml-syntax']);
  const off = analyzeWorkspace(files, { ...opts, rules: { 'test-count': 'off' } }, undefined, [countPods]);
  assert.deepEqual(off.findings.get('file:///a.yaml'), []);
});

test('a cache reuses per-file work but never leaks workspace findings between runs', () => {
  const cache = createWorkspaceCache();
  const r1 = analyzeWorkspace(files, opts, cache, [countPods]);
  const r2 = analyzeWorkspace(files, opts, cache, [countPods]);
  assert.deepEqual(r2.findings, r1.findings);
  assert.equal(r2.findings.get('file:///a.yaml')?.length, 1);
});

test('a throwing workspace rule does not take the other findings down', () => {
  const boom: WorkspaceRule = { code: 'boom', defaultSeverity: 'error', description: 'x', checkWorkspace: () => { throw new Error('bug'); } };
  const r = analyzeWorkspace(files, opts, undefined, [boom]);
  assert.deepEqual(r.findings.get('file:///b.yaml')?.map((f) => f.code), ['yaml-syntax']);
});
