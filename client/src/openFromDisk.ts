// Large saved files are opened without their text (server/src/protocol.ts netlens/openFromDisk): the notification
// middleware that announces them, and the answer the server asks for when the file on disk is not the editor's.
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { OpenFromDiskNotification, textDigest, type DocumentTextResult, type OpenFromDiskParams } from '../../server/src/protocol.ts';

/** What the middleware needs of the running language client. */
export interface OpenClient {
  readonly initializeResult?: { capabilities: { experimental?: unknown } };
  readonly code2ProtocolConverter: { asUri(uri: vscode.Uri): string };
}

/** The size from which the server takes a saved document from disk; undefined when it does not. */
function threshold(client: OpenClient): number | undefined {
  const experimental = client.initializeResult?.capabilities.experimental as { netlensOpenFromDisk?: unknown } | undefined;
  const min = experimental?.netlensOpenFromDisk;
  return typeof min === 'number' && min > 0 ? min : undefined;
}

interface OpenParams {
  textDocument: { uri: string; languageId: string; version: number; text: string };
}

/**
 * The didOpen of a saved `file:` document of at least the server's threshold goes as the announcement (length and
 * digest of the text) followed by the didOpen with an empty text: the extension host no longer writes megabytes of
 * JSON, nor the server's channel parses them. Done as the message is written, not in the didOpen middleware, so
 * the library keeps the real document everywhere, the announced version is the sent one, and the two messages are
 * written back to back. `isSaved(uri)`: the editor's document has no unsaved changes.
 */
export function openFromDiskMiddleware(client: () => OpenClient | undefined, isSaved: (uri: string) => boolean): Pick<Middleware, 'sendNotification'> {
  return {
    sendNotification(type, next, params) {
      const method = typeof type === 'string' ? type : type.method;
      const doc = method === 'textDocument/didOpen' ? (params as OpenParams | undefined)?.textDocument : undefined;
      const c = doc ? client() : undefined;
      const min = c ? threshold(c) : undefined;
      if (!doc || min === undefined || typeof doc.text !== 'string' || doc.text.length < min || !doc.uri.startsWith('file:') || !isSaved(doc.uri)) return next(type, params);
      const announce: OpenFromDiskParams = { uri: doc.uri, version: doc.version, length: doc.text.length, sha256: textDigest(doc.text) };
      // Both written now, back to back: the library's path to here is done, and `next` is the connection's own send.
      void (next as (type: string, params: unknown) => Promise<void>)(OpenFromDiskNotification.method, announce).catch(() => undefined);
      return next(type, { ...params, textDocument: { ...doc, text: '' } } as typeof params);
    },
  };
}

/** Whether the editor's open document with this (protocol) uri is saved: no unsaved changes, not untitled. */
export function savedIn(client: OpenClient, open: readonly vscode.TextDocument[], uri: string): boolean {
  const doc = open.find((d) => client.code2ProtocolConverter.asUri(d.uri) === uri);
  return doc !== undefined && !doc.isDirty && !doc.isUntitled;
}

/** netlens/documentText: the open document's text and version now, or null when it is not open. */
export function documentText(client: OpenClient, open: readonly vscode.TextDocument[], uri: unknown): DocumentTextResult {
  const doc = typeof uri === 'string' ? open.find((d) => client.code2ProtocolConverter.asUri(d.uri) === uri) : undefined;
  return doc ? { version: doc.version, text: doc.getText() } : null;
}
