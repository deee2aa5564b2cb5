// Large saved files are opened without their text (server/src/protocol.ts netlens/openFromDisk): the didOpen
// middleware that announces them, and the answer the server asks for when the file on disk is not the editor's.
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { OpenFromDiskNotification, type DocumentTextResult, type OpenFromDiskParams } from '../../server/src/protocol.ts';

/** What the middleware needs of the running language client. */
export interface OpenClient {
  readonly initializeResult?: { capabilities: { experimental?: unknown } };
  readonly code2ProtocolConverter: { asUri(uri: vscode.Uri): string };
  sendNotification(method: string, params: unknown): Promise<void>;
}

/** The size from which the server takes a saved document from disk; undefined when it does not. */
function threshold(client: OpenClient): number | undefined {
  const experimental = client.initializeResult?.capabilities.experimental as { netlensOpenFromDisk?: unknown } | undefined;
  const min = experimental?.netlensOpenFromDisk;
  return typeof min === 'number' && min > 0 ? min : undefined;
}

/**
 * A saved `file:` document of at least the server's threshold is announced with its length and hash, then opened
 * with an empty text: the extension host no longer writes megabytes of JSON, nor the server's channel parses them.
 * The library still records the document as open (its changes and pulls go on as usual): it is handed a view of the
 * document whose only difference is the empty text.
 */
export function openFromDiskMiddleware(client: () => OpenClient | undefined): Pick<Middleware, 'didOpen'> {
  return {
    async didOpen(document, next) {
      const c = client();
      const min = c ? threshold(c) : undefined;
      if (!c || min === undefined || document.uri.scheme !== 'file' || document.isDirty || document.isUntitled) return next(document);
      const text = document.getText();
      if (text.length < min) return next(document);
      const params: OpenFromDiskParams = { uri: c.code2ProtocolConverter.asUri(document.uri), version: document.version, length: text.length, sha1: createHash('sha1').update(text, 'utf8').digest('hex') };
      await c.sendNotification(OpenFromDiskNotification.method, params);
      return next(Object.create(document, { getText: { value: () => '' } }) as vscode.TextDocument);
    },
  };
}

/** netlens/documentText: the open document's text and version now, or null when it is not open. */
export function documentText(client: OpenClient, open: readonly vscode.TextDocument[], uri: unknown): DocumentTextResult {
  const doc = typeof uri === 'string' ? open.find((d) => client.code2ProtocolConverter.asUri(d.uri) === uri) : undefined;
  return doc ? { version: doc.version, text: doc.getText() } : null;
}
