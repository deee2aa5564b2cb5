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
  return { assign: m.assignWithDepth_default, defaultConfig: m.defaultConfig, themes: m.themes_default };
}

/** Every object and array of a tree with its path, to compare which ones are fresh copies and which are shared. */
function nodes(v: unknown, at = '$', out = new Map<string, unknown>(), depth = 0): Map<string, unknown> {
  if (typeof v !== 'object' || v === null || depth > 4) return out;
  out.set(at, v);
  for (const [k, x] of Object.entries(v)) nodes(x, `${at}.${k}`, out, depth + 1);
  return out;
}

function assertSameCopy(config: unknown, assign: Assign): void {
  const mine = copyConfig(config, assign);
  const theirs = assign({}, config);
  assert.deepStrictEqual(mine, theirs);
  // The same keys in the same order, at every level.
  assert.equal(JSON.stringify(mine), JSON.stringify(theirs));
  // Fresh where mermaid's copy is fresh, the caller's own object where it shares it.
  const source = nodes(config);
  const a = nodes(mine);
  const b = nodes(theirs);
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [at, x] of a) assert.equal(x === source.get(at), b.get(at) === source.get(at), `${at}: shared in one copy only`);
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
