// textDocument/hover: the engine's hover on the workspace model; workload references link to file and line.
import type { Connection, Hover, HoverParams } from 'vscode-languageserver';
import { buildModel, hoverAt, type Span } from '../../core/index.ts';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spanToRange } from '../convert.ts';
import { safeRequest } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';
import { modelFor } from './topology.ts';

export async function hoverResult(service: Service, params: HoverParams): Promise<Hover | null> {
  const analysis = await service.analysis(params.textDocument.uri);
  if (!analysis) return null;
  const src = await modelFor(service, analysis.uri);
  const model = src?.model ?? buildModel([analysis.file], analysis.options);
  const lines = analysis.file.lines;
  // VS Code opens `file:///x.yaml#L12,5` at that line and column (1-based).
  const linkFor = (uri: string, span: Span): string => {
    const f = uri === analysis.uri ? analysis.file : src?.files.get(uri);
    if (!f) return uri;
    const p = f.lines.positionAt(span.start);
    return `${uri}#L${p.line + 1},${p.character + 1}`;
  };
  const docLink = (p: string): string => pathToFileURL(path.join(service.options.extensionRoot, p)).href;
  const r = hoverAt(analysis.file, lines.offsetAt(params.position), model, { defaultNamespace: analysis.options.defaultNamespace, linkFor, docLink, ...(src ? { workspace: { files: src.files, options: analysis.options } } : {}) });
  return r ? { contents: { kind: 'markdown', value: r.markdown }, range: spanToRange(lines, r.span) } : null;
}

export const hover: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(connection: Connection, service: Service): void {
    connection.onHover(safeRequest(service, 'textDocument/hover', null as Hover | null, (params: HoverParams) => hoverResult(service, params)));
  },
};
