// Coexistence with Red Hat YAML: YAML-level findings only in documents that declare our kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile, checkFile } from '../../../server/src/core/index.ts';
import { declaresOurKind, visibleFindings } from '../../../server/src/lsp/coexist.ts';
import type { Analysis } from '../../../server/src/lsp/workspace.ts';

function analysis(text: string): Analysis {
  const file = parseFile('file:///w/a.yaml', text, DEFAULT_OPTIONS);
  return { uri: file.uri, version: 1, file, findings: checkFile(file, DEFAULT_OPTIONS), options: DEFAULT_OPTIONS };
}

const codes = (text: string): string[] => visibleFindings(analysis(text)).map((f) => `${f.code}@${f.span.start}`);

test('declaresOurKind: block, quoted, list item and flow styles; not other kinds or mentions', () => {
  assert.equal(declaresOurKind('kind: NetworkPolicy\n'), true);
  assert.equal(declaresOurKind('kind: "NetworkPolicy"\n'), true);
  assert.equal(declaresOurKind('items:\n- kind: NetworkPolicy\n'), true);
  assert.equal(declaresOurKind('{kind: NetworkPolicy, apiVersion: networking.k8s.io/v1}'), true);
  assert.equal(declaresOurKind('kind: CiliumNetworkPolicy # x\n'), true);
  assert.equal(declaresOurKind('{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","spec":{}}\n'), true);
  assert.equal(declaresOurKind("{'kind': 'CiliumNetworkPolicy'}"), true);
  assert.equal(declaresOurKind('{"kind":"ConfigMap","data":{"x":"\\"kind\\": NetworkPolicy"}}'), false);
  assert.equal(declaresOurKind('kind: NetworkPolicyList2\n'), false);
  assert.equal(declaresOurKind('kind: ConfigMap\ndata:\n  note: "kind: NetworkPolicy, sort of"\n'), false);
  assert.equal(declaresOurKind('kind: ConfigMap\n'), false);
});

test('a duplicate key in a ConfigMap is left to other YAML tools', () => {
  assert.deepEqual(codes('apiVersion: v1\nkind: ConfigMap\ndata: {a: 1, a: 2}\n'), []);
});

test('a syntax error in a file with no document of ours is hidden', () => {
  assert.deepEqual(codes('a: [1, 2\n'), []);
});

test('in a multi-document file only the NetworkPolicy document reports its YAML errors', () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\ndata: {a: 1, a: 2}\n';
  const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, name: y}\nspec: {podSelector: {}, policyTypes: [Ingress], ingress: [{}]}\n';
  const text = `${cm}---\n${np}`;
  const second = text.lastIndexOf('name: y');
  assert.deepEqual(codes(text), [`duplicate-key@${second}`]);
  // The same error in a policy-only file is shown.
  assert.deepEqual(codes(np), [`duplicate-key@${np.lastIndexOf('name: y')}`]);
});

test('a syntax error inside a NetworkPolicy document is shown', () => {
  const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector: {matchLabels: {app: web}\n';
  assert.deepEqual(visibleFindings(analysis(text)).map((f) => f.code), ['yaml-syntax']);
});
