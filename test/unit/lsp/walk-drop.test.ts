// The walk keeps a small folder's closed files with their trees until its first results and lets them go after, in
// background turns (lsp/walk.ts dropLater); a folder over the tree budget lets each file's trees go in the walk.
// Either way the listed files stay the same objects, and a file opened meanwhile keeps its trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWorkspaceCache, DEFAULT_OPTIONS, fileFindings, hasTrees, isDroppable, lazyStats, parseFile, type ParsedFile } from '../../../server/src/core/index.ts';
import { cachedRawFindings } from '../../../server/src/core/file-findings.ts';
import { FolderWalks, type WalkHost } from '../../../server/src/lsp/walk.ts';
import { Workspace } from '../../../server/src/lsp/workspace.ts';

const opts = DEFAULT_OPTIONS;
const folder = 'file:///w';
const policy = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: a${i}}\n  policyTypes: [Ingress]\n`;

function setUp(treeBudgetChars: number, count = 3) {
  const ws = new Workspace();
  const files = new Map(Array.from({ length: count }, (_, i) => [`${folder}/f${i}.yaml`, { folder, text: policy(i), parsed: undefined as { maxFileSize: number; file: ParsedFile } | undefined }]));
  const disk = { version: 0, files };
  const errors: unknown[] = [];
  const host = {
    service: { documents: ws.documents, workspace: ws, logError: (_: string, e: unknown) => errors.push(e) },
    disk,
    workers: { start: () => undefined, adopt: () => undefined, busy: () => false },
    folderOf: (u: string) => (u.startsWith(`${folder}/`) ? folder : undefined),
    cacheFor: () => cache,
    treeBudgetChars,
  } as unknown as WalkHost;
  const cache = createWorkspaceCache();
  return { ws, files, disk, walks: new FolderWalks(host), errors, cache };
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
  const again = await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  assert.equal(again, listed, 'the same list');
  assert.ok([...files.values()].every((f, i) => f.parsed?.file === listed[i]), 'of the same files');
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

const openDoc = (ws: Workspace, doc: TextDocument): void => void (ws.documents as unknown as { _syncedDocuments: Map<string, TextDocument> })._syncedDocuments.set(doc.uri, doc);

test('a walk that keeps the trees (a kustomization appeared) stops the pass of the walk before', async () => {
  const { files, disk, walks } = setUp(1_000_000);
  await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  files.set(`${folder}/kustomization.yaml`, { folder, text: 'resources: [f0.yaml, f1.yaml, f2.yaml]\n', parsed: undefined });
  disk.version++;
  const listed = await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(walks.dropCount, 0);
  assert.ok(listed.every(hasTrees), 'the files a kustomize build reads keep their trees');
});

test('typing in an open document under new severities lists the folder without a walk: the pass goes on', async () => {
  const { ws, walks } = setUp(1_000_000);
  const doc = TextDocument.create(`${folder}/open.yaml`, 'yaml', 1, policy(9));
  openDoc(ws, doc);
  await walks.inputs(folder, doc.uri, opts);
  TextDocument.update(doc, [{ range: { start: doc.positionAt(0), end: doc.positionAt(0) }, text: '# x\n' }], 2);
  const severities = { ...opts, rules: { ...opts.rules, 'missing-default-deny': 'error' as const } };
  await walks.inputs(folder, doc.uri, severities);
  await until(() => walks.dropCount === 3);
});

test('an older parse with its trees (handed back by a closed document) is kept without them from what is cached', async () => {
  const { files, walks, cache } = setUp(1_000_000);
  const uri = `${folder}/f1.yaml`;
  const old = parseFile(uri, policy(1), opts);
  fileFindings(old, opts, cache);
  files.get(uri)!.parsed = { maxFileSize: opts.maxFileSize, file: old };
  const parsed = lazyStats.parsed;
  const listed = await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  const kept = listed.find((f) => f.uri === uri)!;
  assert.notEqual(kept, old);
  assert.ok(isDroppable(kept) && !hasTrees(kept), 'kept without its trees');
  assert.equal(cachedRawFindings(kept, opts, cache), cachedRawFindings(old, opts, cache), 'its findings taken over, not computed again');
  assert.equal(lazyStats.parsed, parsed);
});
