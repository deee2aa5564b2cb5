// Stands in for vscode-languageclient's notebook synchronisation in the start-up bundle (scripts/client-features-prune.mjs).
import type * as vscode from 'vscode';
import { NotebookDocumentSyncRegistrationType, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver-protocol';

/** An event that never fires: no notebook is ever synchronised. */
const never = <T>(_listener: (e: T) => unknown, _thisArgs?: unknown, disposables?: vscode.Disposable[]): vscode.Disposable => {
  const d = { dispose: () => undefined };
  disposables?.push(d);
  return d;
};

/**
 * NetLens's server announces no `notebookDocumentSync` and its documents are YAML files, never notebook cells, so
 * the library's 20 KB implementation (compiled at every first activation) has nothing to do. The client itself
 * still asks for this feature: the pull-diagnostics feature subscribes to its four events, and the client asks
 * whether it handles a document. Announces no notebook capability; a server that announced one would be ignored.
 */
export class NotebookDocumentSyncFeature {
  static readonly CellScheme = 'vscode-notebook-cell';
  readonly registrationType = NotebookDocumentSyncRegistrationType.type;
  readonly onOpenNotificationSent = never;
  readonly onChangeNotificationSent = never;
  readonly onCloseNotificationSent = never;
  readonly onSaveNotificationSent = never;

  fillClientCapabilities(_capabilities: ClientCapabilities): void {}
  preInitialize(_capabilities: ServerCapabilities): void {}
  initialize(_capabilities: ServerCapabilities): void {}
  register(): void {}
  unregister(): void {}
  clear(): void {}
  getState(): { kind: 'document'; id: string; registrations: false; matches: false } {
    return { kind: 'document', id: this.registrationType.method, registrations: false, matches: false };
  }
  handles(_textDocument: vscode.TextDocument): boolean {
    return false;
  }
}
