// The cold index as VS Code drives it: the open file's diagnostics pulled while the client's workspace/diagnostic
// (sent at start, as vscode-languageclient does) waits for the closed files' problems, which are background work
// (lsp/slices.ts). The open file's diagnostics are exactly a full analysis's, and every closed file's still arrive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, DocumentDiagnosticRequest, FileChangeType, WorkspaceDiagnosticRequest, type FullDocumentDiagnosticReport, type WorkspaceFullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { DEFAULT_OPTIONS, parseFile, workspaceResults } from '../../server/src/core/index.ts';
import type { IndexStatsResult } from '../../server/src/protocol.ts';
import { mixedWorkspace } from '../fixtures/generate.ts';
import { Harness } from './harness.ts';

let dir = '';
const files = mixedWorkspace(40);
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-cold-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.text);
  }
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

type Item = { code?: number | string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string | { value: string } };
const shape = (items: Item[]) => items.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`).sort();

test('during the cold index with a workspace pull under way, the open file gets a full analysis and every closed file its problems', async (t) => {
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  t.after(() => h.stop());
  // What `netlens check` finds, per file (the same engine in one go).
  const parsed = files.map((f) => parseFile(pathToFileURL(path.join(dir, f.path)).href, f.text, DEFAULT_OPTIONS));
  const expected = workspaceResults(parsed, DEFAULT_OPTIONS);
  const expect = (uri: string): string[] =>
    shape(
      (expected.findings.get(uri) ?? []).map((f) => {
        const lines = parsed.find((p) => p.uri === uri)?.lines;
        const at = (o: number) => lines?.positionAt(o) ?? { line: 0, character: 0 };
        return { code: f.code, range: { start: at(f.span.start), end: at(f.span.end) }, message: f.message };
      }),
    );
  assert.ok([...expected.findings.values()].some((l) => l.length > 0), 'the workspace has problems to list');
  const whole = h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const open = files[files.length / 2 + 1];
  assert.ok(open);
  const uri = pathToFileURL(path.join(dir, open.path)).href;
  await h.open(uri, open.text);
  // Pulled until the index is ready and a pull after that answered.
  let report: FullDocumentDiagnosticReport | undefined;
  for (let ready = false; !ready; ) {
    ready = ((await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult).ready;
    report = (await h.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
  }
  assert.deepEqual(shape(report?.items ?? []), expect(uri));
  // One scoped analysis of the open file: the one started when the scan ended, which the pulls joined or reused.
  assert.equal(((await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult).analyses, 1);
  const ws = await whole;
  const byUri = new Map(ws.items.map((i) => [i.uri, shape((i as WorkspaceFullDocumentDiagnosticReport).items)]));
  assert.deepEqual([...byUri.keys()].sort(), parsed.map((p) => p.uri).sort());
  for (const p of parsed) assert.deepEqual(byUri.get(p.uri), expect(p.uri), p.uri);
  // The next pull (VS Code's, 2 s later) answers the same from the converted diagnostics kept per folder results.
  // Without previous result ids every entry is a full report again (new ids); naming the ids gives `unchanged`.
  const again = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const noId = (items: typeof ws.items) => items.map(({ resultId: _id, ...rest }) => rest);
  assert.deepEqual(noId(again.items), noId(ws.items));
  const named = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: again.items.map((i) => ({ uri: i.uri, value: i.resultId as string })) });
  assert.deepEqual(named.items.map((i) => [i.uri, i.kind]), again.items.map((i) => [i.uri, 'unchanged']));
  // A closed file changed on disk: new results, converted again; every file's entry equals a full analysis again.
  const changed = files[3];
  assert.ok(changed);
  const text = `${changed.text}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: broken, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 70000}]\n`;
  fs.writeFileSync(path.join(dir, changed.path), text);
  const changedUri = pathToFileURL(path.join(dir, changed.path)).href;
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: changedUri, type: FileChangeType.Changed }] });
  const now = parsed.map((p) => (p.uri === changedUri ? parseFile(changedUri, text, DEFAULT_OPTIONS) : p));
  const next = workspaceResults(now, DEFAULT_OPTIONS);
  const expectNow = (u: string): string[] => {
    const lines = now.find((p) => p.uri === u)?.lines;
    const at = (o: number) => lines?.positionAt(o) ?? { line: 0, character: 0 };
    return shape((next.findings.get(u) ?? []).map((f) => ({ code: f.code, range: { start: at(f.span.start), end: at(f.span.end) }, message: f.message })));
  };
  assert.notDeepEqual(expectNow(changedUri), expect(changedUri));
  let after: Map<string, string[]> | undefined;
  for (let i = 0; i < 500 && !after; i++) {
    const r = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const m = new Map(r.items.map((x) => [x.uri, shape((x as WorkspaceFullDocumentDiagnosticReport).items)]));
    if (JSON.stringify(m.get(changedUri)) === JSON.stringify(expectNow(changedUri))) after = m;
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(after, 'the changed file\'s new problems arrived');
  for (const p of now) assert.deepEqual(after.get(p.uri), expectNow(p.uri), p.uri);
});
