// Quick fixes over the protocol: a finding's fixes come back as versioned code actions that really fix it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, type CodeAction, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-protocol/node';
import { RULES_BY_CODE } from '../../server/src/core/index.ts';
import { Harness } from './harness.ts';

const POLICY = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: to-backends',
  'spec:',
  '  podSelector: {}',
  '  policyTypes: [Egress]',
  '  egress:',
  '  - to:',
  '    - ipBlock:',
  '        cidr: 10.0.0.1/8  # a comment stays',
  '',
].join('\n');

// The rule with a fix is written by another engineer; until it is registered this test is reported skipped.
const hasRule = RULES_BY_CODE.has('cidr-host-bits');

let h: Harness;
before(async () => {
  h = await Harness.start();
});
after(async () => {
  await h.stop();
});

test('cidr-host-bits: code action round-trip, applied edit clears the diagnostic', { skip: !hasRule && 'cidr-host-bits is not registered yet' }, async () => {
  const uri = 'file:///ws/ca/policy.yaml';
  await h.open(uri, POLICY, 1);
  const pub = await h.nextPublish(uri, (p) => p.version === 1);
  const diag = pub.diagnostics.find((d) => d.code === 'cidr-host-bits');
  assert.ok(diag, `a cidr-host-bits diagnostic among ${JSON.stringify(pub.diagnostics.map((d) => d.code))}`);
  assert.deepEqual(diag.range, { start: { line: 10, character: 14 }, end: { line: 10, character: 24 } });
  assert.ok(diag.data, 'fix-carrying diagnostics carry data');

  const actions = (await h.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diag.range,
    context: { diagnostics: [diag], only: ['quickfix'] },
  })) as CodeAction[];
  assert.ok(actions.length >= 1);
  const preferred = actions.find((a) => a.isPreferred);
  assert.ok(preferred);
  assert.equal(preferred.kind, 'quickfix');
  assert.deepEqual(preferred.diagnostics, [diag]);
  const change = preferred.edit?.documentChanges?.[0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri, version: 1 });

  const doc = TextDocument.create(uri, 'yaml', 1, POLICY);
  const fixed = TextDocument.applyEdits(doc, change.edits as TextEdit[]);
  assert.equal(fixed, POLICY.replace('10.0.0.1/8', '10.0.0.0/8'));

  const mark = h.publishes.length;
  await h.replace(uri, 2, fixed);
  const after = await h.nextPublish(uri, (p) => p.version === 2, mark);
  assert.deepEqual(after.diagnostics.filter((d) => d.code === 'cidr-host-bits'), []);

  // Other kinds requested: no quick fixes.
  assert.deepEqual(await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['refactor'] } }), []);
  await h.close(uri);
});

test('cilium-combined-selectors over the protocol: the split fix comes back as a code action that clears it', async () => {
  const uri = 'file:///ws/ca/cnp.yaml';
  const text = [
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    'metadata: {name: web, namespace: shop}',
    'spec:',
    '  endpointSelector: {}',
    '  egress:',
    '  - toEntities: [world]',
    '    toCIDR: [10.0.0.0/8]',
    '',
  ].join('\n');
  await h.open(uri, text, 1);
  const pub = await h.nextPublish(uri, (p) => p.version === 1);
  const diag = pub.diagnostics.find((d) => d.code === 'cilium-combined-selectors');
  assert.ok(diag, JSON.stringify(pub.diagnostics.map((d) => d.code)));
  assert.deepEqual(diag.range, { start: { line: 7, character: 4 }, end: { line: 7, character: 10 } });
  const actions = (await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] } })) as CodeAction[];
  const split = actions.find((a) => a.title === 'Split into 2 rules, one per peer kind');
  assert.ok(split, JSON.stringify(actions.map((a) => a.title)));
  const change = split.edit?.documentChanges?.[0] as TextDocumentEdit;
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), change.edits as TextEdit[]);
  assert.equal(fixed, text.replace('  - toEntities: [world]\n    toCIDR: [10.0.0.0/8]\n', '  - toEntities: [world]\n  - toCIDR: [10.0.0.0/8]\n'));
});
