// Stands in for semver's parse/satisfies in the client bundle: vscode-languageclient uses them only to check VS Code's version against a `^x.y.z` range.
/**
 * Loading semver (its regular-expression tables) cost about 7 ms of each first activation, for one comparison
 * (issue 12: activation <= 50 ms). This module answers exactly as semver 7 does for what the language client
 * asks, `parse(vscode.version)` and `satisfies(parsed, '^x.y.z')`; any other range throws, so a client release
 * that asks something else fails loudly (test/unit/client/semverCaret.test.ts compares with semver itself).
 */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
  build: string[];
  version: string;
}

const NUM = '0|[1-9]\\d*';
const PRE_ID = `\\d*[a-zA-Z-][a-zA-Z0-9-]*|${NUM}`;
const BUILD_ID = '[a-zA-Z0-9-]+';
// semver's FULL pattern (non-loose): an optional `v`, three numbers without leading zeros, pre-release, build.
const FULL = new RegExp(`^v?(${NUM})\\.(${NUM})\\.(${NUM})(?:-((?:${PRE_ID})(?:\\.(?:${PRE_ID}))*))?(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`);
const CARET = new RegExp(`^\\^(${NUM})\\.(${NUM})\\.(${NUM})$`);
/** semver's MAX_LENGTH: longer strings are not versions. */
const MAX_LENGTH = 256;

/** semver's `parse`: the version, or null when `v` is not one. */
export function parse(v: unknown): Version | null {
  if (typeof v !== 'string' || v.length > MAX_LENGTH) return null;
  const m = FULL.exec(v.trim());
  if (!m) return null;
  const [major, minor, patch] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  if (major > Number.MAX_SAFE_INTEGER || minor > Number.MAX_SAFE_INTEGER || patch > Number.MAX_SAFE_INTEGER) return null;
  const prerelease = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) && Number(id) < Number.MAX_SAFE_INTEGER ? Number(id) : id)) : [];
  const core = `${major}.${minor}.${patch}`;
  return { major, minor, patch, prerelease, build: m[5] ? m[5].split('.') : [], version: prerelease.length ? `${core}-${prerelease.join('.')}` : core };
}

/**
 * semver's `satisfies` for a caret range `^x.y.z` with x >= 1: the same major, at least minor.patch. A
 * pre-release version never satisfies it (semver admits one only for a range naming a pre-release of it).
 */
export function satisfies(version: Version | string, range: string): boolean {
  const r = CARET.exec(range);
  if (!r || r[1] === '0') throw new Error(`NetLens' semver stand-in supports only ^x.y.z ranges with x >= 1, not ${JSON.stringify(range)}`);
  const v = typeof version === 'string' ? parse(version) : version;
  if (!v) return false;
  if (v.prerelease.length > 0) return false;
  const [major, minor, patch] = [Number(r[1]), Number(r[2]), Number(r[3])];
  return v.major === major && (v.minor > minor || (v.minor === minor && v.patch >= patch));
}
