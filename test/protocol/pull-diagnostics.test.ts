// Pull diagnostics: the Problems panel lists every analysed file of the workspace (unopened ones too), from the
// same findings `netlens check` prints; a client that pulls gets no pushes; one that does not still does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, DocumentDiagnosticRequest, FileChangeType, WorkspaceDiagnosticRequest, type FullDocumentDiagnosticReport, type WorkspaceFullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { Harness, ROOT, waitFor } from './harness.ts';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n';
const BAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: webb}}\n  ingress:\n  - ports: [{port: 70000}]\n';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-pull-'));
  fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
  fs.writeFileSync(path.join(dir, 'bad.yaml'), BAD);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const codes = (items: { code?: number | string; range: { start: { line: number } } }[]) => items.map((d) => [d.range.start.line, String(d.code)]).sort();

test('an unopened file has its problems (file and workspace rules) on textDocument/diagnostic and workspace/diagnostic', async (t) => {
  const folder = pathToFileURL(dir).href;
  const h = await Harness.start({ folders: [folder], pullDiagnostics: true });
  t.after(() => h.stop());
  assert.deepEqual(h.initializeResult?.capabilities.diagnosticProvider, { identifier: 'netlens', interFileDependencies: true, workspaceDiagnostics: true });
  const bad = pathToFileURL(path.join(dir, 'bad.yaml')).href;
  const expected = [
    [4, 'policy-selects-nothing'],
    [6, 'invalid-port'],
  ];
  // The first answers may come before the scan: poll until the workspace is indexed.
  let report: FullDocumentDiagnosticReport | undefined;
  for (let i = 0; i < 200; i++) {
    report = (await h.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: bad } })) as FullDocumentDiagnosticReport;
    if (report.items.length === expected.length) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.deepEqual(codes(report?.items ?? []), expected);
  const ws = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const byUri = new Map(ws.items.map((i) => [i.uri, codes((i as WorkspaceFullDocumentDiagnosticReport).items)]));
  assert.deepEqual([...byUri.keys()].sort(), [bad, pathToFileURL(path.join(dir, 'pod.yaml')).href].sort());
  assert.deepEqual(byUri.get(bad), expected);
  // Opening and closing the file keeps its problems; a pulling client gets no pushes.
  await h.open(bad, BAD);
  await h.close(bad);
  const again = (await h.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: bad } })) as FullDocumentDiagnosticReport;
  assert.deepEqual(codes(again.items), expected);
  assert.equal(h.publishes.length, 0);
});

test('a client without pull support gets pushes, and a closed file keeps the problems of its text on disk', async (t) => {
  const folder = pathToFileURL(dir).href;
  const h = await Harness.start({ folders: [folder] });
  t.after(() => h.stop());
  assert.equal(h.initializeResult?.capabilities.diagnosticProvider, undefined);
  const bad = pathToFileURL(path.join(dir, 'bad.yaml')).href;
  await h.open(bad, BAD);
  await h.nextPublish(bad, (p) => p.diagnostics.some((d) => d.code === 'invalid-port'));
  const since = h.publishes.length;
  await h.close(bad);
  const closed = await h.nextPublish(bad, () => true, since);
  assert.deepEqual(codes(closed.diagnostics), [
    [4, 'policy-selects-nothing'],
    [6, 'invalid-port'],
  ]);
});

test('a client without pull support gets the problems of files it never opened pushed, cleared when fixed on disk', async (t) => {
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-push-'));
  t.after(() => fs.rmSync(own, { recursive: true, force: true }));
  fs.writeFileSync(path.join(own, 'pod.yaml'), POD);
  fs.writeFileSync(path.join(own, 'bad.yaml'), BAD);
  const h = await Harness.start({ folders: [pathToFileURL(own).href] });
  t.after(() => h.stop());
  assert.equal(h.initializeResult?.capabilities.diagnosticProvider, undefined, 'no pull support announced by the client');
  const bad = pathToFileURL(path.join(own, 'bad.yaml')).href;
  const pushed = await h.nextPublish(bad, (p) => p.diagnostics.length > 0);
  assert.equal(pushed.version, undefined, 'a file read from disk has no document version');
  assert.deepEqual(codes(pushed.diagnostics), [
    [4, 'policy-selects-nothing'],
    [6, 'invalid-port'],
  ]);
  // A file without problems is not flooded with empty pushes.
  assert.equal(h.publishes.filter((p) => p.uri.endsWith('/pod.yaml')).length, 0);
  // Fixed on disk: the file's problems are cleared by a push.
  const since = h.publishes.length;
  fs.writeFileSync(path.join(own, 'bad.yaml'), BAD.replace('70000', '8080').replace('webb', 'web'));
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: bad, type: FileChangeType.Changed }] });
  const cleared = await h.nextPublish(bad, () => true, since);
  assert.deepEqual(cleared.diagnostics, []);
});

test('netlens check and the Problems panel list the same findings for examples/', async (t) => {
  const examples = path.join(ROOT, 'examples');
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', '--format', 'json', '.'], { cwd: examples, encoding: 'utf8' });
  const fromCli = (JSON.parse(cli.stdout) as { findings: { file: string; range: { start: { line: number; character: number } }; code: string; message: string }[] }).findings
    .map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.code} ${f.message}`)
    .sort();
  assert.ok(fromCli.length > 0, 'examples/ has findings to compare');
  const h = await Harness.start({ folders: [pathToFileURL(examples).href], pullDiagnostics: true });
  t.after(() => h.stop());
  await waitFor(() => (h.logs.some((l) => l.message.startsWith('Indexed')) ? true : undefined), 'the index scan', 20_000);
  const ws = await h.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const fromEditor = ws.items
    .flatMap((i) => (i as WorkspaceFullDocumentDiagnosticReport).items.map((d) => `${path.relative(examples, new URL(i.uri).pathname)}:${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`))
    .sort();
  assert.deepEqual(fromEditor, fromCli);
});

test('the output and the status say what was not analysed, as check does', async (t) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-skipped-'));
  t.after(() => fs.rmSync(d, { recursive: true, force: true }));
  fs.writeFileSync(path.join(d, 'chart.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n');
  fs.writeFileSync(path.join(d, 'latin1.yaml'), Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]));
  const statuses: { health: string; message?: string }[] = [];
  const h = await Harness.start({ folders: [pathToFileURL(d).href] });
  h.conn.onNotification('netlens/status', (p: { health: string; message?: string }) => void statuses.push(p));
  t.after(() => h.stop());
  const log = await waitFor(() => h.logs.find((l) => l.message.startsWith('Not analysed:')), 'the not-analysed log', 20_000);
  assert.equal(
    log.message,
    'Not analysed:\n  1 templated document (Helm/Jinja; render them and check the output, or add them to netlens.exclude)\n  1 file not decoded (not UTF-8, binary, too large or an alias bomb)',
  );
  const ok = await waitFor(() => statuses.find((s) => s.health === 'ok'), 'the ok status');
  assert.equal(ok.message, 'Not analysed: 1 templated document (Helm/Jinja; render them and check the output, or add them to netlens.exclude); 1 file not decoded (not UTF-8, binary, too large or an alias bomb).');
});
