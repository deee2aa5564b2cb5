// The walk lets each closed file's trees go as it reads it (lsp/walk.ts, core/offload.ts dropOwnTrees): the listed
// files are the ones the disk table holds, without trees, with their findings kept; a folder a kustomize build reads
// keeps them, and a file the table held already is kept without trees from what is cached under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkspaceCache, DEFAULT_OPTIONS, fileFindings, hasTrees, isDroppable, lazyStats, parseFile, type ParsedFile } from '../../../server/src/core/index.ts';
import { cachedRawFindings } from '../../../server/src/core/file-findings.ts';
import { FolderWalks, type WalkHost } from '../../../server/src/lsp/walk.ts';
import { Workspace } from '../../../server/src/lsp/workspace.ts';

const opts = DEFAULT_OPTIONS;
const folder = 'file:///w';
const policy = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: a${i}}\n  policyTypes: [Ingress]\n`;

function setUp() {
  const ws = new Workspace();
  const files = new Map(Array.from({ length: 3 }, (_, i) => [`${folder}/f${i}.yaml`, { folder, text: policy(i), parsed: undefined as { maxFileSize: number; file: ParsedFile } | undefined }]));
  const disk = { version: 0, files };
  const errors: unknown[] = [];
  const cache = createWorkspaceCache();
  const host = {
    service: { documents: ws.documents, workspace: ws, logError: (_: string, e: unknown) => errors.push(e) },
    disk,
    workers: { start: () => undefined, adopt: () => undefined, busy: () => false },
    folderOf: (u: string) => (u.startsWith(`${folder}/`) ? folder : undefined),
    cacheFor: () => cache,
  } as unknown as WalkHost;
  return { files, disk, walks: new FolderWalks(host), errors, cache };
}

test('each closed file lets its trees go in the walk; the list holds the table\'s files, their findings kept', async () => {
  const { files, walks, errors, cache } = setUp();
  const parsed = lazyStats.parsed;
  const listed = await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  assert.equal(listed.length, 3);
  assert.equal(walks.dropCount, 3);
  assert.ok(listed.every((f) => isDroppable(f) && !hasTrees(f)));
  assert.ok([...files.values()].every((f, i) => f.parsed?.file === listed[i]), 'the files the table holds');
  assert.ok(listed.every((f) => cachedRawFindings(f, opts, cache)), 'their file rules ran before the trees went');
  assert.equal(await walks.inputs(folder, `${folder}/f0.yaml`, opts), listed, 'the same list next time');
  assert.equal(lazyStats.parsed, parsed, 'no tree read again');
  assert.deepEqual(errors, []);
});

test('a folder a kustomize build reads keeps its trees, and gets them back in the walk after they went', async () => {
  const { files, disk, walks } = setUp();
  await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  files.set(`${folder}/kustomization.yaml`, { folder, text: 'resources: [f0.yaml, f1.yaml, f2.yaml]\n', parsed: undefined });
  disk.version++;
  const parsed = lazyStats.parsed;
  const listed = await walks.inputs(folder, `${folder}/f0.yaml`, opts);
  assert.equal(listed.length, 4);
  assert.ok(listed.every(hasTrees), 'the files a kustomize build reads have their trees');
  assert.equal(lazyStats.parsed, parsed, 'parsed again by the walk, not by a reader in one go');
  assert.equal(walks.dropCount, 3);
});

test('an older parse with its trees (handed back by a closed document) is kept without them from what is cached', async () => {
  const { files, walks, cache } = setUp();
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
  assert.equal(walks.dropCount, 2, 'the other two went in place');
});
