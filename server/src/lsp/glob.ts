// Glob patterns (`files.exclude`, `netlens.exclude`) as regular expressions over folder-relative posix paths.
// Supports `**`, `*`, `?`, `{a,b}` and `[...]`, which is what VS Code's exclude settings use in practice.

/** A matcher for one glob; a pattern without `/` matches at any depth, as VS Code's excludes do. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/');
  if (g.startsWith('./')) g = g.slice(2);
  const anchored = g.startsWith('/') || g.startsWith('**/') || g.includes('/');
  if (g.startsWith('/')) g = g.slice(1);
  let re = '';
  let inGroup = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '*') {
      if (g[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` everything below.
        if (g[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inGroup++;
      re += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      re += ')';
    } else if (c === ',' && inGroup > 0) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${g.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  while (inGroup-- > 0) re += ')';
  // A match on a directory excludes everything below it.
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}(?:/.*)?$`);
}

/** One matcher for a list of globs; undefined when the list is empty. */
export function globsMatcher(globs: readonly string[]): ((relPath: string) => boolean) | undefined {
  const res = globs.filter((g) => g.trim() !== '').map(globToRegExp);
  if (res.length === 0) return undefined;
  return (relPath) => res.some((r) => r.test(relPath));
}
