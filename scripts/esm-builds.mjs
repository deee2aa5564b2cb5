// esbuild plugins that bundle libraries from their ES module builds: one definition for esbuild.mjs and bench/bundle-size.mjs.
import { fileURLToPath } from 'node:url';

const modulePath = (rel) => fileURLToPath(new URL(`../node_modules/${rel}`, import.meta.url));

/**
 * The yaml library's ES module build (its browser entry, the same code): bundled as ES modules its functions are
 * called directly, where the CommonJS build goes through a getter per imported name, and its parser reads
 * process.env.LOG_TOKENS once per token; together 12% of the CPU of `netlens check` on 2,000 files.
 */
export const yamlEsm = {
  name: 'yaml-esm',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: modulePath('yaml/browser/index.js') }));
  },
};

/**
 * The CEL libraries (@bufbuild/*) are required on first use (server/src/core/validate/cel-lib.ts), which would
 * bundle their CommonJS builds: 106 KB more in the CLI bundle, and a second copy of any module the ES module build
 * of another imports. A require of one resolves to its ES module build instead, which esbuild, since it is
 * required, wraps in an initialiser that runs at that first use.
 */
export const celEsm = {
  name: 'cel-esm',
  setup(build) {
    build.onResolve({ filter: /^@bufbuild\//, namespace: 'file' }, async (a) => {
      if (a.kind !== 'require-call' || a.pluginData === 'cel-esm') return undefined;
      const r = await build.resolve(a.path, { kind: 'import-statement', resolveDir: a.resolveDir, importer: a.importer, pluginData: 'cel-esm' });
      return r.errors.length > 0 ? { errors: r.errors } : { path: r.path, namespace: r.namespace, external: r.external, sideEffects: r.sideEffects };
    });
  },
};
