// Large open documents take edits through NetLens's line table (lsp/documents.ts): the same text as the library's
// TextDocument.update after every change, and a table equal to the new text's own, whatever the line breaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { computeLineStarts, DEFAULT_OPTIONS, LineIndex, lineStartsSteps } from '../../../server/src/core/index.ts';
import { diagnosticsSteps } from '../../../server/src/lsp/convert.ts';
import { documentsConfig, LARGE_DOCUMENT_CHARS, lineStartsOf, movedStarts } from '../../../server/src/lsp/documents.ts';
import { Workspace } from '../../../server/src/lsp/workspace.ts';

/** A seeded PRNG (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Line breaks of every kind, and text that lands next to them, so CRLF pairs are made and split by edits.
const PIECES = ['a', 'key: v', ' ', '\n', '\r\n', '\r', '😀', '\n\n', '\r\r\n', ''];

function piece(r: () => number): string {
  let s = '';
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

function change(r: () => number, text: string): TextDocumentContentChangeEvent {
  if (r() < 0.03) return { text: piece(r) + piece(r) };
  const lines = TextDocument.create('file:///x', 'yaml', 0, text).lineCount;
  // Positions past the last line, past a line's end and negative ones too: both sides must clamp alike.
  const pos = () => ({ line: Math.floor(r() * (lines + 2)) - (r() < 0.05 ? 1 : 0), character: Math.floor(r() * 12) - (r() < 0.05 ? 1 : 0) });
  return { range: { start: pos(), end: pos() }, text: piece(r) };
}

/**
 * The library's text after one change, from a document made for it: a long-lived library document moves its own
 * table over positions past the last line wrongly, so it is no reference for those (clients do not send them).
 */
function libraryApply(text: string, c: TextDocumentContentChangeEvent): string {
  return TextDocument.update(TextDocument.create('file:///x', 'yaml', 1, text), [c], 2).getText();
}

test('edits through the line table give the library text and a table equal to the new text', () => {
  const config = documentsConfig(0);
  let tabled = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const r = rng(seed);
    let expected = '';
    for (let i = 0; i < 40; i++) expected += piece(r);
    let ours = config.create('file:///a.yaml', 'yaml', 1, expected);
    for (let step = 0; step < 80; step++) {
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
        const c = change(r, expected);
        changes.push(c);
        expected = libraryApply(expected, c);
      }
      ours = config.update(ours, changes, step + 2);
      assert.equal(ours.getText(), expected, `seed ${seed}, step ${step}`);
      assert.equal(ours.version, step + 2);
      assert.equal(ours.uri, 'file:///a.yaml');
      assert.equal(ours.languageId, 'yaml');
      const table = lineStartsOf(ours);
      if (table) {
        tabled++;
        assert.deepEqual(table, computeLineStarts(expected), `seed ${seed}, step ${step}`);
      }
    }
  }
  // Not vacuous: nearly every update kept a table (the others replaced the whole text last).
  assert.ok(tabled > 60 * 80 * 0.9, `${tabled} updates kept a table`);
});

test('only documents from LARGE_DOCUMENT_CHARS on take the table; smaller ones keep the library path', () => {
  const config = documentsConfig();
  const small = config.update(config.create('file:///s.yaml', 'yaml', 1, 'a: 1\n'), [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: '2' }], 2);
  assert.equal(small.getText(), 'a: 2\n');
  assert.equal(lineStartsOf(small), undefined);
  const big = 'k: v\r\n'.repeat(Math.ceil(LARGE_DOCUMENT_CHARS / 6));
  const edited = config.update(config.create('file:///b.yaml', 'yaml', 1, big), [{ range: { start: { line: 7, character: 3 }, end: { line: 7, character: 4 } }, text: 'w\nx' }], 2);
  assert.equal(edited.getText(), big.slice(0, 45) + 'w\nx' + big.slice(46));
  assert.deepEqual(lineStartsOf(edited), computeLineStarts(edited.getText()));
  assert.deepEqual(edited.positionAt(48), { line: 8, character: 1 });
});

test('a change of neither kind is refused as the library refuses it', () => {
  const config = documentsConfig(0);
  const doc = config.create('file:///a.yaml', 'yaml', 1, 'a: 1\n');
  assert.throws(() => config.update(doc, [{ text: 3 } as unknown as TextDocumentContentChangeEvent], 2), /Unknown change event received/);
});

test('movedStarts: a CRLF pair joined and split by an edit at its middle', () => {
  // "a\r|\nb": deleting the \n leaves a lone \r (a break); inserting it back joins the pair again.
  const text = 'a\r\nb';
  const joined = 'a\rb';
  assert.deepEqual(movedStarts(computeLineStarts(text), text, 2, 3, ''), computeLineStarts(joined));
  assert.deepEqual(movedStarts(computeLineStarts(joined), joined, 2, 2, '\n'), [0, 3]);
});

test('the first edit takes the table its parse built; later ones move their own', () => {
  const text = 'a: 1\r\nb: 2\n'.repeat(100);
  let asked = 0;
  const config = documentsConfig(0, (doc) => {
    asked++;
    return doc.version === 1 ? computeLineStarts(doc.getText()) : undefined;
  });
  const edit = (line: number): TextDocumentContentChangeEvent => ({ range: { start: { line, character: 3 }, end: { line, character: 4 } }, text: '9\n' });
  const v2 = config.update(config.create('file:///a.yaml', 'yaml', 1, text), [edit(5)], 2);
  const v3 = config.update(v2, [edit(50)], 3);
  assert.equal(asked, 1);
  assert.deepEqual(lineStartsOf(v3), computeLineStarts(v3.getText()));
});

test('a large document and its parse share one line table', () => {
  const ws = new Workspace();
  const uri = 'file:///w/big.yaml';
  const synced = (ws.documents as unknown as { _syncedDocuments: Map<string, TextDocument> })._syncedDocuments;
  const update = (ws.documents as unknown as { _configuration: ReturnType<typeof documentsConfig> })._configuration.update;
  const v1 = TextDocument.create(uri, 'yaml', 1, 'kind: ConfigMap\ndata:\n  k: v\n---\n'.repeat(Math.ceil(LARGE_DOCUMENT_CHARS / 30)));
  synced.set(uri, v1);
  const first = ws.parse(v1, DEFAULT_OPTIONS);
  assert.deepEqual(first.lines.positionAt(40), { line: 4, character: 7 });
  const v2 = update(v1, [{ range: { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } }, text: 'w' }], 2);
  synced.set(uri, v2);
  const table = lineStartsOf(v2);
  assert.deepEqual(table, computeLineStarts(v2.getText()));
  const second = ws.parse(v2, DEFAULT_OPTIONS);
  assert.equal(second.lines.known(), table, 'the parse of the new version took the document table');
});

test('a large text line table is built in steps, equal to the one-pass table, and diagnostics take it', () => {
  // Every kind of line break, over 3 MB: several stops, and the same table as a plain scan finds.
  const plain = (text: string): number[] => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    return starts;
  };
  for (const unit of ['k: v\n', 'k: v\r\n', 'k: v\r', 'a\r\r\nb\n\n']) {
    const text = unit.repeat(Math.ceil(3_000_000 / unit.length));
    const steps = lineStartsSteps(text);
    let stops = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) stops++;
    assert.ok(stops >= 2, `${JSON.stringify(unit)}: ${stops} stops`);
    assert.deepEqual(r.value, plain(text), JSON.stringify(unit));
  }
  const text = 'kind: A\n'.repeat(400_000);
  const lines = new LineIndex(text);
  const f = { uri: 'file:///a.yaml', span: { start: text.length - 3, end: text.length - 1 }, code: 'x', severity: 'error' as const, message: 'm' };
  const steps = diagnosticsSteps([f], lines, { extensionRoot: '/ext' });
  let stops = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) stops++;
  assert.ok(stops >= 2, `${stops} stops before the first position`);
  assert.deepEqual(r.value[0]?.range, { start: { line: 399_999, character: 5 }, end: { line: 399_999, character: 7 } });
  assert.ok(lines.known());
});
