// esbuild plugin for the preview bundle: mermaid's getConfig() copies its whole configuration through
// assignWithDepth; this puts media/preview/config-copy.ts's equal, cheaper copy in its place (see there why).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const COPY = fileURLToPath(new URL('../media/preview/config-copy.ts', import.meta.url));
const require = createRequire(import.meta.url);
/** mermaid 12.3.0's getConfig body, in the chunk of its core that defines the configuration functions. */
const BODY = 'var getConfig = /* @__PURE__ */ __name(() => {\n  return assignWithDepth_default({}, currentConfig);\n}, "getConfig");';
const PATCHED = 'var getConfig = /* @__PURE__ */ __name(() => {\n  return __netlensCopyConfig(currentConfig, assignWithDepth_default);\n}, "getConfig");';

/**
 * The chunk's text with getConfig replaced, or undefined when the chunk does not define it. Throws when it
 * defines a getConfig of another shape (a newer mermaid): the build stops rather than ship the slow copy unnoticed.
 */
export function patchConfigChunk(text) {
  if (!text.includes('var getConfig = ')) return undefined;
  if (text.split(BODY).length !== 2) throw new Error('mermaid-config-copy: mermaid\'s getConfig is not the one this patch knows (mermaid upgraded?); update scripts/mermaid-config-copy.mjs and media/preview/config-copy.ts');
  return `import { copyConfig as __netlensCopyConfig } from ${JSON.stringify(COPY)};\n${text.replace(BODY, PATCHED)}`;
}

/** The chunks of mermaid's core that hold the getConfig body this patch replaces (one in mermaid 12.3.0). */
function chunksWithBody() {
  const dir = path.join(path.dirname(require.resolve('mermaid/package.json')), 'dist', 'chunks', 'mermaid.core');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.mjs') && fs.readFileSync(path.join(dir, f), 'utf8').includes(BODY));
}

export const mermaidConfigCopy = {
  name: 'mermaid-config-copy',
  setup(build) {
    let patched = 0;
    /** The chunk that holds the body, found before the build: the only one onLoad reads itself. */
    let target = '';
    // Checked before anything is built, so a mermaid this patch does not know never leaves its slow bundle behind
    // (errors from onEnd come after the output is written).
    build.onStart(() => {
      patched = 0;
      const found = chunksWithBody();
      if (found.length !== 1) return { errors: [{ text: `mermaid-config-copy: ${found.length} chunks of mermaid hold the getConfig this patch replaces, expected 1 (mermaid upgraded?); update scripts/mermaid-config-copy.mjs and media/preview/config-copy.ts` }] };
      target = found[0];
      return undefined;
    });
    build.onLoad({ filter: /[\\/]mermaid[\\/]dist[\\/]chunks[\\/]mermaid\.core[\\/]chunk-[^\\/]+\.mjs$/ }, (args) => {
      // The other chunks esbuild reads as usual (read here as well, each was read twice per build).
      if (path.basename(args.path) !== target) return undefined;
      const contents = patchConfigChunk(fs.readFileSync(args.path, 'utf8'));
      if (contents === undefined) return undefined;
      patched++;
      return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
    // The bundle read another chunk than the one found above (mermaid resolved elsewhere): an error, though the
    // output is written by now.
    build.onEnd((result) => {
      if (result.errors.length === 0 && patched !== 1) return { errors: [{ text: `mermaid-config-copy: patched ${patched} definitions of mermaid's getConfig, expected 1` }] };
      return undefined;
    });
  },
};
