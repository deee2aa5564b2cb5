// Reads a git revision's files without touching the checkout (ls-tree + cat-file), for `netlens diff` and the
// editor's "Compare Connectivity with...". Node-only; the engine never sees git, only texts.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Git is missing, the folder is not a repository, or the revision does not exist: said in plain words. */
export class GitError extends Error {}

const MAX_BUFFER = 512 * 1024 * 1024;

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH)');
    const detail = err.stderr?.toString('utf8').trim().split('\n')[0] ?? err.message;
    throw new GitError(detail);
  }
}

/** The top folder of the repository holding `dir`. */
export function repoRoot(dir: string): string {
  try {
    return path.resolve(git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim());
  } catch (e) {
    throw new GitError(`${dir} is not inside a git repository (${(e as Error).message})`);
  }
}

/** The commit a branch, tag or hash names; GitError when it names none. */
export function resolveCommit(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new GitError(`'${ref}' is not a revision`);
  try {
    return git(root, ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new GitError(`unknown revision '${ref}' (a branch, tag or commit of this repository)`);
  }
}

export interface TreeFile {
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  oid: string;
}

/**
 * The blobs of `commit` under the repository-relative `pathspecs` (all when empty). Symlinks and submodules
 * are left out: a link's blob is its target's name, not YAML.
 */
export function listTree(root: string, commit: string, pathspecs: readonly string[]): TreeFile[] {
  const specs = pathspecs.map((p) => `:(literal)${p}`);
  const out = git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...specs]).toString('utf8');
  const files: TreeFile[] = [];
  for (const entry of out.split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!m || m[2] !== 'blob' || m[1] === '120000') continue;
    files.push({ path: m[4] as string, oid: m[3] as string });
  }
  return files;
}

/** The contents of the blobs, read in one `git cat-file --batch`. */
export function readBlobs(root: string, oids: readonly string[]): Map<string, Buffer> {
  const result = new Map<string, Buffer>();
  const unique = [...new Set(oids)];
  if (unique.length === 0) return result;
  const out = git(root, ['cat-file', '--batch'], `${unique.join('\n')}\n`);
  let at = 0;
  for (const oid of unique) {
    const nl = out.indexOf(0x0a, at);
    if (nl < 0) break;
    const header = out.subarray(at, nl).toString('utf8').split(' ');
    if (header[1] === 'missing') {
      at = nl + 1;
      continue;
    }
    const size = Number(header[2]);
    result.set(oid, out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1; // content, then a newline
  }
  return result;
}

/** Files renamed between `commit` and the working tree: repository-relative old path -> new path. */
export function renames(root: string, commit: string): Map<string, string> {
  const out = git(root, ['diff', '--no-ext-diff', '--find-renames', '--name-status', '-z', commit, '--']).toString('utf8').split('\0');
  const map = new Map<string, string>();
  for (let i = 0; i < out.length; i++) {
    const status = out[i] ?? '';
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = out[i + 1];
      const to = out[i + 2];
      if (from !== undefined && to !== undefined && status.startsWith('R')) map.set(from, to);
      i += 2;
    } else if (status !== '') i += 1;
  }
  return map;
}

export interface RevisionFile {
  /** Absolute path the file has (had) in the working tree. */
  path: string;
  /** Repository-relative, `/`-separated. */
  repoPath: string;
  text: string;
}

const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIR = /(^|\/)(node_modules|\.git)\//;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a blob as the editor would read it (a BOM honoured); undefined when it is not text. */
function decode(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return UTF8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/**
 * The files a directory walk of the working tree would find, but at `commit`: under each repository-relative
 * pathspec, YAML files outside node_modules/.git; a pathspec naming a file is taken whatever its extension.
 * `excluded` (repository-relative path) leaves out what the settings exclude.
 */
export function revisionFiles(root: string, commit: string, pathspecs: readonly string[], excluded?: (repoPath: string) => boolean): RevisionFile[] {
  const specs = pathspecs.map((p) => p.replace(/\/+$/, '')).filter((p) => p !== '.' && p !== '');
  const whole = specs.length < pathspecs.length || pathspecs.length === 0;
  const tree = listTree(root, commit, whole ? [] : specs);
  const explicit = new Set(specs);
  const chosen = tree.filter((f) => explicit.has(f.path) || (YAML_FILE.test(f.path) && !SKIPPED_DIR.test(`/${f.path}`) && !(excluded?.(f.path) ?? false)));
  const blobs = readBlobs(root, chosen.map((f) => f.oid));
  const out: RevisionFile[] = [];
  for (const f of chosen) {
    const bytes = blobs.get(f.oid);
    const text = bytes && decode(bytes);
    if (text !== undefined) out.push({ path: path.join(root, ...f.path.split('/')), repoPath: f.path, text });
  }
  return out;
}

export interface GitRef {
  name: string;
  kind: 'head' | 'branch' | 'remote' | 'tag';
  description: string;
}

/** HEAD, then local branches, tags and remote branches, newest first within each kind. */
export function listRefs(root: string): GitRef[] {
  const out: GitRef[] = [];
  const head = git(root, ['log', '-1', '--format=%h %s', 'HEAD']).toString('utf8').trim();
  out.push({ name: 'HEAD', kind: 'head', description: head });
  const lines = git(root, ['for-each-ref', '--sort=-committerdate', '--format=%(refname)%00%(objectname:short) %(contents:subject)', 'refs/heads', 'refs/tags', 'refs/remotes'])
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '');
  const kinds: [string, GitRef['kind']][] = [
    ['refs/heads/', 'branch'],
    ['refs/tags/', 'tag'],
    ['refs/remotes/', 'remote'],
  ];
  for (const [prefix, kind] of kinds) {
    for (const l of lines) {
      const [ref, description] = l.split('\0') as [string, string];
      if (!ref.startsWith(prefix) || ref.endsWith('/HEAD')) continue;
      out.push({ name: ref.slice(prefix.length), kind, description: description ?? '' });
    }
  }
  return out;
}
