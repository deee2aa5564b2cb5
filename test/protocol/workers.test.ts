// The workspace index with worker threads (lsp/indexWorkers.ts): closed files are parsed and checked by workers
// beside the walk, and the Problems panel (workspace/diagnostic) is exactly the in-process server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceDiagnosticRequest, type WorkspaceFullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { Harness, waitFor } from './harness.ts';
import type { IndexStatsResult } from '../../server/src/protocol.ts';
import { mixedWorkspace } from '../fixtures/generate.ts';

async function workspace(t: { after(fn: () => void): void }): Promise<string> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-workers-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of mixedWorkspace(80)) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.text);
  }
  return dir;
}

async function problems(dir: string, env: Record<string, string>, t: { after(fn: () => unknown): void }): Promise<{ items: Map<string, unknown>; stats: IndexStatsResult }> {
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true, env });
  t.after(() => h.stop());
  await waitFor(() => h.logs.find((l) => /^Indexed 80 YAML files/.test(l.message)), 'the index', 60_000);
  const ws = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const items = new Map(ws.items.map((i) => [i.uri, (i as WorkspaceFullDocumentDiagnosticReport).items]));
  return { items, stats: (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult };
}

test('workspace/diagnostic with worker threads equals the in-process server, and the workers checked every file', async (t) => {
  const dir = await workspace(t);
  const solo = await problems(dir, { NETLENS_WORKERS: '0' }, t);
  // NETLENS_WORKERS_WAIT: the index takes every file from the workers (as a walk slower than them would).
  const pooled = await problems(dir, { NETLENS_WORKERS: '1', NETLENS_WORKERS_WAIT: '1' }, t);
  assert.equal(solo.stats.offloaded, 0);
  assert.equal(pooled.stats.offloaded, 80);
  assert.equal(pooled.stats.parses, 80, 'the workers parse beside the walk; the walk still parses each file once');
  assert.equal(solo.items.size, 80);
  assert.ok([...solo.items.values()].flat().length > 50, 'the workspace has problems to compare');
  assert.deepEqual(pooled.items, solo.items);
});
