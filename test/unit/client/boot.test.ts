// The extension entry (dist/client.js, from client/src/boot.ts) loads the client bundle through V8's code cache:
// compiled and cached on the first activation, read from the cache later, a new cache for a changed bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ENTRY = path.resolve(__dirname, '../../../dist/client.js');

/** An extension folder: the built entry and a stand-in client bundle that says which context it was given. */
function extensionDir(bundle = 'exports.activate = (ctx) => ({ activated: ctx.id * 1 }); exports.deactivate = () => undefined;'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-boot-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.copyFileSync(ENTRY, path.join(dir, 'dist', 'client.js'));
  fs.writeFileSync(path.join(dir, 'dist', 'client-main.js'), bundle);
  return dir;
}

/** Activates in a fresh Node process (as each VS Code start does); how the bundle loaded and what activate() gave. */
function activate(dir: string, storage: { scheme: string; fsPath: string } | undefined): { codeCache: string; result: unknown } {
  const code = `const ext = require(${JSON.stringify(path.join(dir, 'dist', 'client.js'))});
const result = ext.activate({ id: 7, ${storage ? `globalStorageUri: ${JSON.stringify(storage)}` : ''} });
process.stdout.write(JSON.stringify({ codeCache: ext.codeCache(), result }));`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { codeCache: string; result: unknown };
}

const caches = (storage: string): string[] => (fs.existsSync(storage) ? fs.readdirSync(storage).sort() : []);

test('first activation compiles and writes the cache; the next reads it; the bundle runs with its context', () => {
  const dir = extensionDir();
  const storage = path.join(dir, 'global-storage');
  const first = activate(dir, { scheme: 'file', fsPath: storage });
  assert.deepEqual(first, { codeCache: 'compiled', result: { activated: 7 } });
  assert.equal(caches(storage).length, 1);
  assert.match(caches(storage)[0]!, /^client-[0-9a-f]{16}\.v8cache$/);
  assert.deepEqual(activate(dir, { scheme: 'file', fsPath: storage }), { codeCache: 'cached', result: { activated: 7 } });
});

test('a changed bundle of the same length never reads the old cache: a new one replaces it', () => {
  const dir = extensionDir();
  const storage = path.join(dir, 'global-storage');
  activate(dir, { scheme: 'file', fsPath: storage });
  const before = caches(storage);
  // Same length, other code (V8 itself would accept the old cache: it checks the source length only).
  const main = path.join(dir, 'dist', 'client-main.js');
  const changed = fs.readFileSync(main, 'utf8').replace('ctx.id * 1', 'ctx.id + 1');
  assert.equal(changed.length, fs.statSync(main).size);
  fs.writeFileSync(main, changed);
  assert.deepEqual(activate(dir, { scheme: 'file', fsPath: storage }), { codeCache: 'compiled', result: { activated: 8 } });
  const after = caches(storage);
  assert.equal(after.length, 1);
  assert.notDeepEqual(after, before);
});

test('no file-system storage (a remote or virtual one) or an unwritable one: a plain require, nothing written', () => {
  const dir = extensionDir();
  assert.deepEqual(activate(dir, undefined), { codeCache: 'require', result: { activated: 7 } });
  assert.deepEqual(activate(dir, { scheme: 'vscode-userdata', fsPath: path.join(dir, 's') }), { codeCache: 'require', result: { activated: 7 } });
  assert.equal(fs.existsSync(path.join(dir, 's')), false);
  const blocked = path.join(dir, 'file-not-folder');
  fs.writeFileSync(blocked, '');
  assert.deepEqual(activate(dir, { scheme: 'file', fsPath: blocked }), { codeCache: 'compiled', result: { activated: 7 } });
});

test("a production bundle's build key names its cache; an edit that keeps the key and the length still compiles anew", async () => {
  const { withCacheKey } = (await import(path.resolve(__dirname, '../../../scripts/cache-key.mjs'))) as { withCacheKey(code: string): string };
  const keyed = withCacheKey('exports.activate = (ctx) => ({ activated: ctx.id * 1 }); exports.deactivate = () => undefined;');
  assert.match(keyed, /\n\/\/netlens-cache-key:[0-9a-f]{16}\n$/);
  const dir = extensionDir(keyed);
  const storage = path.join(dir, 'global-storage');
  assert.deepEqual(activate(dir, { scheme: 'file', fsPath: storage }), { codeCache: 'compiled', result: { activated: 7 } });
  const before = caches(storage);
  // Named by the key line with the file's size and time (not by a hash of the whole text): what boot.ts computes.
  const main0 = fs.statSync(path.join(dir, 'dist', 'client-main.js'));
  const key = /netlens-cache-key:([0-9a-f]{16})/.exec(keyed)?.[1];
  const name = createHash('sha256').update(`${key} ${main0.size} ${main0.mtimeMs}`).update(`${process.version} ${process.arch} ${process.versions.v8}`).digest('hex').slice(0, 16);
  assert.deepEqual(before, [`client-${name}.v8cache`]);
  assert.deepEqual(activate(dir, { scheme: 'file', fsPath: storage }), { codeCache: 'cached', result: { activated: 7 } });
  // A hand edit of the built file: same length, same key line; its modification time tells it from the build.
  const main = path.join(dir, 'dist', 'client-main.js');
  const stat = fs.statSync(main);
  fs.writeFileSync(main, keyed.replace('ctx.id * 1', 'ctx.id + 1'));
  fs.utimesSync(main, stat.atime, new Date(stat.mtimeMs + 2_000));
  assert.deepEqual(activate(dir, { scheme: 'file', fsPath: storage }), { codeCache: 'compiled', result: { activated: 8 } });
  const after = caches(storage);
  assert.equal(after.length, 1);
  assert.notDeepEqual(after, before);
  assert.deepEqual(activate(dir, { scheme: 'file', fsPath: storage }), { codeCache: 'cached', result: { activated: 8 } });
});
