// The preview bundle as esbuild.mjs builds it: mermaid's flowchart, the ELK and dagre layouts and the cheaper
// configuration copy are in; the other diagram types and layouts are stand-ins, and so are their libraries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
type Plugins = { mermaidConfigCopy: esbuild.Plugin; mermaidFlowchartOnly: esbuild.Plugin };

async function build(): Promise<{ inputs: string[]; text: string; bytes: number }> {
  const { mermaidConfigCopy } = (await import(path.join(ROOT, 'scripts/mermaid-config-copy.mjs'))) as Plugins;
  const { mermaidFlowchartOnly } = (await import(path.join(ROOT, 'scripts/mermaid-flowchart-only.mjs'))) as Plugins;
  const r = await esbuild.build({
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    legalComments: 'none',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: ['media/preview.ts'],
    outfile: path.join(ROOT, 'dist', 'preview-test.js'),
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [mermaidConfigCopy, mermaidFlowchartOnly],
  });
  const file = r.outputFiles.find((f) => f.path.endsWith('.js')) as esbuild.OutputFile;
  return { inputs: Object.keys(r.metafile.inputs), text: file.text, bytes: file.contents.byteLength };
}

test('the preview bundle holds mermaid\'s flowchart with its layouts, and stand-ins for what NetLens never draws', async () => {
  const { inputs, text, bytes } = await build();
  const has = (re: RegExp): boolean => inputs.some((f) => re.test(f));
  assert.ok(has(/mermaid\/dist\/chunks\/mermaid\.core\/flowDiagram-/), 'the flowchart diagram');
  assert.ok(has(/mermaid\/dist\/chunks\/mermaid\.core\/elk-/) && has(/node_modules\/elkjs\//), 'the ELK layout');
  assert.ok(has(/mermaid\/dist\/chunks\/mermaid\.core\/dagre-/), 'the dagre layout');
  assert.ok(has(/media\/preview\/config-copy\.ts$/), 'the configuration copy');
  for (const absent of ['sequenceDiagram-', 'ganttDiagram-', 'classDiagram-v2-', 'mindmap-definition-', 'cose-bilkent-', 'swimlanes-']) {
    assert.ok(!inputs.some((f) => f.includes(`mermaid/dist/chunks/mermaid.core/${absent}`)), `${absent} is not bundled`);
    assert.ok(inputs.some((f) => f.startsWith('netlens-mermaid-stub:') && f.includes(absent)), `${absent} has a stand-in`);
  }
  assert.ok(!has(/node_modules\/cytoscape\//) && !has(/node_modules\/@mermaid-js\/parser\//), 'nor the libraries only they use');
  // A stand-in says what it is, should mermaid ever load one.
  assert.match(text, /NetLens's preview does not bundle this part of mermaid: sequenceDiagram-[A-Z0-9]+\.mjs/);
  // About half of the 5.4 MB this bundle was with every diagram type.
  assert.ok(bytes < 3_500_000, `${bytes} bytes`);
});
