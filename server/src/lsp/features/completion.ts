// textDocument/completion: the engine's items as LSP CompletionItems (text edits over the typed word, snippets
// when the client supports them, and "suggest again" after keys whose values NetLens completes too).
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Connection,
} from 'vscode-languageserver';
import { buildModel, completionListAt, type CompletionKind, type Model } from '../../core/index.ts';
import { isDeclined, spanToRange } from '../convert.ts';
import { safeRequest } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';
import { modelFor } from './topology.ts';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  label: CompletionItemKind.Field,
  port: CompletionItemKind.Value,
  namespace: CompletionItemKind.Module,
};

/** A snippet as plain text, for clients without snippet support: first choice, default text, no tab stops. */
export function snippetToPlain(s: string): string {
  return s
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/**
 * Items per answer at most. The label values of a namespace with 1,300 pods made a 400 KB answer (p95 over 20 ms
 * at 4,000 files); longer lists are cut to the best matches of the typed text and marked incomplete, so the
 * editor asks again as the user types.
 */
export const COMPLETION_LIMIT = 100;

/** How long completion waits for a folder's first model before completing from the document alone. */
const FRESH_WAIT_MS = 25;

/** Last model per workspace folder (or per document outside folders). */
const recent = new Map<string, Model>();

/**
 * The model completion reads labels and ports from. While the user types, every keystroke changes the workspace
 * and a fresh model means re-analysing it; the previous model is as good for other files' labels and ports (the
 * document being typed is read from its own text), so it answers now and a fresh one is computed for the next
 * request.
 */
async function completionModel(service: Service, uri: string): Promise<Model | undefined> {
  const index = (service as unknown as { index?: { folderOf(uri: string): string | undefined } }).index;
  const key = index?.folderOf(uri) ?? uri;
  const fresh = modelFor(service, uri).then((src) => {
    // Documents outside every folder have a key each: without a cap, every such file ever completed in keeps
    // its model (hover's table has the same cap).
    if (recent.size > 64) recent.clear();
    if (src) recent.set(key, src.model);
    return src?.model;
  });
  const hit = recent.get(key);
  fresh.catch((err: unknown) => service.logError('completion model', err));
  if (hit) return hit;
  if (!index?.folderOf(uri)) return fresh;
  // The first model of a folder waits for its index (seconds on a large workspace): complete from the
  // document alone unless the model is there within a moment; the next request has it.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), FRESH_WAIT_MS)));
  const first = await Promise.race([fresh, late]);
  clearTimeout(timer);
  return first;
}

export async function completionResult(service: Service, params: CompletionParams): Promise<CompletionList> {
  const analysis = await service.analysis(params.textDocument.uri);
  // A declined file (too large, binary, nested too deeply) has no documents: completion would parse all of
  // its text again for the cursor's "document".
  if (!analysis || isDeclined(analysis.file)) return EMPTY;
  const model = (await completionModel(service, analysis.uri)) ?? buildModel([analysis.file], analysis.options);
  const lines = analysis.file.lines;
  const snippets = service.clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  // Route values (Gateways, listeners, Services) need the workspace's files, not just the model.
  const routes = analysis.file.objects.some((o) => o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute');
  const src = routes ? await modelFor(service, analysis.uri) : undefined;
  // Edited meanwhile: this parse may have been moved under us (see Service.isCurrent); ask to be asked again.
  if (!service.isCurrent(analysis)) return { isIncomplete: true, items: [] };
  const { entries, incomplete } = completionListAt(analysis.file, lines.offsetAt(params.position), src?.model ?? model, {
    ...(src ? { workspace: { files: src.files, options: analysis.options } } : {}),
    limit: COMPLETION_LIMIT,
    defaultNamespace: analysis.options.defaultNamespace,
    clusterWorkloads: analysis.options.clusterWorkloads,
    ...(params.context?.triggerCharacter ? { triggerCharacter: params.context.triggerCharacter } : {}),
  });
  const items = entries.map((e): CompletionItem => {
    const snippet = e.snippet && snippets;
    const item: CompletionItem = {
      label: e.label,
      kind: KIND[e.kind],
      textEdit: { range: spanToRange(lines, e.span), newText: e.snippet && !snippets ? snippetToPlain(e.insertText) : e.insertText },
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      // Continuation lines of multi-line items are written relative to the cursor line's indentation.
      insertTextMode: InsertTextMode.adjustIndentation,
    };
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = { kind: 'markdown', value: e.documentation };
    if (e.sortText) item.sortText = e.sortText;
    if (e.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    return item;
  });
  return { isIncomplete: incomplete, items };
}

export const completion: Feature = {
  name: 'completion',
  // A space completes after `key: ` and `- `; letters trigger completion in the editor anyway.
  capabilities: () => ({ completionProvider: { triggerCharacters: [' '], resolveProvider: false } }),
  register(connection: Connection, service: Service): void {
    connection.onCompletion(safeRequest(service, 'textDocument/completion', EMPTY, (params: CompletionParams) => completionResult(service, params)));
  },
};
