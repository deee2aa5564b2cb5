// Which namespaces kustomizations place files in: posix path math over the files' URIs (no file system).
//
// Semantics (kustomize's namespace transformer): a kustomization's `namespace:` applies to every resource it
// builds, including those of the kustomizations it lists as directories, and an outer kustomization's
// namespace overrides an inner one's. A file reached from several top-level kustomizations (the usual
// base + overlays/dev + overlays/prod layout) is deployed once per build, so it gets every namespace those
// builds give it; a build that sets no namespace contributes "no namespace" (undefined).
import { isMap } from 'yaml';
import { get, scalarString, seqItems } from '../parse/access.ts';
import type { ParsedFile } from '../parse/parse.ts';

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

interface UriPath {
  prefix: string;
  path: string;
}

/** Splits `scheme://authority/path` into prefix and decoded path; plain paths have an empty prefix. */
export function splitUri(uri: string): UriPath {
  const m = /^([a-zA-Z][\w+.-]*:\/\/[^/]*)(.*)$/.exec(uri);
  const prefix = m?.[1] ?? '';
  const raw = m ? (m[2] ?? '') : uri;
  let path = raw;
  if (m) {
    try {
      path = decodeURIComponent(raw);
    } catch {
      path = raw;
    }
  }
  return { prefix, path };
}

/** Posix normalisation: collapses `.`, `..` and repeated slashes. */
export function normalizePath(path: string): string {
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/');
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (path.startsWith('/') ? '/' : '.') : path.slice(0, i);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

interface Kustomization {
  prefix: string;
  /** Decoded, normalised directory path. */
  dirPath: string;
  /** prefix + dirPath: the directory's key. */
  dir: string;
  namespace: string | undefined;
  entries: string[];
}

export function isKustomizationUri(uri: string): boolean {
  // Cheap pre-check on the raw uri (names are ASCII, so encoding cannot hide them).
  if (!/(?:^|\/)(?:kustomization\.ya?ml|Kustomization)$/.test(uri)) return false;
  return KUSTOMIZATION_NAMES.has(basename(splitUri(uri).path));
}

function readKustomization(file: ParsedFile, prefix: string, path: string): Kustomization | undefined {
  const doc = file.docs[0];
  const root = doc?.contents;
  if (!doc || !isMap(root)) return undefined;
  const kind = scalarString(get(doc, root, 'kind'));
  if (kind !== undefined && kind !== 'Kustomization' && kind !== 'Component') return undefined;
  const entries: string[] = [];
  for (const field of ['resources', 'bases', 'components']) {
    for (const item of seqItems(doc, get(doc, root, field))) {
      const s = scalarString(item);
      // Remote bases (git, http) are outside the workspace.
      if (s && !/^[a-z][\w+.-]*:\/\//i.test(s) && !s.startsWith('git@') && !s.startsWith('github.com/')) entries.push(s);
    }
  }
  const dirPath = dirname(path);
  return { prefix, dirPath, dir: prefix + dirPath, namespace: scalarString(get(doc, root, 'namespace')) || undefined, entries };
}

/**
 * Namespaces (undefined = "whatever the object says, else the default") per file uri, for every file some
 * kustomization reaches. Files no kustomization lists are absent.
 */
export function kustomizePlacements(files: readonly ParsedFile[]): Map<string, (string | undefined)[]> {
  // Most workspaces have no kustomization: skip the path table then.
  if (!files.some((f) => isKustomizationUri(f.uri))) return new Map();
  const uriByKey = new Map<string, string>();
  const kusts = new Map<string, Kustomization>(); // by directory key
  for (const f of files) {
    const { prefix, path } = splitUri(f.uri);
    const key = prefix + normalizePath(path);
    uriByKey.set(key, f.uri);
    if (KUSTOMIZATION_NAMES.has(basename(path))) {
      const k = readKustomization(f, prefix, normalizePath(path));
      if (k && !kusts.has(k.dir)) kusts.set(k.dir, k);
    }
  }
  const out = new Map<string, (string | undefined)[]>();
  if (kusts.size === 0) return out;
  const resolve = (k: Kustomization, entry: string): string => k.prefix + normalizePath(`${k.dirPath}/${entry}`);
  const referenced = new Set<string>();
  for (const k of kusts.values()) for (const e of k.entries) if (kusts.has(resolve(k, e))) referenced.add(resolve(k, e));
  const seen = new Set<string>();
  const visit = (k: Kustomization, inherited: string | undefined, stack: Set<string>): void => {
    const ns = inherited ?? k.namespace; // the outermost namespace wins
    const memoKey = `${k.dir}\u0000${ns ?? ''}`;
    if (seen.has(memoKey) || stack.has(k.dir)) return;
    seen.add(memoKey);
    stack.add(k.dir);
    for (const e of k.entries) {
      const target = resolve(k, e);
      const child = kusts.get(target);
      if (child) {
        visit(child, ns, stack);
        continue;
      }
      const uri = uriByKey.get(target);
      if (uri === undefined) continue;
      const list = out.get(uri) ?? [];
      if (!list.includes(ns)) list.push(ns);
      out.set(uri, list);
    }
    stack.delete(k.dir);
  };
  const roots = [...kusts.values()].filter((k) => !referenced.has(k.dir));
  // Cycles with no root: start from every kustomization so their files are still placed.
  for (const k of roots.length > 0 ? roots : kusts.values()) visit(k, undefined, new Set());
  return out;
}
