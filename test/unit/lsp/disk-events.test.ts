// Watched-file events handled while earlier ones still read: a read keeps its text only when no later event named
// its path or a folder above it (each batch of events is its own notification, and their handlers overlap).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_OPTIONS } from '../../../server/src/core/index.ts';
import { DiskTable } from '../../../server/src/lsp/diskTable.ts';
import type { Service } from '../../../server/src/lsp/service.ts';

let dir: string;
let folder: string;
const uriOf = (rel: string): string => pathToFileURL(path.join(dir, rel)).href;
const write = (rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

/** A table over `dir` with the default settings (the only service parts it reads). */
function table(): DiskTable {
  const service = { settings: { get: async () => DEFAULT_OPTIONS, section: async () => undefined } } as unknown as Service;
  const t = new DiskTable(service);
  t.setFolders([folder]);
  return t;
}

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-disk-events-')));
  folder = pathToFileURL(dir).href;
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a folder deleted while a file below it is read: the file stays out', async () => {
  const t = table();
  write('large/big.yaml', 'kind: ConfigMap\n');
  // The change is handled first and reads; the deletion of its folder comes while it reads.
  const [read, deleted] = await Promise.all([t.fileChanged(uriOf('large/big.yaml'), false), t.fileChanged(uriOf('large'), true)]);
  assert.equal(read, false);
  assert.equal(deleted, false);
  assert.deepEqual([...t.files.keys()], []);
  // Afterwards a change reads it again (no event pending: nothing is held back).
  assert.equal(await t.fileChanged(uriOf('large/big.yaml'), false), true);
  assert.deepEqual([...t.files.keys()], [uriOf('large/big.yaml')]);
});

test('a file deleted while it is read stays out; one beside it is read', async () => {
  const t = table();
  write('a/one.yaml', 'kind: ConfigMap\n');
  write('a/two.yaml', 'kind: Secret\n');
  await Promise.all([t.fileChanged(uriOf('a/one.yaml'), false), t.fileChanged(uriOf('a/two.yaml'), false), t.fileChanged(uriOf('a/one.yaml'), true)]);
  assert.deepEqual([...t.files.keys()], [uriOf('a/two.yaml')]);
});

test("two reads of one file: the later event's read is the one kept", async () => {
  const t = table();
  write('b/cm.yaml', 'kind: ConfigMap\n');
  const first = t.fileChanged(uriOf('b/cm.yaml'), false);
  write('b/cm.yaml', 'kind: Secret\n');
  const second = t.fileChanged(uriOf('b/cm.yaml'), false);
  assert.deepEqual(await Promise.all([first, second]), [false, true]);
  assert.equal(t.files.get(uriOf('b/cm.yaml'))?.text, 'kind: Secret\n');
});
