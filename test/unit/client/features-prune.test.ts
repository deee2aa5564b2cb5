// The start-up bundle's language client registers only the features NetLens's server uses
// (scripts/client-features-prune.mjs): every capability the server announces has its client feature kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ClientCapabilities, ServerCapabilities } from 'vscode-languageserver';
import { FEATURES } from '../../../server/src/lsp/features/index.ts';
import { mergeCapabilities } from '../../../server/src/lsp/server.ts';

const ROOT = path.resolve(__dirname, '../../..');
type Prune = { KEPT_FEATURES: Record<string, string>; pruneFeatures(source: string): { code: string; dropped: string[] } };
const load = async (): Promise<Prune> => (await import(path.join(ROOT, 'scripts/client-features-prune.mjs'))) as Prune;
const CLIENT_JS = path.join(ROOT, 'node_modules/vscode-languageclient/lib/common/client.js');

/** Which vscode-languageclient module serves each server capability (the LSP's ServerCapabilities, as of 3.17). */
const FEATURE_OF: Record<string, string> = {
  textDocumentSync: 'textSynchronization',
  notebookDocumentSync: 'notebook',
  completionProvider: 'completion',
  hoverProvider: 'hover',
  signatureHelpProvider: 'signatureHelp',
  declarationProvider: 'declaration',
  definitionProvider: 'definition',
  typeDefinitionProvider: 'typeDefinition',
  implementationProvider: 'implementation',
  referencesProvider: 'reference',
  documentHighlightProvider: 'documentHighlight',
  documentSymbolProvider: 'documentSymbol',
  codeActionProvider: 'codeAction',
  codeLensProvider: 'codeLens',
  documentLinkProvider: 'documentLink',
  colorProvider: 'colorProvider',
  workspaceSymbolProvider: 'workspaceSymbol',
  documentFormattingProvider: 'formatting',
  documentRangeFormattingProvider: 'formatting',
  documentOnTypeFormattingProvider: 'formatting',
  renameProvider: 'rename',
  foldingRangeProvider: 'foldingRange',
  selectionRangeProvider: 'selectionRange',
  executeCommandProvider: 'executeCommand',
  callHierarchyProvider: 'callHierarchy',
  linkedEditingRangeProvider: 'linkedEditingRange',
  semanticTokensProvider: 'semanticTokens',
  monikerProvider: 'moniker',
  typeHierarchyProvider: 'typeHierarchy',
  inlineValueProvider: 'inlineValue',
  inlayHintProvider: 'inlayHint',
  diagnosticProvider: 'diagnostic',
  'workspace.workspaceFolders': 'workspaceFolder',
  'workspace.fileOperations': 'fileOperations',
};

/** What the server answers a client that supports everything it asks about. */
function serverCapabilities(): ServerCapabilities {
  const client: ClientCapabilities = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true, workspaceFolders: true } };
  let caps: ServerCapabilities = { textDocumentSync: 1 };
  for (const f of FEATURES) if (f.capabilities) caps = mergeCapabilities(caps, f.capabilities(client));
  return caps;
}

test("every capability the server announces has its client feature in the start-up bundle's language client", async () => {
  const { KEPT_FEATURES } = await load();
  const caps = serverCapabilities() as Record<string, unknown>;
  const keys = Object.keys(caps).flatMap((k) => (k === 'workspace' ? Object.keys(caps.workspace as object).map((w) => `workspace.${w}`) : [k]));
  // The server's own capabilities as of this test: a new one must be looked at here.
  assert.deepEqual(keys.sort(), ['codeActionProvider', 'completionProvider', 'diagnosticProvider', 'hoverProvider', 'textDocumentSync', 'workspace.workspaceFolders']);
  for (const k of keys) {
    const feature = FEATURE_OF[k];
    assert.ok(feature, `no client feature known for the server capability ${k}`);
    assert.ok(feature in KEPT_FEATURES, `the server announces ${k}; client-features-prune.mjs must keep ${feature}`);
  }
});

test("the pruned client registers the kept features only and requires no dropped module", async () => {
  const { KEPT_FEATURES, pruneFeatures } = await load();
  const source = fs.readFileSync(CLIENT_JS, 'utf8');
  const { code, dropped } = pruneFeatures(source);
  assert.ok(dropped.length >= 20, `dropped ${dropped.length} features`);
  for (const m of ['rename', 'semanticTokens', 'fileOperations', 'inlayHint', 'formatting']) assert.ok(dropped.includes(m), `${m} is dropped`);
  const registered = new Set([...code.matchAll(/new (\w+)_1\.\w+Feature\(this/g)].map((m) => m[1]));
  assert.deepEqual([...registered].sort(), Object.keys(KEPT_FEATURES).sort());
  for (const m of dropped) {
    assert.ok(!code.includes(`require("./${m}")`), `${m} is not required`);
    assert.ok(source.includes(`require("./${m}")`), `${m} was required before`);
  }
  // Nothing else changed: the text outside the removed lines is the library's.
  const removed = source.split('\n').filter((l) => !code.split('\n').includes(l));
  assert.ok(removed.every((l) => /^(const \w+_1 = require\("\.\/\w+"\);|\s+this\.registerFeature\(new \w+_1\.\w+\(this\)\);)$/.test(l)), removed.join('\n'));
});

test('a library text it does not expect fails the build instead of shipping a client without a feature', async () => {
  const { pruneFeatures } = await load();
  const source = fs.readFileSync(CLIENT_JS, 'utf8');
  assert.throws(() => pruneFeatures(source.replace('registerBuiltinFeatures() {', 'registerFeatures() {')), /registerBuiltinFeatures\(\) not found/);
  assert.throws(() => pruneFeatures(source.replace('this.registerFeature(new hover_1.HoverFeature(this));', '')), /no longer registers hover/);
  assert.throws(() => pruneFeatures(source.replace('const rename_1 = require("./rename");', 'const rename_1 = require("./rename.js");')), /no `const rename_1 = require\("\.\/rename"\);`/);
  assert.throws(() => pruneFeatures(`${source}\nrename_1.RenameFeature;`), /still uses rename_1/);
});

test('the notebook stand-in is the feature the client and its pull diagnostics ask for, and synchronises nothing', async () => {
  const { NotebookDocumentSyncFeature } = await import('../../../client/src/notebookStub.ts');
  const f = new NotebookDocumentSyncFeature();
  assert.equal(NotebookDocumentSyncFeature.CellScheme, 'vscode-notebook-cell');
  // What vscode-languageclient's DynamicFeature.is asks of a feature before it keeps it under its method.
  for (const m of ['fillClientCapabilities', 'initialize', 'getState', 'clear', 'register', 'unregister'] as const) assert.equal(typeof f[m], 'function', m);
  assert.equal(f.registrationType.method, 'notebookDocument/sync');
  const caps = {};
  f.fillClientCapabilities(caps);
  assert.deepEqual(caps, {}, 'announces no notebook synchronisation');
  assert.deepEqual(f.getState(), { kind: 'document', id: 'notebookDocument/sync', registrations: false, matches: false });
  assert.equal(f.handles({ uri: { scheme: 'vscode-notebook-cell' } } as never), false);
  const disposables: { dispose(): void }[] = [];
  for (const event of [f.onOpenNotificationSent, f.onChangeNotificationSent, f.onCloseNotificationSent, f.onSaveNotificationSent]) {
    const d = event(() => assert.fail('never fires'), undefined, disposables);
    assert.equal(typeof d.dispose, 'function');
  }
  assert.equal(disposables.length, 4, 'each subscription joins the disposables it is given');
});
