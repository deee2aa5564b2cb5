// Incremental == full through the real server: seeded random edits sent as ranged didChange events to one open
// document; after each edit its diagnostics equal those of a second document opened fresh with the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DidChangeTextDocumentNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { Harness, ROOT } from './harness.ts';
import { apply, randomEdit, rng } from '../unit/incremental/edits.ts';
import { multiDocFile } from '../fixtures/generate.ts';

/** LSP position of an offset (the texts here have `\n` line ends only). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** What the user sees of a publish, with the document's own uri and version made neutral (the fresh copy differs). */
function seen(p: PublishDiagnosticsParams): string {
  const data = (d: unknown): unknown => (typeof d === 'object' && d !== null && 'version' in d ? { ...d, version: 0 } : d);
  return JSON.stringify(p.diagnostics.map((d) => ({ ...d, data: data(d.data), relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: { ...r.location, uri: r.location.uri === p.uri ? 'self' : r.location.uri } })) })));
}

test('after every ranged edit, the diagnostics equal a fresh analysis of the same text', async () => {
  // A generated multi-document file, then the examples' policies and broken files appended as more documents.
  const extra = ['examples/shop/policies', 'examples/broken'].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(ROOT, d, f), 'utf8')));
  let text = [multiDocFile(400, 3), ...extra].join('---\n');
  const h = await Harness.start();
  try {
    const uri = 'file:///edited/all.yaml';
    await h.open(uri, text, 1);
    await h.nextPublish(uri, (p) => p.version === 1);
    const r = rng(42);
    for (let version = 2; version <= 26; version++) {
      const e = randomEdit(text, r);
      const inserted = e.text.replace(/\r|\uFEFF/g, '');
      const change = { range: { start: positionAt(text, e.start), end: positionAt(text, e.end) }, text: inserted };
      const since = h.publishes.length;
      await h.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      text = apply(text, { ...e, text: inserted });
      const edited = await h.nextPublish(uri, (p) => p.version === version, since);
      const fresh = `file:///fresh/${version}.yaml`;
      await h.open(fresh, text, 1);
      const expected = await h.nextPublish(fresh, (p) => p.version === 1, since);
      assert.equal(seen(edited), seen(expected), `edit ${version}: ${JSON.stringify(change)}`);
      await h.close(fresh);
    }
  } finally {
    assert.equal(await h.stop(), 0);
  }
});
