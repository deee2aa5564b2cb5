// Mermaid's configuration copy, made cheap: what its getConfig() returns (assignWithDepth({}, config)), built with
// plain assignments. esbuild.mjs puts it in place of mermaid's own (scripts/mermaid-config-copy.mjs).
//
// Why: mermaid calls getConfig() for every node, edge and edge label it draws, and each call copies the whole
// configuration (every diagram type's section and the theme's variables) with a defineProperty per key. On the
// densest graph the preview draws unfolded (20 workloads, 76 arrows) that was a fifth to a third of the render's
// main-thread CPU (bench/README.md, seventh session of 2026-12-04). The result is the same object tree: fresh
// objects and arrays down to the third level, the same keys in the same order, the same values.

type Obj = Record<string, unknown>;
type Assign = (dst: unknown, src: unknown) => unknown;

/** Sets an own data property: under a `__proto__` key too, as defineProperty does upstream (an assignment would set the prototype). */
function put(out: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

/**
 * Arrays are copied without repeated items, at any depth (assignWithDepth pushes what the copy does not include).
 * forEach, as upstream: it skips the holes of a sparse array, where for-of would read them as undefined.
 */
function copyArray(src: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  src.forEach((v) => {
    if (!out.includes(v)) out.push(v);
  });
  return out;
}

/**
 * assignWithDepth({}, src, { depth }) for a plain object `src`: keys whose value is null are left out; objects are
 * copied `depth - 1` levels further (at the last level a shallow Object.assign copy), arrays as copyArray.
 */
function copyLevel(src: Obj, depth: number): Obj {
  const out: Obj = {};
  // Object.entries, as upstream: it reads each value when it reaches its key (a getter may remove a later key).
  // Like upstream too, an assignment here meets whatever Object.prototype holds (a polluted prototype's setter).
  for (const [key, v] of Object.entries(src)) {
    // A plain value under `__proto__` is dropped upstream (it reads the inherited prototype there, an object).
    if (typeof v !== 'object') {
      if (key !== '__proto__') out[key] = v;
    } else if (v === null) continue;
    else if (Array.isArray(v)) put(out, key, copyArray(v));
    else put(out, key, depth - 1 <= 0 ? Object.assign({}, v) : copyLevel(v as Obj, depth - 1));
  }
  return out;
}

/**
 * What mermaid's getConfig() returns for `config` (its current configuration): assignWithDepth({}, config). Its
 * configuration is always a plain object; anything else goes to mermaid's own `assign` (assignWithDepth).
 */
export function copyConfig(config: unknown, assign: Assign): unknown {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return assign({}, config);
  return copyLevel(config as Obj, 2);
}
