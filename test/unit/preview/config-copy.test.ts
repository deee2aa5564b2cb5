// The preview's copy of mermaid's configuration equals mermaid's own getConfig() copy (assignWithDepth), and the
// build patch finds mermaid's getConfig exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyConfig } from '../../../media/preview/config-copy.ts';
// @ts-expect-error: a build script without types
import { patchConfigChunk } from '../../../scripts/mermaid-config-copy.mjs';

type Assign = (dst: unknown, src: unknown) => unknown;
const CHUNKS = path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist', 'chunks', 'mermaid.core');

/** The chunk of mermaid's core that defines getConfig (the one the build patches). */
function configChunk(): string {
  const hits = fs.readdirSync(CHUNKS).filter((f) => f.endsWith('.mjs') && fs.readFileSync(path.join(CHUNKS, f), 'utf8').includes('var getConfig = '));
  assert.equal(hits.length, 1, `chunks defining getConfig: ${hits.join(', ')}`);
  return path.join(CHUNKS, hits[0] as string);
}

async function mermaidConfig(): Promise<{ assign: Assign; defaultConfig: Record<string, unknown>; themes: Record<string, { getThemeVariables(v?: unknown): unknown }> }> {
  const m = await import(pathToFileURL(configChunk()).href);
  // A renamed export would make both sides copy undefined into {} and every comparison pass.
  assert.equal(typeof m.assignWithDepth_default, 'function');
  assert.ok(m.defaultConfig && typeof m.defaultConfig.flowchart === 'object', 'mermaid exports its default configuration');
  assert.ok(Object.keys(m.themes_default ?? {}).length > 3, 'mermaid exports its themes');
  return { assign: m.assignWithDepth_default, defaultConfig: m.defaultConfig, themes: m.themes_default };
}

/**
 * The two copies have the same shape: at every level the same own keys (Reflect.ownKeys, in order) with the same
 * property descriptors and prototypes, and each object is the source's own object in one copy exactly when it is
 * in the other (fresh where mermaid's copy is fresh, shared where it shares).
 */
function assertSameShape(mine: unknown, theirs: unknown, shared: Set<unknown>, at: string, depth = 0): void {
  if (typeof theirs !== 'object' || theirs === null || depth > 6) {
    assert.ok(Object.is(mine, theirs), `${at}: ${String(mine)} against ${String(theirs)}`);
    return;
  }
  assert.ok(typeof mine === 'object' && mine !== null, `${at}: an object in mermaid's copy only`);
  assert.equal(shared.has(mine), shared.has(theirs), `${at}: shared with the source in one copy only`);
  if (shared.has(theirs)) {
    assert.equal(mine, theirs, `${at}: another object of the source`);
    return;
  }
  assert.equal(Object.getPrototypeOf(mine), Object.getPrototypeOf(theirs), `${at}: prototype`);
  const keys = Reflect.ownKeys(theirs);
  assert.deepEqual(Reflect.ownKeys(mine), keys, `${at}: keys`);
  for (const k of keys) {
    const a = Reflect.getOwnPropertyDescriptor(mine, k) as PropertyDescriptor;
    const b = Reflect.getOwnPropertyDescriptor(theirs, k) as PropertyDescriptor;
    assert.deepEqual([a.writable, a.enumerable, a.configurable, 'get' in a], [b.writable, b.enumerable, b.configurable, 'get' in b], `${at}.${String(k)}: descriptor`);
    assertSameShape(a.value, b.value, shared, `${at}.${String(k)}`, depth + 1);
  }
}

/** Every object reachable from `v` (the source's own objects). */
function reachable(v: unknown, out = new Set<unknown>()): Set<unknown> {
  if (typeof v !== 'object' || v === null || out.has(v)) return out;
  out.add(v);
  for (const k of Reflect.ownKeys(v)) reachable(Reflect.getOwnPropertyDescriptor(v, k)?.value, out);
  return out;
}

function assertSameCopy(config: unknown, assign: Assign): void {
  const shared = reachable(config);
  const mine = copyConfig(config, assign);
  const theirs = assign({}, config);
  assert.deepStrictEqual(mine, theirs);
  assertSameShape(mine, theirs, shared, '$');
}

test('the default configuration, and with each theme\'s variables, copies as mermaid copies it', async () => {
  const { assign, defaultConfig, themes } = await mermaidConfig();
  assertSameCopy(defaultConfig, assign);
  for (const [name, theme] of Object.entries(themes)) {
    const config = assign(assign({}, defaultConfig), { theme: name, layout: 'elk', securityLevel: 'strict', flowchart: { htmlLabels: true, useMaxWidth: false }, themeVariables: theme.getThemeVariables({ fontFamily: 'Segoe UI', fontSize: '12px' }) });
    assertSameCopy(config, assign);
  }
});

test('arrays lose repeated items at any depth, null values are left out, objects past the third level are shared', async () => {
  const { assign } = await mermaidConfig();
  const deep = { d: { e: 1 } };
  const config = {
    list: [1, 2, 2, 'x', 'x'],
    gone: null,
    nested: { list: [3, 3], gone: null, more: { list: [4, 4], deep, n: null, s: 'v' }, u: undefined },
    f: () => 1,
    n: 0,
    b: false,
    u: undefined,
  };
  assertSameCopy(config, assign);
  const copy = copyConfig(config, assign) as typeof config;
  assert.deepEqual(copy.list, [1, 2, 'x']);
  assert.equal('gone' in copy, false);
  assert.equal('u' in copy, true);
  assert.deepEqual(copy.nested.more.list, [4, 4]);
  assert.equal(copy.nested.more.deep, deep);
  assert.notEqual(copy.nested.more, config.nested.more);
});

test('sparse arrays lose their holes, objects that are not plain are copied as upstream, a getter is read in turn', async () => {
  const { assign } = await mermaidConfig();
  // eslint-disable-next-line no-sparse-arrays
  assertSameCopy({ a: [1, , 2], b: { c: [, 'x', 'x'] } }, assign);
  class Box {
    inner = { v: 1 };
  }
  assertSameCopy({ when: new Date(0), map: new Map([[1, 2]]), re: /x/g, box: new Box(), nested: { box: new Box(), when: new Date(0), bare: Object.create(null) } }, assign);
  // `a`, read first, removes `b`: mermaid never meets `b` (Object.entries reads each value as it reaches its key).
  const ordered: Record<string, unknown> = { a: 0 };
  Object.defineProperty(ordered, 'a', { enumerable: true, configurable: true, get: () => delete ordered.b && 1 });
  ordered.b = 2;
  assertSameCopy(ordered, assign);
});

test('random configurations (seeded) copy as mermaid copies them', async () => {
  const { assign } = await mermaidConfig();
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const KEYS = ['a', 'b', 'theme', 'flowchart', '__proto__', 'constructor', 'toString', '0', 'length'];
  const made: object[] = [];
  const prim = (): unknown => pick([1, 0, -0, NaN, 's', '', true, false, undefined, null, 10n, () => 1]);
  const value = (depth: number): unknown => {
    const r = rnd();
    if (r < 0.35 || depth > 4) return prim();
    if (r < 0.42 && made.length > 0) return pick(made);
    if (r < 0.6) {
      const list: unknown[] = [];
      for (let i = Math.floor(rnd() * 5); i > 0; i--) list.push(rnd() < 0.3 && list.length > 0 ? pick(list) : value(depth + 1));
      if (rnd() < 0.2) list[list.length + 1] = 7;
      made.push(list);
      return list;
    }
    const o: Record<string, unknown> = rnd() < 0.1 ? Object.create(null) : {};
    for (let i = Math.floor(rnd() * 6); i > 0; i--) Object.defineProperty(o, pick(KEYS), { value: value(depth + 1), writable: true, enumerable: rnd() < 0.95, configurable: true });
    made.push(o);
    return o;
  };
  for (let n = 0; n < 2000; n++) {
    made.length = 0;
    const config: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 8); i > 0; i--) Object.defineProperty(config, pick(KEYS), { value: value(0), writable: true, enumerable: true, configurable: true });
    assertSameCopy(config, assign);
  }
});

test('a __proto__ key stays an own key, and a configuration that is no plain object goes to mermaid\'s own copy', async () => {
  const { assign } = await mermaidConfig();
  const config = JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": "x", "b": 1}}');
  assertSameCopy(config, assign);
  const copy = copyConfig(config, assign) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.ok(Object.hasOwn(copy, '__proto__'));
  for (const odd of [undefined, null, 3, 'text', [{ a: 1 }, { b: 2 }]]) assert.deepStrictEqual(copyConfig(odd, assign), assign({}, odd));
});

test('the build patch replaces mermaid\'s getConfig body once, and refuses a getConfig it does not know', () => {
  const text = fs.readFileSync(configChunk(), 'utf8');
  const patched = patchConfigChunk(text) as string;
  assert.equal(patched.split('__netlensCopyConfig(currentConfig, assignWithDepth_default)').length, 2);
  assert.ok(!patched.includes('return assignWithDepth_default({}, currentConfig);\n}, "getConfig")'));
  assert.equal(patchConfigChunk('export const x = 1;'), undefined);
  assert.throws(() => patchConfigChunk('var getConfig = () => structuredClone(currentConfig);'), /mermaid upgraded/);
});
