// scripts/eager-factories.mjs: the start-up bundle's CommonJS factories become parenthesised function expressions
// (compiled eagerly by V8), the bundle behaves the same, and a factory whose `this` or `arguments` matters is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
type Eager = { eagerFactories(code: string): { code: string; rewritten: number }; eagerFactoriesPlugin: esbuild.Plugin };
const load = async (): Promise<Eager> => (await import(path.join(ROOT, 'scripts/eager-factories.mjs'))) as Eager;
const HELPER = 'var q=(n,e)=>()=>{try{return e||n((e={exports:{}}).exports,e),e.exports}catch(t){throw e=0,t}};';

test('each factory of the helper is rewritten; one that reads its own this or arguments is kept', async () => {
  const { eagerFactories } = await load();
  const src = `${HELPER}var a=q((e,t)=>{"use strict";e.f=function(){return this};t.exports.g=()=>1}),b=q(e=>{e.n=arguments.length}),c=q((e,t)=>{t.exports=this}),d=r((e,t)=>{t.exports=2});`;
  const { code, rewritten } = eagerFactories(src);
  assert.equal(rewritten, 1);
  assert.equal(code, `${HELPER}var a=q((function(e,t){"use strict";e.f=function(){return this};t.exports.g=()=>1})),b=q(e=>{e.n=arguments.length}),c=q((e,t)=>{t.exports=this}),d=r((e,t)=>{t.exports=2});`);
  assert.deepEqual(eagerFactories('var x=q((e,t)=>{t.exports=1});'), { code: 'var x=q((e,t)=>{t.exports=1});', rewritten: 0 }, 'no helper, nothing rewritten');
  // A local of the helper's name inside a factory is another function: its call is left as it is.
  const local = `${HELPER}var a=q((e,t)=>{const q=(f)=>f();t.exports=q(()=>{return 1})});`;
  assert.equal(eagerFactories(local).code, `${HELPER}var a=q((function(e,t){const q=(f)=>f();t.exports=q(()=>{return 1})}));`);
});

test('a minified bundle built with the plugin behaves as one built without it', async () => {
  const { eagerFactoriesPlugin } = await load();
  const modules: Record<string, string> = {
    a: 'exports.sum = function () { let s = 0; for (const x of arguments) s += x; return s; }; exports.self = this === exports;',
    b: "'use strict'; const a = require('a'); class C { v = 2; get() { return this.v; } } module.exports = { total: a.sum(1, 2, 3), c: new C().get(), self: a.self };",
  };
  const virtual: esbuild.Plugin = {
    name: 'virtual',
    setup(build) {
      build.onResolve({ filter: /^[ab]$/ }, (args) => ({ path: args.path, namespace: 'v' }));
      build.onLoad({ filter: /.*/, namespace: 'v' }, (args) => ({ contents: modules[args.path], loader: 'js' }));
    },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-eager-'));
  const build = async (name: string, plugins: esbuild.Plugin[]): Promise<string> => {
    const outfile = path.join(dir, name);
    await esbuild.build({ stdin: { contents: "module.exports = require('b');", loader: 'js', resolveDir: dir }, bundle: true, minify: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent', plugins: [virtual, ...plugins] });
    return outfile;
  };
  const plain = await build('plain.js', []);
  const eager = await build('eager.js', [eagerFactoriesPlugin]);
  const text = fs.readFileSync(eager, 'utf8');
  assert.equal((text.match(/\(\(function\(/g) ?? []).length, 2, 'both factories rewritten');
  assert.notEqual(text, fs.readFileSync(plain, 'utf8'));
  const req = createRequire(eager);
  assert.deepEqual(req(eager), req(plain));
  assert.deepEqual(req(eager), { total: 6, c: 2, self: true });
});

test('every factory of the production start-up bundle is rewritten', async () => {
  const { clientBundles } = (await import(path.join(ROOT, 'scripts/client-bundles.mjs'))) as { clientBundles(node: esbuild.BuildOptions, outdir: string): esbuild.BuildOptions[] };
  const main = clientBundles({ absWorkingDir: ROOT, bundle: true, minify: true, legalComments: 'none', platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent', write: false }, path.join(os.tmpdir(), 'netlens-eager-main')).find((b) => b.outfile?.endsWith('client-main.js'))!;
  const text = (await esbuild.build(main)).outputFiles!.find((f) => f.path.endsWith('.js'))!.text;
  const helper = /var ([\w$]+)=\(([\w$]+),([\w$]+)\)=>\(\)=>\{try\{return \3\|\|\2\(/.exec(text)?.[1];
  assert.ok(helper, 'the bundle has esbuild\'s CommonJS helper');
  const esc = helper.replace(/\$/g, '\\$');
  const eager = text.match(new RegExp(`[^\\w$]${esc}\\(\\(function\\(`, 'g'))?.length ?? 0;
  const arrows = text.match(new RegExp(`[^\\w$]${esc}\\(\\(?[\\w$,]*\\)?=>`, 'g'))?.length ?? 0;
  // vscode-languageclient and its protocol libraries: about a hundred CommonJS modules.
  assert.ok(eager > 50, `${eager} factories rewritten`);
  assert.equal(arrows, 0, 'no factory left as an arrow');
});
