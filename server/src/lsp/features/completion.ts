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
import { buildModel, completeAt, type CompletionKind } from '../../core/index.ts';
import { spanToRange } from '../convert.ts';
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

export async function completionResult(service: Service, params: CompletionParams): Promise<CompletionList> {
  const analysis = await service.analysis(params.textDocument.uri);
  if (!analysis) return EMPTY;
  const src = await modelFor(service, analysis.uri);
  const model = src?.model ?? buildModel([analysis.file], analysis.options);
  const lines = analysis.file.lines;
  const snippets = service.clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  const entries = completeAt(analysis.file, lines.offsetAt(params.position), model, {
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
  return { isIncomplete: false, items };
}

export const completion: Feature = {
  name: 'completion',
  // A space completes after `key: ` and `- `; letters trigger completion in the editor anyway.
  capabilities: () => ({ completionProvider: { triggerCharacters: [' '], resolveProvider: false } }),
  register(connection: Connection, service: Service): void {
    connection.onCompletion(safeRequest(service, 'textDocument/completion', EMPTY, (params: CompletionParams) => completionResult(service, params)));
  },
};
