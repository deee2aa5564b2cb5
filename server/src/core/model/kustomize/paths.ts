// Posix path math over file URIs (no file system): how kustomizations name their resources.
export const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

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

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (path.startsWith('/') ? '/' : '.') : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isKustomizationUri(uri: string): boolean {
  // Cheap pre-check on the raw uri (names are ASCII, so encoding cannot hide them).
  if (!/(?:^|\/)(?:kustomization\.ya?ml|Kustomization)$/.test(uri)) return false;
  return KUSTOMIZATION_NAMES.has(basename(splitUri(uri).path));
}

