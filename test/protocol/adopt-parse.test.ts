// Opening a file whose parse the workspace index keeps with its trees takes over that parse (one parse, one copy in
// memory) and gives the same diagnostics as a fresh parse; closing it unchanged gives the parse back (no re-parse).
// The index keeps trees in a folder a kustomize build may read (decided on the texts: here a comment naming Flux's
// kustomize group); elsewhere it keeps closed files without them, and opening one parses it
// (test/protocol/lean-index.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Harness, waitFor } from './harness.ts';
import type { IndexStatsResult } from '../../server/src/protocol.ts';

const OTHER = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]}
`;

// A file rule's finding (invalid-policy-types) and a workspace rule's (policy-selects-nothing), at exact places.
const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingres]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ghost, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: ghost}
  ingress:
    - ports:
        - port: grpc
`;

// Names Flux's kustomize group: a build may read the folder's files, so the index keeps their trees (offload.ts).
const FLUX_NOTE = '# deployed by a kustomize.toolkit.fluxcd.io/v1 Kustomization\n';

function folder(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-adopt-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const stats = async (h: Harness): Promise<IndexStatsResult> => (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;

async function indexed(h: Harness, files: number): Promise<void> {
  await waitFor(() => h.logs.find((l) => l.message.startsWith(`Indexed ${files} YAML file`)), 'the index', 20_000);
}

/** The diagnostics of `name` opened with POLICIES in a folder holding `files` on disk, and the parse counts. */
async function openIn(t: { after(fn: () => void): void }, files: Record<string, string>, name: string) {
  const dir = folder(t, files);
  const h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  t.after(() => h.stop());
  await indexed(h, Object.keys(files).length);
  // Asking for the workloads builds the whole workspace (the walk parses every disk file).
  await h.conn.sendRequest('netlens/workloads', {});
  const before = (await stats(h)).parses;
  const uri = pathToFileURL(path.join(dir, name)).href;
  await h.open(uri, POLICIES, 1);
  const p = await h.nextPublish(uri, (x) => x.version === 1);
  return { h, uri, parsesBefore: before, parsesAfter: (await stats(h)).parses, diagnostics: p.diagnostics };
}

const shape = (ds: { code?: unknown; range: unknown; message: unknown; severity?: unknown }[]) =>
  ds.map((d) => JSON.stringify([d.code, d.range, d.severity, d.message])).sort();

test('opening a file whose text equals its disk text parses nothing and gives the diagnostics of a fresh parse', async (t) => {
  const adopted = await openIn(t, { 'other.yaml': FLUX_NOTE + OTHER, 'policies.yaml': POLICIES }, 'policies.yaml');
  // The index parsed both files once; the open document took over the disk parse.
  assert.equal(adopted.parsesBefore, 2);
  assert.equal(adopted.parsesAfter, 2);
  // The same document in the same workspace, but not on disk (an unsaved file): parsed when opened.
  const fresh = await openIn(t, { 'other.yaml': FLUX_NOTE + OTHER }, 'policies.yaml');
  assert.equal(fresh.parsesAfter, fresh.parsesBefore + 1);
  assert.deepEqual(shape(adopted.diagnostics), shape(fresh.diagnostics));
  assert.deepEqual(adopted.diagnostics.map((d) => [d.code, d.range.start.line]), [['invalid-policy-types', 6], ['policy-selects-nothing', 13]]);

  // An edit consumes the adopted parse (re-parsed incrementally); the workspace (built from the other file's disk
  // parse and this document) still reads right: the renamed policy now selects api.
  const { h, uri } = adopted;
  await h.replace(uri, 2, POLICIES.replace('app: ghost', 'app: api'));
  const edited = await h.nextPublish(uri, (x) => x.version === 2);
  assert.equal(edited.diagnostics.filter((d) => d.code === 'policy-selects-nothing').length, 0);
  // Undone and closed: the document's last parse is its disk text's, given back to the index; reading the whole
  // workspace again parses nothing.
  await h.replace(uri, 3, POLICIES);
  await h.nextPublish(uri, (x) => x.version === 3);
  const beforeClose = (await stats(h)).parses;
  await h.close(uri);
  await h.conn.sendRequest('netlens/workloads', {});
  assert.equal((await stats(h)).parses, beforeClose);
});

test('opening a file whose text differs from its disk text parses the text, and drops the disk parse', async (t) => {
  const dir = folder(t, { 'other.yaml': FLUX_NOTE + OTHER, 'policies.yaml': POLICIES });
  const h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  t.after(() => h.stop());
  await indexed(h, 2);
  await h.conn.sendRequest('netlens/workloads', {});
  assert.equal((await stats(h)).parses, 2);
  const uri = pathToFileURL(path.join(dir, 'policies.yaml')).href;
  const text = POLICIES.replace('app: ghost', 'app: api');
  await h.open(uri, text, 1);
  const p = await h.nextPublish(uri, (x) => x.version === 1);
  assert.equal((await stats(h)).parses, 3);
  assert.equal(p.diagnostics.filter((d) => d.code === 'policy-selects-nothing').length, 0);
  // Closed with other text than the disk's: the disk text is parsed again when the workspace is read.
  await h.close(uri);
  await h.conn.sendRequest('netlens/workloads', {});
  assert.equal((await stats(h)).parses, 4);
});
