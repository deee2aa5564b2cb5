// Extension entry (dist/client.js): loads the client bundle (dist/client-main.js) through V8's code cache.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type * as vscode from 'vscode';
import type { NetLensApi } from './extension.ts';

type Main = typeof import('./extension.ts');

/** The bundle next to this file (both are in dist/). */
const MAIN = path.join(__dirname, 'client-main.js');
/** When the cache is written: after start-up, so activation never pays for it. */
const WRITE_AFTER_MS = 5_000;

/** What `require` would do (the fallback): Node's loader, the bundle in its module cache. */
const plainRequire = (): unknown => createRequire(MAIN)(MAIN);

let main: Main | undefined;
/** How the bundle was loaded: from the code cache, compiled (a cache is written later), or by plain require. */
let state: 'cached' | 'compiled' | 'require' = 'require';
/** Writes the code cache now instead of after WRITE_AFTER_MS (set while a write is pending). */
let pendingWrite: (() => void) | undefined;

/** The last line of a production bundle (scripts/cache-key.mjs writes it). */
const CACHE_KEY_MARK = '\n//netlens-cache-key:';

/**
 * What names the bundle's cache: its build key with its size and modification time, or, without a key (a
 * development build), the whole text. Hashing the 314 KB text took 4 ms of every activation; the key was hashed at
 * build time, and the file's time tells a copy edited since (same length included) from the one built.
 */
function buildKey(source: string): string | undefined {
  const at = source.lastIndexOf(CACHE_KEY_MARK);
  if (at < 0 || source.length - at > CACHE_KEY_MARK.length + 18) return undefined;
  try {
    const stat = fs.statSync(MAIN);
    return `${source.slice(at + CACHE_KEY_MARK.length).trim()} ${stat.size} ${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * Compiling the client bundle (450 KB then, nearly all of it vscode-languageclient) was most of activation: about
 * 20 of 45 ms of CPU. The first activation compiles it as `require` would and keeps V8's code cache in the
 * extension's global storage; later activations reuse it. The cache file is named by a hash of the bundle (buildKey)
 * and of the runtime, so an update or another VS Code never reads a stale one (V8 itself checks only the length).
 * Anything unexpected falls back to a plain `require`.
 */
function load(storage: string | undefined): Main {
  let source: string | undefined;
  try {
    source = storage ? fs.readFileSync(MAIN, 'utf8') : undefined;
  } catch {
    source = undefined;
  }
  if (!storage || source === undefined) return plainRequire() as Main;
  const key = createHash('sha256').update(buildKey(source) ?? source).update(`${process.version} ${process.arch} ${process.versions.v8}`).digest('hex').slice(0, 16);
  const cacheFile = path.join(storage, `client-${key}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: MAIN, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} as Main };
  // A require rooted at the bundle: VS Code's `vscode` module resolves per extension from the caller's path.
  const req = createRequire(MAIN);
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, req, mod, MAIN, path.dirname(MAIN));
  state = cachedData && !script.cachedDataRejected ? 'cached' : 'compiled';
  if (state === 'compiled') {
    // After activation: the cache then also holds the functions activation compiled.
    const timer = setTimeout(() => pendingWrite?.(), WRITE_AFTER_MS);
    timer.unref();
    pendingWrite = () => {
      clearTimeout(timer);
      pendingWrite = undefined;
      writeCache(script, storage, cacheFile);
    };
  }
  return mod.exports;
}

function writeCache(script: vm.Script, storage: string, cacheFile: string): void {
  try {
    fs.mkdirSync(storage, { recursive: true });
    for (const f of fs.readdirSync(storage)) if (/^client-[0-9a-f]{16}\.v8cache$/.test(f) && path.join(storage, f) !== cacheFile) fs.rmSync(path.join(storage, f), { force: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  } catch {
    // A read-only or full disk: the next activation compiles again.
  }
}

export function activate(context: vscode.ExtensionContext): NetLensApi {
  let storage: string | undefined;
  try {
    storage = context.globalStorageUri?.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  } catch {
    storage = undefined;
  }
  let loaded: Main;
  try {
    loaded = load(storage);
  } catch {
    loaded = plainRequire() as Main;
  }
  main = loaded;
  return loaded.activate(context);
}

export function deactivate(): Promise<void> | undefined {
  pendingWrite?.();
  return main?.deactivate();
}

/** For the activation benchmark: how the bundle was loaded, after writing a pending cache at once. */
export function codeCache(): typeof state {
  pendingWrite?.();
  return state;
}
