// esbuild plugin for the preview bundle: of what mermaid imports on first use, only what NetLens's topology draws is
// bundled: the flowchart diagram (core/topology/mermaid.ts writes `flowchart LR`) with the ELK layout the preview
// asks for, and dagre, mermaid's default layout. The other diagram types and the cose-bilkent and swimlanes
// layouts become stand-ins that fail with a clear message should one ever be loaded.
//
// Why: a one-file webview bundle (esbuild, iife) holds every module mermaid imports lazily, and the webview parses
// all of it before the first render: 2.5 of the 5.4 MB preview bundle were diagram types and layouts NetLens never
// draws (bench/README.md, seventh session of 2026-12-04).

const CORE = /[\\/]mermaid[\\/]dist[\\/]mermaid\.core\.mjs$/;
const CHUNKS = /[\\/]mermaid[\\/]dist[\\/]chunks[\\/]mermaid\.core[\\/][^\\/]+\.mjs$/;
/** Diagram types, which mermaid's core imports when a text of their kind is rendered. */
const DIAGRAM = /^\.\/chunks\/mermaid\.core\/([A-Za-z0-9-]+)-[A-Z0-9]+\.mjs$/;
/** Layout algorithms, which mermaid's layout registry imports when a diagram asks for them. */
const LAYOUT = /^\.\/(elk|dagre|cose-bilkent|swimlanes)-[A-Z0-9]+\.mjs$/;
/** Per kind of lazy import: its path, the mermaid module that makes it, and the names kept real. */
const LAZY = [
  { path: DIAGRAM, importer: CORE, keep: new Set(['flowDiagram']) },
  { path: LAYOUT, importer: CHUNKS, keep: new Set(['elk', 'dagre']) },
];

export const mermaidFlowchartOnly = {
  name: 'mermaid-flowchart-only',
  setup(build) {
    const kept = new Set();
    build.onStart(() => {
      kept.clear();
    });
    for (const { path, importer, keep } of LAZY) {
      build.onResolve({ filter: path }, (args) => {
        if (args.kind !== 'dynamic-import' || !importer.test(args.importer)) return undefined;
        const name = path.exec(args.path)[1];
        if (!keep.has(name)) return { path: args.path, namespace: 'netlens-mermaid-stub' };
        kept.add(name);
        return undefined;
      });
    }
    build.onLoad({ filter: /.*/, namespace: 'netlens-mermaid-stub' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`NetLens's preview does not bundle this part of mermaid: ${args.path.replace(/^.*\//, '')}`)});`,
      loader: 'js',
    }));
    // What the preview needs was not seen where it was: mermaid's layout changed, and the preview would draw nothing.
    build.onEnd((result) => {
      const missing = LAZY.flatMap(({ keep }) => [...keep]).filter((n) => !kept.has(n));
      if (result.errors.length === 0 && missing.length > 0) return { errors: [{ text: `mermaid-flowchart-only: mermaid never imported ${missing.join(', ')} where expected (mermaid upgraded?); update scripts/mermaid-flowchart-only.mjs` }] };
      return undefined;
    });
  },
};
