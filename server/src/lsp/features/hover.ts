// textDocument/hover: the engine's hover on the workspace model; workload references link to file and line.
import type { Connection, Hover, HoverParams } from 'vscode-languageserver';
import { buildModel, hoverAt, type Span } from '../../core/index.ts';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeclined, spanToRange } from '../convert.ts';
import { safeRequest } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';
import { modelFor, type ModelSource } from './topology.ts';

/** The last workspace model hover used, per folder (or per document outside folders); `complete` once indexed. */
const recent = new Map<string, { src: ModelSource; complete: boolean }>();
/**
 * How long hover waits for a fresh workspace model before answering from the previous one: the answer then reads
 * the hovered text as it is and the workspace model (which workloads a selector matches) as it was one edit before.
 * 10 ms (was 25): while a large file is analysed, the slowest hover fell 42-46 -> 27-37 ms (1 MB line, 60,000-key
 * map, long lines) and 76-86 -> 60-73 ms (4.9 MB).
 */
const FRESH_WAIT_MS = 10;

/** Said under a hover answered before the workspace index was read: other files' workloads are missing. */
export const INDEXING_NOTE = '_NetLens is still indexing the workspace: workloads of files not read yet are not counted here._';

/**
 * The workspace model for a hover: the fresh one when it is ready within FRESH_WAIT_MS, else the previous one
 * (the fresh one is kept for the next hover). While a large workspace is re-analysed after an edit, hover stays
 * answered in milliseconds instead of waiting seconds; the document under the cursor is always read current.
 * During the first index of a folder there is no previous model: the answer then comes from the document alone
 * (`src` undefined) and says so (`complete` false), rather than waiting for every file to be parsed.
 */
async function hoverModel(service: Service, uri: string): Promise<{ src: ModelSource | undefined; complete: boolean }> {
  const folder = service.index.folderOf(uri);
  const key = folder ?? uri;
  // Before the first scan finished, a folder's model holds the open documents only.
  const complete = folder === undefined || service.index.ready;
  const fresh = modelFor(service, uri).then((src) => {
    if (recent.size > 64) recent.clear(); // documents outside every folder have a key each
    if (src) recent.set(key, { src, complete });
    return { src, complete };
  });
  const previous = recent.get(key) ?? (folder === undefined ? undefined : { src: undefined, complete: false });
  if (!previous) return fresh;
  fresh.catch((err: unknown) => service.logError('hover model', err));
  // While the folder's files are read, or a large document of it is parsed in slices, no fresh model can come
  // within the wait: answer at once (a hover during the 4.9 MB near-limit file's open waited the 10 ms for nothing).
  if (folder !== undefined && (service.index.walks(folder) || service.workspace.slicing((u) => service.index.folderOf(u) === folder))) return previous;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), FRESH_WAIT_MS)));
  const first = await Promise.race([fresh, late]);
  clearTimeout(timer);
  return first === 'late' ? previous : first;
}

export async function hoverResult(service: Service, params: HoverParams): Promise<Hover | null> {
  const analysis = await service.analysis(params.textDocument.uri);
  // Declined files (too large, binary, nested too deeply) have nothing to hover.
  if (!analysis || isDeclined(analysis.file)) return null;
  const { src, complete } = await hoverModel(service, analysis.uri);
  // Edited meanwhile: VS Code asks again for the new text; this parse may have been moved under us.
  if (!service.isCurrent(analysis)) return null;
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
  if (!r) return null;
  return { contents: { kind: 'markdown', value: complete ? r.markdown : `${r.markdown}\n\n${INDEXING_NOTE}` }, range: spanToRange(lines, r.span) };
}

export const hover: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(connection: Connection, service: Service): void {
    connection.onHover(safeRequest(service, 'textDocument/hover', null as Hover | null, (params: HoverParams) => hoverResult(service, params)));
  },
};
