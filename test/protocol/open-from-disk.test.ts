// A large saved file opened as NetLens's client opens it (netlens/openFromDisk, then didOpen without the text): the
// server reads the file, and its diagnostics are those of the same text sent in full; a change sent right behind
// the open is applied after it; a file that is not the editor's text is replaced by the editor's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, DocumentDiagnosticRequest, HoverRequest, type FullDocumentDiagnosticReport, type Hover } from 'vscode-languageserver-protocol/node';
import { OPEN_FROM_DISK_CHARS, textDigest } from '../../server/src/protocol.ts';
import { Harness } from './harness.ts';

const DEPLOYMENT = (i: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app${i}, namespace: shop}
spec:
  selector: {matchLabels: {app: app${i}}}
  template:
    metadata: {labels: {app: app${i}}}
    spec: {containers: [{name: c, image: x}]}
---
`;
// Its misspelt policy type is the file's one file-rule finding, on the last line.
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: app0, namespace: shop}
spec:
  podSelector: {matchLabels: {app: app0}}
  policyTypes: [Ingres]
`;

function bigText(): string {
  let s = '';
  for (let i = 0; s.length < OPEN_FROM_DISK_CHARS; i++) s += DEPLOYMENT(i);
  return s + POLICY;
}

const lines = (s: string): number => s.split('\n').length - 1;

async function start(t: { after(fn: () => Promise<unknown> | void): void }, disk: string): Promise<{ h: Harness; uri: string }> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-disk-open-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'big.yaml'), disk);
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  t.after(() => h.stop());
  assert.equal((h.initializeResult?.capabilities.experimental as { netlensOpenFromDisk?: number }).netlensOpenFromDisk, OPEN_FROM_DISK_CHARS);
  return { h, uri: pathToFileURL(path.join(dir, 'big.yaml')).href };
}

async function openFromDisk(h: Harness, uri: string, editorText: string, version = 1): Promise<void> {
  await h.conn.sendNotification('netlens/openFromDisk', { uri, version, length: editorText.length, sha256: textDigest(editorText) });
  await h.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text: '' } });
}

const pull = async (h: Harness, uri: string): Promise<FullDocumentDiagnosticReport> => (await h.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
const summary = (r: FullDocumentDiagnosticReport): string[] => r.items.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);

test('a file opened from disk has the diagnostics of its text sent in full, and a change sent behind the open applies', async (t) => {
  const text = bigText();
  const { h, uri } = await start(t, text);
  let asked = 0;
  h.conn.onRequest('netlens/documentText', () => (asked++, null));
  await openFromDisk(h, uri, text);
  const last = lines(text) - 1;
  // A hover sent right behind the open waits for it (the document is not answered as closed meanwhile).
  const hover = (await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: last - 1, character: 4 } })) as Hover | null;
  assert.match(JSON.stringify(hover?.contents ?? null), /app0/);
  const fromDisk = summary(await pull(h, uri));
  assert.ok(fromDisk.includes(`invalid-policy-types ${last}:16-${last}:22`), fromDisk.join('\n'));
  // The same text sent in full, as a version 2 after a close.
  await h.close(uri);
  await h.open(uri, text, 2);
  assert.deepEqual(summary(await pull(h, uri)), fromDisk);
  await h.close(uri);
  // A change right behind the open (before the server has read the file): a second misspelt type on line 0's policy.
  await openFromDisk(h, uri, text, 3);
  const policyTypes = last;
  await h.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 4 },
    contentChanges: [{ range: { start: { line: policyTypes, character: 22 }, end: { line: policyTypes, character: 22 } }, text: ', Egres' }],
  });
  const changed = summary(await pull(h, uri));
  assert.ok(changed.includes(`invalid-policy-types ${last}:16-${last}:22`), changed.join('\n'));
  assert.ok(changed.includes(`invalid-policy-types ${last}:24-${last}:29`), changed.join('\n'));
  assert.equal(asked, 0, 'the file was the editor text');
  assert.deepEqual((await h.conn.sendRequest('netlens/indexStats', {}) as { diskOpens: unknown }).diskOpens, { read: 2, asked: 0 });
});

test('a file that is not the editor text: the server asks the editor and analyses its answer', async (t) => {
  const editor = bigText();
  // On disk: the policy spelt right (no finding); in the editor: misspelt, one version later.
  const { h, uri } = await start(t, editor.replace('[Ingres]', '[Ingress]'));
  const asked: unknown[] = [];
  h.conn.onRequest('netlens/documentText', (p: unknown) => (asked.push(p), { version: 2, text: editor }));
  await openFromDisk(h, uri, editor);
  const last = lines(editor) - 1;
  const got = summary(await pull(h, uri));
  assert.deepEqual(asked, [{ uri }]);
  assert.ok(got.includes(`invalid-policy-types ${last}:16-${last}:22`), got.join('\n'));
  assert.match(h.logs.map((l) => l.message).join('\n'), /not the editor's text; asking the editor/);
  assert.deepEqual((await h.conn.sendRequest('netlens/indexStats', {}) as { diskOpens: unknown }).diskOpens, { read: 0, asked: 1 });
});
