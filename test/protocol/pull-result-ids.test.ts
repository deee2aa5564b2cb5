// Pull diagnostics' result ids (LSP 3.17): a pull naming the last report's id answers `unchanged` exactly when the
// items would be the same, and a full report otherwise: after an edit of another file that changes this file's
// workspace findings, after a settings change, after a change on disk, and for an unknown id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticRequest,
  FileChangeType,
  WorkspaceDiagnosticRequest,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { Harness, waitFor } from './harness.ts';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n';
const NP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - ports: [{port: 70000}]\n';

const summary = (items: Diagnostic[]): string[] => items.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.severity}`);

function workspace(t: { after: (fn: () => void) => void }): { dir: string; folder: string; pod: string; np: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-resultids-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
  fs.writeFileSync(path.join(dir, 'np.yaml'), NP);
  return { dir, folder: pathToFileURL(dir).href, pod: pathToFileURL(path.join(dir, 'pod.yaml')).href, np: pathToFileURL(path.join(dir, 'np.yaml')).href };
}

test('textDocument/diagnostic answers unchanged only while the items are the same', async (t) => {
  const w = workspace(t);
  const h = await Harness.start({ folders: [w.folder], pullDiagnostics: true });
  t.after(() => h.stop());
  await waitFor(() => (h.logs.some((l) => l.message.startsWith('Indexed')) ? true : undefined), 'the index scan', 20_000);
  await h.open(w.np, NP);
  await h.open(w.pod, POD);
  const pull = (previousResultId?: string): Promise<DocumentDiagnosticReport> =>
    h.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: w.np }, ...(previousResultId !== undefined ? { previousResultId } : {}) });
  const full = async (previousResultId: string | undefined, expected: string[]): Promise<string> => {
    const r = await pull(previousResultId);
    assert.equal(r.kind, 'full');
    assert.ok(r.kind === 'full' && r.resultId !== undefined && r.resultId !== previousResultId, 'a full report has a new id');
    assert.deepEqual(summary(r.kind === 'full' ? r.items : []), expected);
    return r.resultId ?? '';
  };
  const port = '6:19 invalid-port 1';
  const first = await full(undefined, [port]);
  assert.deepEqual(await pull(first), { kind: 'unchanged', resultId: first });
  // Again and again: the id stays while nothing changes.
  assert.deepEqual(await pull(first), { kind: 'unchanged', resultId: first });
  // An id the server never gave, or an older one it gave: the items are sent, under a new id.
  const second = await full('no-such-id', [port]);
  assert.deepEqual(await pull(second), { kind: 'unchanged', resultId: second });
  let last = await full(first, [port]);

  // Another file's edit that changes this file's workspace findings: the pod no longer matches the selector.
  await h.replace(w.pod, 2, POD.replace('app: web', 'app: api'));
  last = await full(last, ['4:15 policy-selects-nothing 2', port]);
  assert.deepEqual(await pull(last), { kind: 'unchanged', resultId: last });
  await h.replace(w.pod, 3, POD);
  last = await full(last, [port]);

  // A settings change: the severity is part of the items.
  await h.configure({ rules: { 'invalid-port': 'warning' } });
  last = await full(last, ['6:19 invalid-port 2']);
  assert.deepEqual(await pull(last), { kind: 'unchanged', resultId: last });
  // Settings that change nothing this file reports: unchanged.
  await h.configure({ rules: { 'invalid-port': 'warning', 'missing-dns-egress': 'error' } });
  assert.deepEqual(await pull(last), { kind: 'unchanged', resultId: last });

  // An edit of the document itself that moves no finding (a comment at the end): the same items, unchanged.
  await h.replace(w.np, 2, `${NP}# reviewed\n`);
  assert.deepEqual(await pull(last), { kind: 'unchanged', resultId: last });
  // One that moves them: a line added at the top.
  await h.replace(w.np, 3, `# reviewed\n${NP}`);
  last = await full(last, ['7:19 invalid-port 2']);
});

test('workspace/diagnostic answers unchanged per file, and full for the files a change on disk changed', async (t) => {
  const w = workspace(t);
  const h = await Harness.start({ folders: [w.folder], pullDiagnostics: true });
  t.after(() => h.stop());
  await waitFor(() => (h.logs.some((l) => l.message.startsWith('Indexed')) ? true : undefined), 'the index scan', 20_000);
  const pull = async (previous: Map<string, string>): Promise<Map<string, WorkspaceDocumentDiagnosticReport>> => {
    const ws = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [...previous].map(([uri, value]) => ({ uri, value })) });
    return new Map(ws.items.map((i) => [i.uri, i]));
  };
  const ids = (r: Map<string, WorkspaceDocumentDiagnosticReport>): Map<string, string> => new Map([...r].map(([uri, i]) => [uri, i.resultId ?? '']));
  const first = await pull(new Map());
  assert.deepEqual(summary(first.get(w.np)?.kind === 'full' ? (first.get(w.np) as { items: Diagnostic[] }).items : []), ['6:19 invalid-port 1']);
  assert.equal(first.get(w.pod)?.kind, 'full');
  const again = await pull(ids(first));
  assert.deepEqual(
    [...again.values()].map((i) => [i.uri, i.kind, i.resultId]),
    [...first.values()].map((i) => [i.uri, 'unchanged', i.resultId]),
  );
  // The pod changes on disk: the policy now selects nothing (a workspace finding of the other file).
  fs.writeFileSync(path.join(w.dir, 'pod.yaml'), POD.replace('app: web', 'app: api'));
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: w.pod, type: FileChangeType.Changed }] });
  // The change is read after a debounce: pulled until the policy file's report differs (every pull names the first ids).
  let changed = await pull(ids(first));
  for (let i = 0; i < 400 && changed.get(w.np)?.kind !== 'full'; i++) {
    await new Promise((r) => setTimeout(r, 10));
    changed = await pull(ids(first));
  }
  const np = changed.get(w.np) as { kind: 'full'; items: Diagnostic[]; resultId?: string };
  assert.deepEqual(summary(np.items), ['4:15 policy-selects-nothing 2', '6:19 invalid-port 1']);
  assert.notEqual(np.resultId, first.get(w.np)?.resultId);
  // The pod's own problems did not change: unchanged under its first id.
  assert.deepEqual(changed.get(w.pod), { uri: w.pod, version: null, kind: 'unchanged', resultId: first.get(w.pod)?.resultId });
});
