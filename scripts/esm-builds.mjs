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

const CEL_ESM = { '@bufbuild/cel': '@bufbuild/cel/dist/esm/index.js', '@bufbuild/cel/ext': '@bufbuild/cel/dist/esm/ext/index.js', '@bufbuild/re2': '@bufbuild/re2/dist/esm/index.js' };

/**
 * The CEL libraries are required on first use (server/src/core/validate/cel-lib.ts), which would bundle their
 * CommonJS builds: 106 KB more in the CLI bundle. Their ES module builds instead, which esbuild, since they are
 * required, wraps in initialisers that run at that first use.
 */
export const celEsm = {
  name: 'cel-esm',
  setup(build) {
    build.onResolve({ filter: /^@bufbuild\/(cel|cel\/ext|re2)$/ }, (a) => ({ path: modulePath(CEL_ESM[a.path]) }));
  },
};
