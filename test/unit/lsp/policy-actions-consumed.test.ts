// policyActions (the code actions that need the workspace model) answers nothing when an edit consumed the
// document's parse while it awaited the findings: the parse's later documents have moved by the edit, and actions
// built from them would carry ranges off by its length. Over the same parse left alone it offers its actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeActionParams } from 'vscode-languageserver';
import { analyzeWorkspace, consumed, DEFAULT_OPTIONS, parseFile, reparseFile, type Finding } from '../../../server/src/core/index.ts';
import { policyActions } from '../../../server/src/lsp/features/policyActions.ts';
import type { Service } from '../../../server/src/lsp/service.ts';

const uri = 'file:///w/policies.yaml';
const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
`;

/** A service whose findings arrive after `during` ran (an edit landing while the request awaits them). */
function fakeService(during: () => void): { service: Service; analysis: Parameters<typeof policyActions>[1] } {
  const file = parseFile(uri, text, DEFAULT_OPTIONS);
  const folder = analyzeWorkspace([file], DEFAULT_OPTIONS);
  const analysis = { uri, version: 1, file, findings: folder.findings.get(uri) ?? [], options: DEFAULT_OPTIONS };
  const service = {
    index: { ready: true, analysisFor: async () => ({ files: new Map([[uri, file]]), analysis: folder, options: DEFAULT_OPTIONS }) },
    findings: async (): Promise<Finding[]> => {
      await new Promise((resolve) => setImmediate(resolve));
      during();
      return analysis.findings;
    },
    documents: { get: () => undefined },
    clientCapabilities: {},
  } as unknown as Service;
  return { service, analysis };
}

// The NetworkPolicy's podSelector line, with one diagnostic there so that the request awaits the findings.
const at = { start: { line: 13, character: 2 }, end: { line: 13, character: 40 } };
const params = { textDocument: { uri }, range: at, context: { diagnostics: [{ range: at, message: 'x' }] } } as CodeActionParams;

test('policyActions over a parse left alone offers the model actions', async () => {
  const { service, analysis } = fakeService(() => undefined);
  const titles = (await policyActions(params, analysis, service)).map((a) => a.title);
  assert.ok(titles.some((t) => /default-deny/i.test(t)), titles.join(' | '));
});

test('policyActions answers nothing once an edit consumed the parse while it awaited the findings', async () => {
  let edited = false;
  const { service, analysis } = fakeService(() => {
    reparseFile(analysis.file, uri, text.replace('name: api, namespace', 'name: api-v2, namespace'), DEFAULT_OPTIONS);
    edited = true;
  });
  const actions = await policyActions(params, analysis, service);
  assert.equal(edited, true);
  assert.equal(consumed(analysis.file), true);
  assert.deepEqual(actions, []);
});
