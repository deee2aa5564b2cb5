// Turns path arguments into the YAML files to check, and reads them as text through the shared host module.
import fs from 'node:fs';
import path from 'node:path';
import { firstInvalidUtf8Byte } from '../host/decode.ts';
import { compareStrings, maxBytesFor, readTextSync, walkSync, type ReadProblem, type ReadResult } from '../host/files.ts';
import { InputError } from './command.ts';

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** The path argument it came from (absolute), which decides the settings that apply. */
  root: string;
  /** Named on the command line (always checked), rather than found by walking a directory (may be excluded). */
  explicit: boolean;
}

export interface Expanded {
  files: FoundFile[];
  /** Directories that could not be listed (reported and skipped; the rest is still checked). */
  problems: ReadProblem[];
}

/**
 * Files named by the arguments: a file argument is taken whatever its extension; a directory is walked for
 * `*.yaml`/`*.yml`, skipping node_modules and .git, not following symlinked directories (no cycles).
 * Throws InputError for a path that does not exist. Result is sorted and free of duplicates.
 */
export function expandPaths(args: readonly string[], cwd: string): Expanded {
  const seen = new Map<string, FoundFile>();
  const problems: ReadProblem[] = [];
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
      const walked = walkSync(root);
      problems.push(...walked.problems);
      for (const file of walked.files) if (!seen.has(file)) seen.set(file, { path: file, root, explicit: false });
    } else {
      seen.set(root, { path: root, root, explicit: true }); // wins over the same file found by a walk
    }
  }
  return { files: [...seen.values()].sort((a, b) => compareStrings(a.path, b.path)), problems };
}

export type { ReadResult };

/**
 * A file's text as the editor reads it (the shared decoding of host/decode.ts). Special files (FIFOs, sockets,
 * devices) are never opened, and files far beyond the size limit are not read. `listedAsFile`: a walk found it as a
 * regular file (expandPaths, not explicit), so it is not stat'ed by path again (host/files.ts readTextSync).
 */
export function readSource(file: string, maxFileSize: number, listedAsFile = false): ReadResult {
  return readTextSync(file, maxBytesFor(maxFileSize), listedAsFile);
}

export { firstInvalidUtf8Byte };

/** `file` relative to `cwd` with forward slashes: what the CLI prints and puts in JSON. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file) || path.basename(file);
  return rel.split(path.sep).join('/');
}

export { compareStrings };
