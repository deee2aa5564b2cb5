// The client's bundles (scripts/client-bundles.mjs): what starts the language client holds no preview, reports,
// reach, semver or minimatch code; the features bundle and minimatch load on first use, and work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
type Bundles = { clientBundles(node: esbuild.BuildOptions, outdir: string): esbuild.BuildOptions[]; startupPlugin: esbuild.Plugin; LAZY_MODULES: Record<string, string> };
const load = async (): Promise<Bundles> => (await import(path.join(ROOT, 'scripts/client-bundles.mjs'))) as Bundles;
/**
 * Whether a bundle input comes from package `dir` (e.g. `node_modules/minimatch/`). Inputs are paths relative to
 * the project, from node_modules' real path: in a git worktree whose node_modules links to another checkout's they
 * begin with `../<that checkout>/node_modules/`.
 */
const from = (dir: string) => (f: string): boolean => f.startsWith(dir) || f.includes(`/${dir}`);
const NODE: esbuild.BuildOptions = { absWorkingDir: ROOT, bundle: true, minify: true, legalComments: 'none', platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent', metafile: true, write: false };

test('the start-up bundle holds only what starting the client needs; the rest is in bundles of its own', async () => {
  const { clientBundles } = await load();
  const built = await Promise.all(clientBundles(NODE, path.join(os.tmpdir(), 'netlens-bundles')).map(async (b) => [path.basename(b.outfile!), Object.keys((await esbuild.build(b)).metafile!.inputs)] as const));
  const inputs = new Map(built);
  assert.deepEqual([...inputs.keys()].sort(), ['client-features.js', 'client-main.js', 'client-minimatch.js', 'client.js']);
  const main = inputs.get('client-main.js')!;
  assert.ok(main.some(from('node_modules/vscode-languageclient/')), 'the language client is in the start-up bundle');
  const own = main.filter((f) => f.startsWith('client/src/')).sort();
  assert.deepEqual(own, ['client/src/client.ts', 'client/src/commands.ts', 'client/src/extension.ts', 'client/src/lazy.ts', 'client/src/notebookStub.ts', 'client/src/openFromDisk.ts', 'client/src/ruleDocs.ts', 'client/src/semverCaret.ts', 'client/src/status.ts']);
  for (const absent of ['node_modules/semver/', 'node_modules/minimatch/', 'node_modules/brace-expansion/']) assert.ok(!main.some(from(absent)), `${absent} is not in the start-up bundle`);
  // The client's features the server never uses (scripts/client-features-prune.mjs).
  for (const absent of ['rename', 'semanticTokens', 'fileOperations', 'formatting', 'inlayHint', 'notebook']) assert.ok(!main.some(from(`node_modules/vscode-languageclient/lib/common/${absent}.js`)), `${absent}.js is not in the start-up bundle`);
  for (const kept of ['hover', 'completion', 'codeAction', 'diagnostic']) assert.ok(main.some(from(`node_modules/vscode-languageclient/lib/common/${kept}.js`)), `${kept}.js is in the start-up bundle`);
  const features = inputs.get('client-features.js')!;
  for (const f of ['client/src/preview/panel.ts', 'client/src/preview/reports.ts', 'client/src/reach.ts']) assert.ok(features.includes(f), `${f} is in the features bundle`);
  assert.ok(!features.some(from('node_modules/vscode-languageclient/')), 'the features bundle does not carry a second language client');
  assert.ok(inputs.get('client-minimatch.js')!.some(from('node_modules/minimatch/')));
});

test('a lazy module loads on first use, through the stand-in, as the language client imports it', async () => {
  const { startupPlugin, LAZY_MODULES, clientBundles } = await load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lazy-'));
  const lazy = clientBundles({ ...NODE, write: true, metafile: false }, dir).filter((b) => Object.values(LAZY_MODULES).includes(path.basename(b.outfile!)));
  await Promise.all(lazy.map((b) => esbuild.build(b)));
  // The client's compiled TypeScript reads minimatch through `__importStar`, which keeps an object saying `__esModule`.
  const entry = `var __importStar = (m) => (m && m.__esModule ? m : { default: m, copied: Object.keys(m) });
const minimatch = __importStar(require('minimatch'));
module.exports = { minimatch };`;
  await esbuild.build({ ...NODE, write: true, metafile: false, stdin: { contents: entry, resolveDir: ROOT, loader: 'js' }, outfile: path.join(dir, 'probe.js'), plugins: [startupPlugin] });
  const lazyFile = path.join(dir, LAZY_MODULES.minimatch!);
  const req = createRequire(path.join(dir, 'probe.js'));
  const { minimatch } = req(path.join(dir, 'probe.js')) as { minimatch: { Minimatch: new (p: string, o?: object) => { match(s: string): boolean } } };
  assert.equal(req.cache[lazyFile], undefined, 'importing minimatch loads nothing');
  assert.equal(new minimatch.Minimatch('**/*.{yaml,yml}').match('a/b/c.yaml'), true);
  assert.equal(new minimatch.Minimatch('**/*.{yaml,yml}').match('a/b/c.json'), false);
  assert.ok(req.cache[lazyFile], 'the first use loaded dist/client-minimatch.js');
});
