// The editor path of narrowed re-judging (core/rejudge.ts): after a Service rename in an open file, the analysis for
// its diagnostics reuses the rules over policies (netlens/indexStats counts them), and the diagnostics are those of
// the new text (the policy that selects nothing still reported at its moved place, the port hint gone with the name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IndexStatsResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

const TEXT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  selector: {app: web}',
  '  ports: [{port: 80, targetPort: 8080}]',
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: nobody, namespace: shop}',
  'spec:',
  '  podSelector: {matchLabels: {app: gone}}',
  '  policyTypes: [Ingress]',
  '',
].join('\n');

interface Item {
  code?: string | number;
  message: string;
  range: { start: { line: number; character: number } };
}

async function items(h: Harness, uri: string): Promise<Item[]> {
  const r = (await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Item[] };
  return r.items;
}

test('a Service rename in an open file reuses the policy rules, and its diagnostics are the new text’s', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-rejudge-')));
  fs.writeFileSync(path.join(dir, 'a.yaml'), TEXT);
  const a = pathToFileURL(path.join(dir, 'a.yaml')).href;
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 1 YAML file/.test(l.message)), 'the index');
    await h.open(a, TEXT, 1);
    const before = await items(h, a);
    assert.deepEqual(before.map((d) => [d.code, d.range.start.line]), [['policy-selects-nothing', 21]]);
    const base = (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
    // The Service's new name changes the Service table only; a comment line in its document moves the policy.
    const text = TEXT.replace('metadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}', 'metadata: {name: www, namespace: shop}\nspec:\n  selector: {app: web}').replace('---\napiVersion: v1', '---\n# the front end\napiVersion: v1');
    await h.replace(a, 2, text);
    const after = await items(h, a);
    assert.deepEqual(after.map((d) => [d.code, d.range.start.line, d.message]), before.map((d) => [d.code, 22, d.message]));
    const s = (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
    assert.ok((s.rulesReused ?? 0) >= (base.rulesReused ?? 0) + 12, `reused ${(s.rulesReused ?? 0) - (base.rulesReused ?? 0)} rules`);
  } finally {
    await h.stop();
  }
});
