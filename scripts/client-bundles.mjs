// The extension client's bundles (esbuild options): one definition for esbuild.mjs and the activation and bundle-size benchmarks.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pruneFeaturesPlugin } from './client-features-prune.mjs';
import { eagerFactoriesPlugin } from './eager-factories.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Modules of vscode-languageclient that starting the client never calls, each a bundle of its own required on
 * first property access: minimatch serves glob document selectors and file-operation filters, which NetLens
 * does not register. A stand-in object answers `__esModule` (minimatch's CommonJS build sets it) so the client's
 * `__importStar` keeps the stand-in without loading the module.
 */
export const LAZY_MODULES = { minimatch: 'client-minimatch.js' };

/** semver's two functions the client calls, answered by client/src/semverCaret.ts (see there why). */
const SEMVER = /^semver\/functions\/(parse|satisfies)$/;

export const startupPlugin = {
  name: 'netlens-client-startup',
  setup(build) {
    build.onResolve({ filter: SEMVER }, (a) => ({ path: a.path, namespace: 'netlens-semver' }));
    build.onLoad({ filter: /.*/, namespace: 'netlens-semver' }, (a) => ({
      contents: `module.exports = require(${JSON.stringify(path.join(ROOT, 'client/src/semverCaret.ts'))}).${SEMVER.exec(a.path)[1]};`,
      resolveDir: ROOT,
      loader: 'js',
    }));
    const names = new RegExp(`^(${Object.keys(LAZY_MODULES).join('|')})$`);
    build.onResolve({ filter: names }, (a) => ({ path: a.path, namespace: 'netlens-lazy' }));
    build.onLoad({ filter: /.*/, namespace: 'netlens-lazy' }, (a) => ({
      // `__dirname` is the running bundle's folder (dist/), where the lazy bundle is written beside it.
      contents: `let real;
const load = () => (real ??= require(require('node:path').join(__dirname, ${JSON.stringify(LAZY_MODULES[a.path])})));
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? true : load()[key]), has: (_, key) => key in load() });`,
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * `node`: esbuild's Node options (production or not); `outdir`: where the bundles go. The entry (package.json
 * `main`) loads the start-up bundle through V8's code cache (client/src/boot.ts); the features bundle loads on
 * the first command that needs it (client/src/lazy.ts); the lazy modules on first use.
 */
export function clientBundles(node, outdir = 'dist') {
  const out = (f) => path.join(outdir, f);
  return [
    { ...node, entryPoints: ['client/src/boot.ts'], outfile: out('client.js'), external: ['vscode'] },
    { ...node, entryPoints: ['client/src/extension.ts'], outfile: out('client-main.js'), external: ['vscode'], plugins: [startupPlugin, pruneFeaturesPlugin, eagerFactoriesPlugin] },
    { ...node, entryPoints: ['client/src/features.ts'], outfile: out('client-features.js'), external: ['vscode'] },
    ...Object.entries(LAZY_MODULES).map(([name, file]) => ({ ...node, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: ROOT, loader: 'js' }, outfile: out(file) })),
  ];
}
