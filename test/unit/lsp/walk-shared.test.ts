// Requests that list a folder while a large open document is re-parsed in slices (a hover every few ms) share one
// model reading of the new parse: each began its own, and none found the cache filled before its last slice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildModel, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, type ParsedFile } from '../../../server/src/core/index.ts';
import { FolderWalks, type WalkHost } from '../../../server/src/lsp/walk.ts';
import { Workspace } from '../../../server/src/lsp/workspace.ts';

const opts = DEFAULT_OPTIONS;
const folder = 'file:///w';
const policy = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: a${i}}\n  policyTypes: [Ingress]\n`;

test('concurrent listings during a sliced re-parse read the new parse into the model once', async () => {
  const ws = new Workspace();
  const uri = `${folder}/big.yaml`;
  const doc = TextDocument.create(uri, 'yaml', 1, Array.from({ length: 3000 }, (_, i) => policy(i)).join('---\n'));
  (ws.documents as unknown as { _syncedDocuments: Map<string, TextDocument> })._syncedDocuments.set(uri, doc);
  const cache = createWorkspaceCache();
  // Every reading that finishes records its extract: count them per parse.
  const reads = new Map<ParsedFile, number>();
  const set = cache.model.files.set.bind(cache.model.files);
  cache.model.files.set = (file, value) => {
    reads.set(file, (reads.get(file) ?? 0) + 1);
    return set(file, value);
  };
  const host = {
    service: { documents: ws.documents, workspace: ws },
    disk: { version: 0, files: new Map() },
    workers: { start: () => undefined, adopt: () => undefined, busy: () => false },
    folderOf: (u: string) => (u.startsWith(`${folder}/`) ? folder : undefined),
    cacheFor: () => cache,
  } as unknown as WalkHost;
  const walks = new FolderWalks(host);
  await walks.inputs(folder, uri, opts);
  const at = doc.getText().indexOf('name: p1500\n') + 'name: p15'.length;
  TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'x' }], 2);
  // Five requests while the re-parse runs in slices (as hovers sent every 10 ms would).
  const lists = await Promise.all(Array.from({ length: 5 }, () => walks.inputs(folder, uri, opts)));
  const file = ws.parse(doc, opts);
  for (const list of lists) assert.deepEqual(list, [file]);
  assert.equal(reads.get(file), 1, 'one reading of the edited parse');
  // And it is the model of the new text.
  const model = buildModel([file], opts, cache.model);
  assert.equal(JSON.stringify(model.policies.map((p) => p.name)), JSON.stringify(buildModel([parseFile(uri, doc.getText(), opts)], opts).policies.map((p) => p.name)));
  assert.ok(model.policies.some((p) => p.name === 'p15x00'));
});
