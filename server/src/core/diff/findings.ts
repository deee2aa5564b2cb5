// Findings that appeared or disappeared between two analyses, matched by rule, file and message (not position:
// an edit above a finding moves it without changing it), following renamed files.
import type { Finding } from '../types.ts';

function key(f: Finding, file: string): string {
  return `${f.code}\n${file}\n${f.message}`;
}

/**
 * Multiset difference: two identical findings in a file count twice. `renamed` maps a base uri to the working
 * tree's uri of the same file, so a moved file's findings are not reported as removed and added.
 */
export function diffFindings(
  base: ReadonlyMap<string, readonly Finding[]>,
  head: ReadonlyMap<string, readonly Finding[]>,
  renamed: ReadonlyMap<string, string> = new Map(),
): { added: Finding[]; removed: Finding[] } {
  const remaining = new Map<string, Finding[]>();
  for (const [uri, list] of base) {
    const file = renamed.get(uri) ?? uri;
    for (const f of list) {
      const k = key(f, file);
      (remaining.get(k) ?? remaining.set(k, []).get(k))?.push(f);
    }
  }
  const added: Finding[] = [];
  for (const [uri, list] of head) {
    for (const f of list) {
      const left = remaining.get(key(f, uri));
      if (left && left.length > 0) left.shift();
      else added.push(f);
    }
  }
  const removed = [...remaining.values()].flat();
  const order = (a: Finding, b: Finding) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { added: added.sort(order), removed: removed.sort(order) };
}
