// Closing a document drops the workspace analysis kept for it (a whole model and every file's findings): closed
// documents' analyses used to stay until 256 had gathered, each pinning the model of its last version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IndexStatsResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

const DEPLOYMENT = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web, namespace: shop}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec: {containers: [{name: web, image: nginx}]}', ''].join('\n');
const POLICY = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: web-in, namespace: shop}', 'spec:', '  podSelector: {matchLabels: {app: web}}', '  policyTypes: [Ingress]', ''].join('\n');

test('closing documents drops their kept analyses; a document outside every folder takes its whole model along', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-close-')));
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-close-out-')));
  const names = ['a.yaml', 'b.yaml', 'c.yaml'];
  const texts = [DEPLOYMENT, POLICY, POLICY.replace('web-in', 'web-in-2')];
  names.forEach((n, i) => fs.writeFileSync(path.join(dir, n), texts[i] ?? ''));
  const uris = names.map((n) => pathToFileURL(path.join(dir, n)).href);
  const loose = pathToFileURL(path.join(outside, 'loose.yaml')).href;
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  const kept = async (): Promise<number | undefined> => ((await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult).analysesKept;
  // Polled: a close is a notification, answered by nothing.
  const until = async (n: number, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    for (let last = await kept(); last !== n; last = await kept()) {
      if (Date.now() > deadline) assert.fail(`${what}: ${last} analyses kept, expected ${n}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 3 YAML files/.test(l.message)), 'the index');
    for (const [i, uri] of uris.entries()) await h.open(uri, texts[i] ?? '', 1);
    await h.open(loose, POLICY, 1);
    for (const uri of [...uris, loose]) await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    // One per open document of the folder, the folder's whole model, and the loose document's own two.
    await until(6, 'every open document analysed');
    await h.close(uris[0] ?? '');
    await h.close(uris[1] ?? '');
    await until(4, 'two folder documents closed');
    await h.close(loose);
    await until(2, 'the loose document closed');
    // The one still open is analysed from what is kept (its diagnostics are unchanged, nothing is added).
    await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: uris[2] } });
    assert.equal(await kept(), 2);
  } finally {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
