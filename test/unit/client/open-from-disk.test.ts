// The client's middleware (client/src/openFromDisk.ts): the didOpen of a large saved file document goes as the
// announcement (length and digest) and a didOpen without the text, written back to back, when the server offers it;
// anything else is sent as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { documentText, openFromDiskMiddleware, savedIn, type OpenClient } from '../../../client/src/openFromDisk.ts';
import { textDigest } from '../../../server/src/protocol.ts';

const URI = 'file:///w/big.yaml';
const client = (min: unknown): OpenClient => ({
  initializeResult: { capabilities: { experimental: min === undefined ? undefined : { netlensOpenFromDisk: min } } },
  code2ProtocolConverter: { asUri: (u) => `file://${(u as unknown as { path: string }).path}` },
});
const openParams = (text: string, uri = URI) => ({ textDocument: { uri, languageId: 'yaml', version: 3, text } });

/** Sends `params` as `method` through the middleware; returns what reached the connection, in order. */
function send(c: OpenClient | undefined, saved: boolean, method: string | { method: string }, params: unknown): { method: string; params: unknown }[] {
  const written: { method: string; params: unknown }[] = [];
  const next = async (type: string | { method: string }, p?: unknown) => void written.push({ method: typeof type === 'string' ? type : type.method, params: p });
  const mw = openFromDiskMiddleware(() => c, (uri) => saved && uri === URI);
  void mw.sendNotification!(method as never, next as never, params);
  return written;
}

test('a large saved document: the announcement and the empty didOpen are written at once, in that order', () => {
  const text = 'key: 😀\n'.repeat(20);
  const params = openParams(text);
  const written = send(client(100), true, { method: 'textDocument/didOpen' }, params);
  assert.deepEqual(written, [
    { method: 'netlens/openFromDisk', params: { uri: URI, version: 3, length: text.length, sha256: textDigest(text) } },
    { method: 'textDocument/didOpen', params: openParams('') },
  ]);
  assert.equal(params.textDocument.text, text, 'the library\'s params are left as they were');
});

test('small, unsaved or non-file documents, other messages, and servers without the capability go as they are', () => {
  const big = 'x'.repeat(200);
  for (const [what, c, saved, method, params] of [
    ['below the size', client(100), true, 'textDocument/didOpen', openParams('x'.repeat(99))],
    ['unsaved changes', client(100), false, 'textDocument/didOpen', openParams(big)],
    ['another scheme', client(100), true, 'textDocument/didOpen', openParams(big, 'untitled:Untitled-1')],
    ['no capability', client(undefined), true, 'textDocument/didOpen', openParams(big)],
    ['a capability that is not a size', client('yes'), true, 'textDocument/didOpen', openParams(big)],
    ['no client yet', undefined, true, 'textDocument/didOpen', openParams(big)],
    ['another notification', client(100), true, 'textDocument/didChange', { textDocument: { uri: URI, version: 4 }, contentChanges: [{ text: big }] }],
  ] as const) {
    assert.deepEqual(send(c, saved, method, params), [{ method, params }], what);
  }
});

test('savedIn and documentText read the open documents by their protocol uri', () => {
  const c = client(100);
  const doc = (path: string, over: object = {}) => ({ uri: { path }, version: 3, isDirty: false, isUntitled: false, getText: () => 'a: 1\n', ...over }) as unknown as vscode.TextDocument;
  const docs = [doc('/w/big.yaml'), doc('/w/dirty.yaml', { isDirty: true })];
  assert.equal(savedIn(c, docs, URI), true);
  assert.equal(savedIn(c, docs, 'file:///w/dirty.yaml'), false);
  assert.equal(savedIn(c, docs, 'file:///w/closed.yaml'), false);
  assert.deepEqual(documentText(c, docs, URI), { version: 3, text: 'a: 1\n' });
  assert.equal(documentText(c, docs, 'file:///w/closed.yaml'), null);
  assert.equal(documentText(c, docs, 42), null);
});
