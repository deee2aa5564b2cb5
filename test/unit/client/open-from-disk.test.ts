// The client's didOpen middleware (client/src/openFromDisk.ts): a large saved file document is announced with its
// length and hash and opened without its text when the server offers it; anything else opens as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import { documentText, openFromDiskMiddleware, type OpenClient } from '../../../client/src/openFromDisk.ts';

interface Doc {
  uri: { scheme: string; path: string };
  version: number;
  languageId: string;
  isDirty: boolean;
  isUntitled: boolean;
  getText(): string;
}

const doc = (text: string, over: Partial<Doc> = {}): Doc => ({
  uri: { scheme: 'file', path: '/w/big.yaml' },
  version: 3,
  languageId: 'yaml',
  isDirty: false,
  isUntitled: false,
  getText: () => text,
  ...over,
});

function client(min: unknown): OpenClient & { sent: { method: string; params: unknown }[] } {
  const sent: { method: string; params: unknown }[] = [];
  return {
    sent,
    initializeResult: { capabilities: { experimental: min === undefined ? undefined : { netlensOpenFromDisk: min } } },
    code2ProtocolConverter: { asUri: (u) => `file://${(u as unknown as Doc['uri']).path}` },
    sendNotification: async (method, params) => void sent.push({ method, params }),
  };
}

/** Runs the middleware's didOpen; returns the document `next` got and the notifications sent before it. */
async function open(c: OpenClient | undefined, d: Doc): Promise<{ passed: vscode.TextDocument; before: number }> {
  const mw = openFromDiskMiddleware(() => c);
  let passed: vscode.TextDocument | undefined;
  let before = -1;
  await mw.didOpen!(d as unknown as vscode.TextDocument, async (x) => {
    passed = x;
    before = (c as ReturnType<typeof client> | undefined)?.sent.length ?? 0;
  });
  return { passed: passed!, before };
}

test('a large saved document is announced, then opened with an empty text and its own uri and version', async () => {
  const text = 'key: 😀\n'.repeat(20);
  const c = client(100);
  const d = doc(text);
  const { passed, before } = await open(c, d);
  assert.equal(before, 1, 'the announcement is sent before the open');
  assert.deepEqual(c.sent, [{ method: 'netlens/openFromDisk', params: { uri: 'file:///w/big.yaml', version: 3, length: text.length, sha1: createHash('sha1').update(text, 'utf8').digest('hex') } }]);
  assert.notEqual(passed, d);
  assert.equal(passed.getText(), '');
  assert.equal(passed.uri, d.uri);
  assert.equal(passed.version, 3);
  assert.equal(passed.languageId, 'yaml');
});

test('small, unsaved, untitled or non-file documents, and servers without the capability, open as usual', async () => {
  const big = 'x'.repeat(200);
  for (const [what, c, d] of [
    ['below the size', client(100), doc('x'.repeat(99))],
    ['unsaved changes', client(100), doc(big, { isDirty: true })],
    ['untitled', client(100), doc(big, { isUntitled: true, uri: { scheme: 'untitled', path: 'Untitled-1' } })],
    ['another scheme', client(100), doc(big, { uri: { scheme: 'vscode-remote', path: '/w/big.yaml' } })],
    ['no capability', client(undefined), doc(big)],
    ['a capability that is not a size', client('yes'), doc(big)],
  ] as const) {
    const { passed } = await open(c, d);
    assert.equal(passed, d, what);
    assert.deepEqual(c.sent, [], what);
  }
  const d = doc(big);
  assert.equal((await open(undefined, d)).passed, d, 'no client yet');
});

test('documentText answers the open document text and version, or null', () => {
  const c = client(100);
  const d = doc('a: 1\n');
  const docs = [d as unknown as vscode.TextDocument];
  assert.deepEqual(documentText(c, docs, 'file:///w/big.yaml'), { version: 3, text: 'a: 1\n' });
  assert.equal(documentText(c, docs, 'file:///w/other.yaml'), null);
  assert.equal(documentText(c, docs, 42), null);
});
