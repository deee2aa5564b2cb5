// A finding's related place in another file is a range in that file (its line and column), for a file read from
// disk and for an open document alike; before, every related place outside the finding's own file pointed at the
// other file's first character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IndexStatsResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

const deployment = (app: string, lead: string): string =>
  [lead, 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', `  selector: {matchLabels: {app: ${app}}}`, '  template:', `    metadata: {labels: {app: ${app}}}`, '    spec: {containers: [{name: web, image: nginx}]}', ''].join('\n');

interface Related {
  location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
}
interface Diag {
  code?: string | number;
  relatedInformation?: Related[];
}

test('related places in other files carry their real line and column (closed file, open document)', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-related-')));
  // a.yaml starts with two comment lines, so its name sits on line 5 (0-based).
  const aText = deployment('web', '# first\n# second');
  const cText = deployment('api', '# c');
  fs.writeFileSync(path.join(dir, 'a.yaml'), aText);
  fs.writeFileSync(path.join(dir, 'c.yaml'), cText);
  const a = pathToFileURL(path.join(dir, 'a.yaml')).href;
  const c = pathToFileURL(path.join(dir, 'c.yaml')).href;
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 2 YAML files/.test(l.message)), 'the index');
    const relatedOf = async (uri: string): Promise<Related[]> => {
      const r = (await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diag[] };
      return r.items.filter((d) => d.code === 'duplicate-object').flatMap((d) => d.relatedInformation ?? []);
    };
    const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length - 1;
    // c.yaml is closed: its related place is a.yaml's declaration, on a.yaml's own line.
    const fromClosed = await relatedOf(c);
    assert.equal(fromClosed.length, 1);
    assert.equal(fromClosed[0]?.location.uri, a);
    assert.equal(fromClosed[0]?.location.range.start.line, lineOf(aText, 'name: web'));
    // a.yaml open with a line more at the top: c.yaml's place in it follows the open text.
    const edited = `# added\n${aText}`;
    await h.open(a, edited, 1);
    const fromOpen = await relatedOf(c);
    const stillClosed = await relatedOf(c);
    assert.deepEqual(fromOpen, stillClosed);
    assert.equal(fromOpen[0]?.location.range.start.line, lineOf(edited, 'name: web'));
    // And the open document's related place in the closed c.yaml is on c.yaml's line.
    const fromA = await relatedOf(a);
    assert.equal(fromA[0]?.location.uri, c);
    assert.equal(fromA[0]?.location.range.start.line, lineOf(cText, 'name: web'));
  } finally {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A folder where c.yaml's duplicate-object finding points into a.yaml's second document (the first holds a comment
 * line to edit), a.yaml's text, a server over it, and a wait for the n-th settled edit.
 */
async function twoFiles(): Promise<{ dir: string; aText: string; a: string; c: string; h: Harness; stats: () => Promise<IndexStatsResult>; settled: (n: number) => Promise<IndexStatsResult> }> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-related-')));
  const aText = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\n# ab\n---\n${deployment('web', '# lead')}`;
  fs.writeFileSync(path.join(dir, 'a.yaml'), aText);
  fs.writeFileSync(path.join(dir, 'c.yaml'), deployment('api', '# c'));
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  const stats = async (): Promise<IndexStatsResult> => (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
  const settled = async (n: number): Promise<IndexStatsResult> => {
    let s = await stats();
    while (s.editsSettled < n) s = await stats();
    return s;
  };
  return { dir, aText, a: pathToFileURL(path.join(dir, 'a.yaml')).href, c: pathToFileURL(path.join(dir, 'c.yaml')).href, h, stats, settled };
}

test('an edit that keeps every offset but moves lines still re-validates closed files that point into it', async () => {
  // The edit is in the first document; the declaration c.yaml points to is in the second (moved, not re-parsed).
  const { dir, aText, a, c, h, stats, settled } = await twoFiles();
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 2 YAML files/.test(l.message)), 'the index');
    await h.open(a, aText, 1);
    await settled(1);
    await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: a } });
    await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: c } });
    const base = await stats();
    // `# ab` -> `#\n#b`: the same length, a comment (nothing the workspace reads), one line more above the name.
    const edited = aText.replace('# ab', '#\n#b');
    assert.equal(edited.length, aText.length);
    await h.replace(a, 2, edited);
    const after = await settled(base.editsSettled + 1);
    assert.equal(after.closedRevalidations, base.closedRevalidations + 1, 'closed c.yaml points into a.yaml: its ranges may move');
    const r = (await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: c } })) as { items: Diag[] };
    const related = r.items.filter((d) => d.code === 'duplicate-object').flatMap((d) => d.relatedInformation ?? []);
    // The edit was neutral: a's analysis is moved, not computed again.
    await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: a } });
    const pulled = await stats();
    assert.equal(pulled.analyses, after.analyses);
    assert.ok(pulled.remapped > after.remapped);
    assert.equal(related[0]?.location.range.start.line, edited.slice(0, edited.indexOf('name: web')).split('\n').length - 1);
    assert.equal(related[0]?.location.range.start.line, 10);
  } finally {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an edit that keeps the places closed files point to re-validates none of them; one that shifts them does', async () => {
  const { dir, aText, a, c, h, stats, settled } = await twoFiles();
  const relatedAt = async (): Promise<{ line: number; character: number } | undefined> => {
    const r = (await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: c } })) as { items: Diag[] };
    return r.items.filter((d) => d.code === 'duplicate-object').flatMap((d) => d.relatedInformation ?? [])[0]?.location.range.start;
  };
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 2 YAML files/.test(l.message)), 'the index');
    await h.open(a, aText, 1);
    await settled(1);
    await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: a } });
    const first = await relatedAt();
    assert.deepEqual(first, { line: 9, character: 8 });
    const base = await stats();
    // A comment typed over (same length, no line break): c.yaml's place in a.yaml stays where it was.
    const kept = aText.replace('# ab', '# xy');
    await h.replace(a, 2, kept);
    const after = await settled(base.editsSettled + 1);
    assert.equal(after.closedRevalidations, base.closedRevalidations, 'no closed file re-validated');
    assert.deepEqual(await relatedAt(), first);
    // One character more: the place after it moves (here its line and column stay, but its offset does).
    const longer = kept.replace('# xy', '# xyz');
    await h.replace(a, 3, longer);
    const moved = await settled(base.editsSettled + 2);
    assert.equal(moved.closedRevalidations, base.closedRevalidations + 1);
    assert.deepEqual(await relatedAt(), first);
  } finally {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("after a neutral edit the workspace's problems are the folder's results moved, as a server reading the edited text gives them", async () => {
  const { dir, aText, a, c, h, stats, settled } = await twoFiles();
  type Item = { uri: string; items: Diag[] };
  const closedItems = async (server: Harness, uri = c): Promise<Diag[]> => {
    const r = (await server.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as { items: Item[] };
    return r.items.find((i) => i.uri === uri)?.items ?? [];
  };
  const fresh = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-related-')));
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 2 YAML files/.test(l.message)), 'the index');
    await h.open(a, aText, 1);
    await settled(1);
    const before = await closedItems(h);
    assert.equal(before.find((d) => d.code === 'duplicate-object')?.relatedInformation?.[0]?.location.range.start.line, 9);
    const base = await stats();
    // A comment line added above the place c.yaml points to: nothing the workspace reads changes, the place moves.
    const edited = aText.replace('kind: ConfigMap\n', 'kind: ConfigMap\n# note\n');
    await h.replace(a, 2, edited);
    await settled(base.editsSettled + 1);
    const after = await closedItems(h);
    const moved = await stats();
    assert.equal(moved.resultsMoved, (base.resultsMoved ?? 0) + 1, 'moved, not judged again');
    assert.equal(after.find((d) => d.code === 'duplicate-object')?.relatedInformation?.[0]?.location.range.start.line, 10);
    // The same as a server that reads the edited text from disk (its folder's uri in place of this one's).
    fs.writeFileSync(path.join(fresh, 'a.yaml'), edited);
    fs.writeFileSync(path.join(fresh, 'c.yaml'), fs.readFileSync(path.join(dir, 'c.yaml')));
    const other = await Harness.start({ folders: [pathToFileURL(fresh).href], pullDiagnostics: true });
    try {
      await waitFor(() => other.logs.find((l) => /^Indexed 2 YAML files/.test(l.message)), 'the second index');
      const expected = (await closedItems(other, pathToFileURL(path.join(fresh, 'c.yaml')).href)).map((d) => JSON.stringify(d).replaceAll(pathToFileURL(fresh).href, 'DIR'));
      assert.deepEqual(after.map((d) => JSON.stringify(d).replaceAll(pathToFileURL(dir).href, 'DIR')), expected);
    } finally {
      await other.stop();
    }
  } finally {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(fresh, { recursive: true, force: true });
  }
});
