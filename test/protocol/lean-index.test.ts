// The workspace index lets closed files' YAML trees go as it reads them (lsp/walk.ts, core/offload.ts dropOwnTrees):
// requests and a severity change parse none of them again, another settings change parses them again in the index's
// slices, and a closed file opened is parsed with its trees, so its workspace findings come with their quick fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, DiagnosticSeverity, DidChangeWatchedFilesNotification, FileChangeType, WorkspaceDiagnosticRequest, type CodeAction, type TextDocumentEdit, type TextEdit, type WorkspaceFullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { Harness, waitFor } from './harness.ts';
import type { IndexStatsResult } from '../../server/src/protocol.ts';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
`;
// Egress without DNS: missing-dns-egress, a workspace rule whose fix (Add DNS egress) reads the file's trees.
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 10.1.0.0/16}
    ports:
    - {protocol: TCP, port: 5432}
`;

/**
 * A folder holding `files`, a server over it with its first index read and the trees of `drops` closed files let
 * go, and its parse counters; `dropped(n)` checks that n files' trees went in all.
 */
async function indexed(t: { after(fn: () => unknown): void }, files: Record<string, string>, drops = Object.keys(files).length) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lean-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  t.after(() => h.stop());
  const stats = async () => {
    const s = (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
    return { parses: s.parses, treesParsed: s.treesParsed };
  };
  // The walk lets the trees go as it reads the files: once a request that listed the folder is answered, they went.
  const dropped = async (n: number): Promise<void> => {
    const s = (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
    assert.equal(s.treesDropped, n, 'closed files whose trees went');
  };
  const count = Object.keys(files).length;
  await waitFor(() => h.logs.find((l) => l.message.startsWith(`Indexed ${count} YAML files`)), 'the index', 20_000);
  // The first request lists the folder: its walk lets the trees go.
  await h.conn.sendRequest('netlens/workloads', {});
  await dropped(drops);
  return { dir, h, stats, dropped };
}

test('closed files kept without trees: nothing parsed again by requests or a severity change, in slices by another change; opened, a file gets its workspace fix', async (t) => {
  const { dir, h, stats, dropped } = await indexed(t, { 'deploy.yaml': DEPLOY, 'policy.yaml': POLICY });
  const ids = (await h.conn.sendRequest('netlens/workloads', {})) as { workloads: { id: string }[] };
  assert.ok(ids.workloads.some((w) => w.id === 'shop/web'));
  assert.deepEqual(await stats(), { parses: 2, treesParsed: 0 });
  await h.configure({ rules: { 'missing-dns-egress': 'error' } });
  await h.conn.sendRequest('netlens/workloads', {});
  assert.deepEqual(await stats(), { parses: 2, treesParsed: 0 }, 'a severity change re-judges the closed files from what they keep');
  // A setting the model reads: each closed file is parsed again (in slices, by the index: no tree read in one go).
  await h.configure({ kubernetesVersion: '1.30', rules: { 'missing-dns-egress': 'error' } });
  await h.conn.sendRequest('netlens/workloads', {});
  assert.deepEqual(await stats(), { parses: 4, treesParsed: 0 });
  await dropped(4);
  await h.configure({ kubernetesVersion: '1.30', rules: { 'missing-dns-egress': 'error', 'port-not-exposed': 'off' } });
  await h.conn.sendRequest('netlens/workloads', {});
  assert.deepEqual(await stats(), { parses: 4, treesParsed: 0 }, 'kept without trees again');

  // Opened with its disk text: the document parses it with its trees (the index kept none to hand over).
  const uri = pathToFileURL(path.join(dir, 'policy.yaml')).href;
  await h.open(uri, POLICY, 1);
  const p = await h.nextPublish(uri, (x) => x.version === 1);
  const diag = p.diagnostics.find((d) => d.code === 'missing-dns-egress');
  assert.ok(diag, p.diagnostics.map((d) => d.code).join(', '));
  assert.equal(diag.severity, DiagnosticSeverity.Error);
  assert.deepEqual(await stats(), { parses: 5, treesParsed: 0 });
  const actions = (await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
  const fix = actions.find((a) => a.title.startsWith('Add DNS egress'));
  assert.ok(fix, actions.map((a) => a.title).join(', '));
  const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, POLICY), change.edits as TextEdit[]);
  await h.replace(uri, 2, fixed);
  const after = await h.nextPublish(uri, (x) => x.version === 2);
  assert.deepEqual(after.diagnostics.filter((d) => d.code === 'missing-dns-egress'), []);
});

test('a closed file over 128 KB keeps its trees: opening it with its disk text takes over the index parse', async (t) => {
  const doc = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n`;
  const big = Array.from({ length: 1000 }, (_, i) => doc(i)).join('---\n');
  assert.ok(big.length > 128_000 && big.length < 200_000, String(big.length));
  const { dir, h, stats } = await indexed(t, { 'deploy.yaml': DEPLOY, 'big.yaml': big }, 1);
  const parses = async (): Promise<number> => (await stats()).parses;
  await h.conn.sendRequest('netlens/workloads', {});
  assert.equal(await parses(), 2);
  const uri = pathToFileURL(path.join(dir, 'big.yaml')).href;
  await h.open(uri, big, 1);
  await h.nextPublish(uri, (x) => x.version === 1, 0, 20_000);
  assert.equal(await parses(), 2, 'the index kept its trees and handed its parse over');
  // The small file, its trees let go, is parsed when opened.
  const small = pathToFileURL(path.join(dir, 'deploy.yaml')).href;
  await h.open(small, DEPLOY, 1);
  await h.nextPublish(small, (x) => x.version === 1);
  assert.equal(await parses(), 3);
});

test('a kustomization added to a folder of files kept without trees: they are parsed again with them, in the walk', async (t) => {
  const { dir, h, stats } = await indexed(t, { 'deploy.yaml': DEPLOY, 'policy.yaml': POLICY });
  await h.conn.sendRequest('netlens/workloads', {});
  assert.deepEqual(await stats(), { parses: 2, treesParsed: 0 });
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml, policy.yaml]\n');
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(dir, 'kustomization.yaml')).href, type: FileChangeType.Created }] });
  // The kustomization and both files again (the build reads their objects), none by a tree read in one go.
  let now = await stats();
  for (const start = Date.now(); now.parses < 5 && Date.now() - start < 20_000; now = await stats()) await h.conn.sendRequest('netlens/workloads', {});
  assert.deepEqual(now, { parses: 5, treesParsed: 0 });
  const ids = (await h.conn.sendRequest('netlens/workloads', {})) as { workloads: { id: string }[] };
  assert.ok(ids.workloads.some((w) => w.id === 'shop/web'));
});

test('a closed file with a duplicate key keeps its trees: the Problems panel places that finding by document without parsing again', async (t) => {
  const dup = `${DEPLOY}---\n${POLICY.replace('policyTypes: [Egress]', 'policyTypes: [Egress]\n  policyTypes: [Egress]')}`;
  const { dir, h, stats } = await indexed(t, { 'deploy.yaml': DEPLOY, 'dup.yaml': dup }, 1);
  const uri = pathToFileURL(path.join(dir, 'dup.yaml')).href;
  for (let i = 0; i < 2; i++) {
    const r = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const item = r.items.find((x) => x.uri === uri) as WorkspaceFullDocumentDiagnosticReport | undefined;
    assert.ok(item?.items.some((d) => d.code === 'duplicate-key'), JSON.stringify(item?.items.map((d) => d.code)));
  }
  assert.deepEqual(await stats(), { parses: 2, treesParsed: 0 });
});
