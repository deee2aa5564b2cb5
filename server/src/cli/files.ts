// Turns path arguments into the YAML files to check, and reads them as text (UTF-8) for the engine.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './command.ts';

/** Directories never walked: dependencies and VCS internals (other tools' YAML, and big). */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** The path argument it came from (absolute), which decides the settings that apply. */
  root: string;
  /** Named on the command line (always checked), rather than found by walking a directory (may be excluded). */
  explicit: boolean;
}

/**
 * Files named by the arguments: a file argument is taken whatever its extension; a directory is walked for
 * `*.yaml`/`*.yml`, skipping node_modules and .git, not following symlinked directories (no cycles).
 * Throws InputError for a path that does not exist. Result is sorted and free of duplicates.
 */
export function expandPaths(args: readonly string[], cwd: string): FoundFile[] {
  const seen = new Map<string, FoundFile>();
  for (const arg of args) {
    const root = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(root);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' || code === 'ENOTDIR' ? `path does not exist: ${arg}` : `cannot access ${arg}: ${(e as Error).message}`);
    }
    if (stat.isDirectory()) {
      for (const file of walk(root)) if (!seen.has(file)) seen.set(file, { path: file, root, explicit: false });
    } else {
      seen.set(root, { path: root, root, explicit: true }); // wins over the same file found by a walk
    }
  }
  return [...seen.values()].sort((a, b) => compareStrings(a.path, b.path));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`cannot read directory ${dir}: ${(e as Error).message}`);
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) out.push(...walk(p));
    } else if (YAML_FILE.test(e.name) && (e.isFile() || (e.isSymbolicLink() && isFile(p)))) {
      out.push(p);
    }
  }
  return out;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: 'unreadable' | 'not-utf8'; message: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LOSSY = new TextDecoder('utf-8');

/**
 * A file's text as the editor would see it (UTF-8, BOM dropped). Binary content (a NUL byte) is decoded
 * lossily and left to the engine, which declines it with its own diagnostic; other invalid UTF-8 is refused
 * here with the offset of the first bad byte, since guessing an encoding would shift every range.
 */
export function readSource(file: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: `cannot read ${file}: ${(e as Error).message}` };
  }
  // A UTF-16 byte order mark says the encoding (Windows editors write these); VS Code honours it too.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes) };
  if (bytes.includes(0)) return { ok: true, text: UTF8_LOSSY.decode(bytes) };
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8Byte(bytes);
    return { ok: false, reason: 'not-utf8', message: `File is not valid UTF-8 text (invalid byte at offset ${at}); it was skipped. Save it as UTF-8.` };
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629 well-formedness, as TextDecoder). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Sequence length and the allowed range of the second byte (excludes overlongs, surrogates, > U+10FFFF).
    let len = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) [len, lo, hi] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [len, lo, hi] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += len;
  }
  return bytes.length;
}

/** `file` relative to `cwd` with forward slashes: what the CLI prints and puts in JSON. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file) || path.basename(file);
  return rel.split(path.sep).join('/');
}

/** Plain code-unit order: stable across machines and locales (localeCompare is not). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
