// A keystroke in a large open document is re-parsed in slices (Workspace.prepare); a parse() of that version while
// the slices run finishes them rather than parsing again: after the re-parse consumed the previous parse, a parse
// from that one would read the whole text (and in one go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { consumed, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { Workspace } from '../../../server/src/lsp/workspace.ts';
import { snapshot } from '../incremental/edits.ts';

const opts = DEFAULT_OPTIONS;
const policy = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: a${i}}\n  policyTypes: [Ingress]\n`;

test('a parse() while a re-parse runs in slices, after it consumed the previous parse, finishes it (kept documents re-used)', async () => {
  const ws = new Workspace();
  const uri = 'file:///w/big.yaml';
  const doc = TextDocument.create(uri, 'yaml', 1, Array.from({ length: 4000 }, (_, i) => policy(i)).join('---\n'));
  // The server's document manager holds the open document (the re-parse is dropped for a closed one).
  (ws.documents as unknown as { _syncedDocuments: Map<string, TextDocument> })._syncedDocuments.set(uri, doc);
  assert.equal(await ws.prepare(doc, opts), true);
  const first = ws.parse(doc, opts);
  assert.equal(ws.parseCount, 1);
  const at = doc.getText().indexOf('name: p2000\n') + 'name: p2000'.length;
  TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'x' }], 2);
  const prepared = ws.prepare(doc, opts);
  // Ordering, not time: turn the event loop until the slices have consumed the previous parse.
  while (!consumed(first)) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(ws.parseOf(uri, 2), undefined, 'the re-parse is still running');
  const file = ws.parse(doc, opts);
  assert.equal(ws.parseCount, 2);
  assert.equal(file.docs[0], first.docs[0], 'the documents before the edit are kept, not parsed again');
  assert.deepEqual(snapshot(file), snapshot(parseFile(uri, doc.getText(), opts)));
  await prepared;
  assert.equal(ws.parse(doc, opts), file);
  assert.equal(ws.parseCount, 2);
});

test('a request during the slices that warm an adopted parse waits for them instead of running the rest in one go', async () => {
  const ws = new Workspace();
  const uri = 'file:///w/adopted.yaml';
  const text = Array.from({ length: 4000 }, (_, i) => policy(i)).join('---\n');
  const doc = TextDocument.create(uri, 'yaml', 1, text);
  (ws.documents as unknown as { _syncedDocuments: Map<string, TextDocument> })._syncedDocuments.set(uri, doc);
  // The workspace index's parse of the same text, taken over on open (its per-object rules not run yet).
  ws.adoptDiskParse = (u, t) => (u === uri && t === text ? parseFile(uri, text, opts) : undefined);
  let warmed = false;
  const opening = ws.prepare(doc, opts).then((sliced) => {
    warmed = true;
    return sliced;
  });
  // Ordering, not time: the parse is adopted at once, the warming goes on in slices.
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(ws.parseOf(uri, 1), 'the parse is adopted');
  assert.equal(warmed, false, 'the warming runs in slices');
  // A second request (a diagnostics pull beside the index's listing) finds the parse cached: it waits for the warming.
  assert.equal(await ws.prepare(doc, opts), true);
  assert.equal(warmed, true);
  assert.equal(await opening, true);
  assert.equal(ws.parseCount, 0, 'nothing parsed: the adopted parse serves both');
});
