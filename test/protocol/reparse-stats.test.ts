// netlens/indexStats counts an edited document's re-parses (the bench's "documents parsed again per edit"): a
// one-line edit composes its own `---` document anew and keeps or moves the others; an edit the incremental path
// declines (a %YAML directive) is counted as a re-parse of the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexStatsResult } from '../../server/src/protocol.ts';
import { Harness } from './harness.ts';

const doc = (i: number): string => `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: shop}\nspec:\n  selector: {app: a${i}}\n  ports: [{port: ${8000 + i}}]\n`;
const TEXT = Array.from({ length: 12 }, (_, i) => doc(i)).join('---\n');

async function reparses(h: Harness): Promise<IndexStatsResult['reparses']> {
  return ((await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult).reparses;
}

async function pull(h: Harness, uri: string): Promise<void> {
  await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
}

test('a one-line edit re-parses its own document only; a directive makes it read the whole text', async () => {
  const uri = 'file:///nowhere/services.yaml';
  const h = await Harness.start({ pullDiagnostics: true });
  try {
    await h.open(uri, TEXT, 1);
    await pull(h, uri);
    assert.deepEqual(await reparses(h), { count: 0, whole: 0, replaced: 0 }, 'opening is a parse, not a re-parse');
    // The sixth document's port, then the first one's name (every later document moves).
    let text = TEXT.replace('port: 8005', 'port: 9005');
    await h.replace(uri, 2, text);
    await pull(h, uri);
    text = text.replace('name: s0,', 'name: service-0,');
    await h.replace(uri, 3, text);
    await pull(h, uri);
    assert.deepEqual(await reparses(h), { count: 2, whole: 0, replaced: 2 });
    await h.replace(uri, 4, `%YAML 1.2\n---\n${text}`);
    await pull(h, uri);
    assert.deepEqual(await reparses(h), { count: 3, whole: 1, replaced: 2 });
  } finally {
    await h.stop();
  }
});
