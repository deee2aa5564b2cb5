// The walk keeps a small folder's closed files with their trees until its first results and lets them go after, in
// background turns (lsp/walk.ts dropLater); a folder over the tree budget lets each file's trees go in the walk.
// Either way the listed files stay the same objects, and a file opened meanwhile keeps its trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWorkspaceCache, DEFAULT_OPTIONS, hasTrees, type ParsedFile } from '../../../server/src/core/index.ts';
import { FolderWalks, type WalkHost } from '../../../server/src/lsp/walk.ts';
import { Workspace } from '../../../server/src/lsp/workspace.ts';

const opts = DEFAULT_OPTIONS;
const folder = 'file:///w';
const policy = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: a${i}}\n  policyTypes: [Ingress]\n`;

function setUp(treeBudgetChars: number) {
  const ws = new Workspace();
  const files = new Map(Array.from({ length: 3 }, (_, i) => [`${folder}/f${i}.yaml`, { folder, text: policy(i), parsed: undefined as { file: ParsedFile } | undefined }]));
  const errors: unknown[] = [];
  const host = {
    service: { documents: ws.documents, workspace: ws, logError: (_: string, e: unknown) => errors.push(e) },
    disk: { version: 0, files },
    workers: { start: () => undefined, adopt: () => undefined, busy: () => false },
    folderOf: (u: string) => (u.startsWith(`${folder}/`) ? folder : undefined),
    cacheFor: () => cache,
    treeBudgetChars,
  } as unknown as WalkHost;
  const cache = createWorkspaceCache();
  return { ws, files, walks: new FolderWalks(host), errors };
}

async function until(done: () => boolean): Promise<void> {
  for (let turns = 0; !done(); turns++) {
    assert.ok(turns < 10_000, 'never came');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('a folder within the budget: trees kept through the walk, let go after in background turns, same files', async () => {
  const { files, walks, errors } = setUp(1_000_000);
  const listed = await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  assert.equal(listed.length, 3);
  assert.equal(walks.dropCount, 0, 'nothing dropped in the walk or its turn');
  assert.ok(listed.every(hasTrees));
  await until(() => walks.dropCount === 3);
  assert.ok(!listed.some(hasTrees));
  assert.deepEqual(await walks.inputs(folder, `${folder}/f0.yaml`, opts), listed, 'the same list of the same files');
  assert.deepEqual([...files.values()].map((f) => f.parsed?.file), listed);
  assert.deepEqual(errors, []);
});

test('a folder over the budget lets each file go in the walk', async () => {
  const { walks } = setUp(10);
  const listed = await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  assert.equal(walks.dropCount, 3);
  assert.ok(!listed.some(hasTrees));
});

test('a file opened before the background pass keeps its trees', async () => {
  const { ws, files, walks } = setUp(1_000_000);
  await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  const uri = `${folder}/f1.yaml`;
  (ws.documents as unknown as { _syncedDocuments: Map<string, TextDocument> })._syncedDocuments.set(uri, TextDocument.create(uri, 'yaml', 1, policy(1)));
  await until(() => walks.dropCount === 2);
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(walks.dropCount, 2);
  assert.ok(hasTrees(files.get(uri)!.parsed!.file));
});
