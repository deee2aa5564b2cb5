// Reading manifests from disk, shared by the CLI (synchronous, one file at a time) and the workspace index
// (asynchronous, bounded concurrency, retries): special files are never opened, transient errors are retried,
// and every file or directory that could not be read is returned as a problem for the caller to report.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { decodeBytes } from './decode.ts';

/** Directories never walked: dependencies and VCS internals (other tools' YAML, and big). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
export const YAML_FILE = /\.ya?ml$/i;

/**
 * Files above this many bytes are not read at all: a UTF-16 code unit takes at most 3 bytes of UTF-8, so a
 * file this large is certainly beyond any `maxFileSize` the engine would analyse (5 MB by default), and
 * reading a 2 GB file into memory to decline it was the bug.
 */
export const maxBytesFor = (maxFileSize: number): number => maxFileSize * 3;

export type ReadProblemReason = 'unreadable' | 'not-utf8' | 'special' | 'too-large';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: ReadProblemReason; message: string };

/** A file or directory the walk or the read could not use. */
export interface ReadProblem {
  path: string;
  reason: ReadProblemReason | 'unreadable-directory';
  /** What happened, without the path (the summary puts the path first). */
  message: string;
}

/** Errors worth another try: too many open files, resource busy or temporarily unavailable. */
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY']);
const RETRIES = 6;

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ? `${err.code}: ${describeCode(err.code)}` : String((e as Error)?.message ?? e);
}

function describeCode(code: string): string {
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or directory',
    EISDIR: 'is a directory',
    EMFILE: 'too many open files',
    ENFILE: 'too many open files in the system',
    EAGAIN: 'resource temporarily unavailable',
    EBUSY: 'resource busy',
    EIO: 'input/output error',
    ELOOP: 'too many symbolic links',
  };
  return words[code] ?? 'cannot be read';
}

function specialMessage(st: fs.Stats): string {
  const what = st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'something else';
  return `is ${what}, not a regular file; it was skipped without being opened.`;
}

function tooLarge(size: number): ReadResult {
  return { ok: false, reason: 'too-large', message: `File is ${(size / 1_000_000).toFixed(1)} MB, far beyond what NetLens analyses; it was not read.` };
}

/** Reads one file's text (stat first: FIFOs, sockets and devices are never opened, as opening a FIFO blocks). */
export function readTextSync(file: string, maxBytes: number, listedAsFile = false): ReadResult {
  if (listedAsFile) return readListedSync(file, maxBytes);
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { ok: false, reason: 'special', message: specialMessage(st) };
    if (st.size > maxBytes) return tooLarge(st.size);
    return decodeBytes(fs.readFileSync(file));
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: `cannot be read (${errorText(e)}).` };
  }
}

/**
 * readTextSync of a file a directory walk listed as a regular file, on one descriptor as readOnce reads it: not
 * stat'ed by path first (at 2,000 files the stats by path were 40 ms of `netlens check`'s main thread, more than
 * the reads), opened without blocking should it have become a FIFO since, then fstat'ed and read to its end.
 */
function readListedSync(file: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: `cannot be read (${errorText(e)}).` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'special', message: specialMessage(st) };
    if (st.size > maxBytes) return tooLarge(st.size);
    // One byte more than fstat said: a short read is the end; a full one means the file grew, read on (as
    // readRest, up to one byte past maxBytes: a file growing meanwhile is declined, never read without bound).
    let buf = Buffer.allocUnsafe(st.size + 1);
    let filled = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, filled, buf.length - filled, filled);
      filled += n;
      if (filled < buf.length || n === 0) break;
      if (filled > maxBytes) return tooLarge(filled);
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    return decodeBytes(buf.subarray(0, filled));
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: `cannot be read (${errorText(e)}).` };
  } finally {
    fs.closeSync(fd);
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Like readTextSync, without blocking, retrying transient errors with a growing pause. `listedAsFile`: the walk saw
 * a regular file there (a directory entry or a symlink it stat'ed), so the path is not stat'ed again; anything else
 * (a watched-file event) is stat'ed first, and a FIFO, socket or device is never opened.
 */
export async function readText(file: string, maxBytes: number, listedAsFile = false): Promise<ReadResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (!listedAsFile) {
        const st = await fsp.stat(file);
        if (!st.isFile()) return { ok: false, reason: 'special', message: specialMessage(st) };
      }
      const read = await readOnce(file, maxBytes);
      // Decoded here, inside the try: a text too long for a string is an unreadable file, not an uncaught error.
      return read instanceof Uint8Array ? decodeBytes(read) : read;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code && TRANSIENT.has(code) && attempt < RETRIES) {
        await pause(10 * 2 ** attempt);
        continue;
      }
      return { ok: false, reason: 'unreadable', message: `cannot be read (${errorText(e)}).` };
    }
  }
}

/** O_NONBLOCK: should the file have become a FIFO since it was listed, opening it does not wait for a writer. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * The bytes of one file read on one descriptor: open, fstat, read, close (or why not). The index reads every file of
 * the workspace this way; a stat by path and then fs.promises.readFile (open, fstat, read, read, close) cost twice
 * the main thread's time in promise and callback bookkeeping (2,000 files: about 250 ms of a cold index). The
 * descriptor is closed on every path, errors thrown in the callbacks included.
 */
function readOnce(file: string, maxBytes: number): Promise<Uint8Array | ReadResult> {
  return new Promise((resolve, reject) => {
    fs.open(file, OPEN_FLAGS, (openError, fd) => {
      if (openError) return reject(openError);
      let closed = false;
      // Once only: a second close could close a descriptor another read has been given meanwhile.
      const done = (error: unknown, result?: Uint8Array | ReadResult): void => {
        if (closed) return;
        closed = true;
        fs.close(fd, () => (error ? reject(error) : resolve(result as Uint8Array | ReadResult)));
      };
      fs.fstat(fd, (statError, st) => {
        try {
          if (statError) return done(statError);
          if (!st.isFile()) return done(undefined, { ok: false, reason: 'special', message: specialMessage(st) });
          if (st.size > maxBytes) return done(undefined, tooLarge(st.size));
          // One byte more than fstat said: a short read is the end; a full one means the file grew, read on.
          readRest(fd, Buffer.allocUnsafe(st.size + 1), 0, maxBytes, (readError, bytes) => (bytes ? done(undefined, bytes.length > maxBytes ? tooLarge(bytes.length) : bytes) : done(readError)));
        } catch (e) {
          done(e);
        }
      });
    });
  });
}

/** Reads on from `filled` until a short read; `cb` gets the bytes, or the error and no bytes. */
function readRest(fd: number, buf: Buffer, filled: number, maxBytes: number, cb: (e: unknown, bytes?: Buffer) => void): void {
  fs.read(fd, buf, filled, buf.length - filled, filled, (e, n) => {
    if (e) return cb(e);
    try {
      const total = filled + n;
      if (total < buf.length || n === 0) return cb(undefined, buf.subarray(0, total));
      if (total > maxBytes) return cb(undefined, buf);
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(bigger, 0, 0, total);
      readRest(fd, bigger, total, maxBytes, cb);
    } catch (error) {
      cb(error);
    }
  });
}

/** Runs `fn` over `items` with at most `limit` calls in flight (the index reads files this way). */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface WalkResult {
  /** YAML files found (absolute paths, sorted). */
  files: string[];
  /** Directories that could not be listed; their contents are missing from `files`. */
  problems: ReadProblem[];
}

/**
 * `*.yaml`/`*.yml` files under `dir`, skipping node_modules and .git, not following symlinked directories (no
 * cycles), never listing special files. `excluded` gets paths relative to `dir` with forward slashes.
 */
export function walkSync(dir: string, excluded?: (rel: string) => boolean, readdir: typeof fs.readdirSync = fs.readdirSync): WalkResult {
  const out: WalkResult = { files: [], problems: [] };
  const pending = [dir];
  while (pending.length > 0) {
    const d = pending.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = readdir(d, { withFileTypes: true });
    } catch (e) {
      out.problems.push({ path: d, reason: 'unreadable-directory', message: `directory cannot be read (${errorText(e)}); its files were skipped.` });
      continue;
    }
    for (const e of entries) visitEntry(dir, d, e, excluded, out, pending, (p) => isFileSync(p));
  }
  out.files.sort(compareStrings);
  return out;
}

/** walkSync without blocking, retrying directories that fail transiently. */
export async function walk(dir: string, excluded?: (rel: string) => boolean): Promise<WalkResult> {
  const out: WalkResult = { files: [], problems: [] };
  const pending = [dir];
  const links: string[] = [];
  while (pending.length > 0) {
    const d = pending.pop() as string;
    let entries: fs.Dirent[] | undefined;
    for (let attempt = 0; !entries; attempt++) {
      try {
        entries = await fsp.readdir(d, { withFileTypes: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException)?.code;
        if (code && TRANSIENT.has(code) && attempt < RETRIES) {
          await pause(10 * 2 ** attempt);
          continue;
        }
        out.problems.push({ path: d, reason: 'unreadable-directory', message: `directory cannot be read (${errorText(e)}); its files were skipped.` });
        break;
      }
    }
    for (const e of entries ?? []) visitEntry(dir, d, e, excluded, out, pending, (p) => (links.push(p), false));
  }
  // Symlinks count when they point at a regular file (checked after the walk, without blocking).
  for (const p of links) if ((await fsp.stat(p).catch(() => undefined))?.isFile()) out.files.push(p);
  out.files.sort(compareStrings);
  return out;
}

function visitEntry(root: string, d: string, e: fs.Dirent, excluded: ((rel: string) => boolean) | undefined, out: WalkResult, pending: string[], linkIsFile: (p: string) => boolean): void {
  const p = path.join(d, e.name);
  if (excluded?.(path.relative(root, p).split(path.sep).join('/'))) return;
  if (e.isDirectory()) {
    if (!SKIPPED_DIRS.has(e.name)) pending.push(p);
  } else if (YAML_FILE.test(e.name)) {
    if (e.isFile() || (e.isSymbolicLink() && linkIsFile(p))) out.files.push(p);
  }
}

function isFileSync(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Plain code-unit order: stable across machines and locales (localeCompare is not). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The one summary of what could not be read, printed by `check` on stderr and by the editor in its output
 * channel and status item. `show` turns an absolute path into what the reader knows (relative path).
 */
export function unreadSummary(problems: readonly ReadProblem[], show: (p: string) => string = (p) => p, max = 20): string {
  if (problems.length === 0) return '';
  const files = problems.filter((p) => p.reason !== 'unreadable-directory').length;
  const dirs = problems.length - files;
  const parts = [files > 0 ? `${files} file${files === 1 ? '' : 's'}` : '', dirs > 0 ? `${dirs} director${dirs === 1 ? 'y' : 'ies'}` : ''].filter(Boolean);
  const lines = problems.slice(0, max).map((p) => `  ${show(p.path)}: ${p.message}`);
  if (problems.length > max) lines.push(`  ... and ${problems.length - max} more`);
  return `NetLens could not read ${parts.join(' and ')}; the analysis does not include them:\n${lines.join('\n')}\n`;
}
