// The document cache: parse once per version, re-check (not re-parse) when the settings change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_OPTIONS, optionsFromRaw } from '../../../server/src/core/index.ts';
import { isYamlDocument, Workspace } from '../../../server/src/lsp/workspace.ts';

const TEXT = 'apiVersion: v1\nkind: A\nkind: B\n';

test('same version: parsed once; new Options: findings recomputed without re-parsing; new version: re-parsed', () => {
  const ws = new Workspace();
  const doc = TextDocument.create('file:///w/a.yaml', 'yaml', 1, TEXT);
  const a1 = ws.analyze(doc, DEFAULT_OPTIONS);
  const a2 = ws.analyze(doc, DEFAULT_OPTIONS);
  assert.equal(ws.parseCount, 1);
  assert.equal(a2.file, a1.file);
  assert.equal(a2.findings, a1.findings);
  assert.deepEqual(a1.findings.map((f) => [f.code, f.severity]), [['duplicate-key', 'error']]);

  const warn = optionsFromRaw({ rules: { 'duplicate-key': 'warning' } });
  const a3 = ws.analyze(doc, warn);
  assert.equal(ws.parseCount, 1, 'a settings change does not re-parse');
  assert.deepEqual(a3.findings.map((f) => f.severity), ['warning']);

  TextDocument.update(doc, [{ text: 'apiVersion: v1\nkind: A\n' }], 2);
  const a4 = ws.analyze(doc, warn);
  assert.equal(ws.parseCount, 2);
  assert.equal(a4.version, 2);
  assert.deepEqual(a4.findings, []);

  ws.forget(doc.uri);
  ws.analyze(doc, warn);
  assert.equal(ws.parseCount, 3);
});

test('isYamlDocument: by language id or file name', () => {
  assert.equal(isYamlDocument({ uri: 'untitled:Untitled-1', languageId: 'yaml' }), true);
  assert.equal(isYamlDocument({ uri: 'file:///w/a.YML', languageId: 'plaintext' }), true);
  assert.equal(isYamlDocument({ uri: 'file:///w/a.yaml?x=1', languageId: 'plaintext' }), true);
  assert.equal(isYamlDocument({ uri: 'file:///w/a.json', languageId: 'json' }), false);
});

test('slicing: true while a large document is parsed in slices, for the documents asked about only', async () => {
  const ws = new Workspace();
  const policy = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}, namespace: shop}\nspec:\n  podSelector: {}\n`;
  const uri = 'file:///w/big.yaml';
  const doc = TextDocument.create(uri, 'yaml', 1, Array.from({ length: 2000 }, (_, i) => policy(i)).join('---\n'));
  assert.equal(ws.slicing(() => true), false);
  const done = ws.prepare(doc, DEFAULT_OPTIONS);
  assert.equal(ws.slicing((u) => u === uri), true);
  assert.equal(ws.slicing((u) => u.startsWith('file:///other/')), false);
  assert.equal(await done, true, 'read in slices');
  assert.equal(ws.slicing(() => true), false);
});
