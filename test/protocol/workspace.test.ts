// The workspace index over the protocol: workspace-rule findings from other files, kept current with files on
// disk (watched-file events), unsaved open documents, and netlens.exclude.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionRequest, DidChangeWatchedFilesNotification, FileChangeType, type CodeAction, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-protocol/node';
import { analyzeWorkspace, DEFAULT_OPTIONS, parseFile } from '../../server/src/core/index.ts';
import { Harness, waitFor } from './harness.ts';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 8080}]
`;
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

// Another workload of the namespace: with it, a policy that selects nothing is reported (the namespace is known).
const API = DEPLOY.replace(/web/g, 'api');

let dir: string;
let h: Harness;
const fileUri = (name: string): string => pathToFileURL(path.join(dir, name)).href;

/** What the engine itself says about the policy file in this workspace: codes with LSP ranges. */
function engineView(files: Record<string, string>): string[] {
  const parsed = Object.entries({ 'api.yaml': API, ...files }).map(([n, t]) => parseFile(fileUri(n), t, DEFAULT_OPTIONS));
  const wa = analyzeWorkspace(parsed, DEFAULT_OPTIONS);
  const policy = parsed.find((p) => p.uri === fileUri('policy.yaml'))!;
  return (wa.findings.get(policy.uri) ?? []).map((f) => {
    const s = policy.lines.positionAt(f.span.start);
    const e = policy.lines.positionAt(f.span.end);
    return `${f.code} ${s.line}:${s.character}-${e.line}:${e.character}`;
  });
}

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-ws-')));
  fs.writeFileSync(path.join(dir, 'deploy.yaml'), DEPLOY);
  fs.writeFileSync(path.join(dir, 'policy.yaml'), POLICY);
  fs.writeFileSync(path.join(dir, 'api.yaml'), API);
  fs.mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules/x/deploy.yaml'), DEPLOY.replace('name: web,', 'name: ignored,'));
  h = await Harness.start({ folders: [pathToFileURL(dir).href] });
});
after(async () => {
  await h.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const view = (p: { diagnostics: { code?: string | number; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] }): string[] =>
  p.diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);

test('a policy that isolates a workload of another file gets workspace findings, as the engine computes them', async () => {
  const expected = engineView({ 'deploy.yaml': DEPLOY, 'policy.yaml': POLICY });
  assert.ok(expected.some((x) => x.startsWith('missing-dns-egress ')), `engine view: ${expected.join(', ')}`);
  const uri = fileUri('policy.yaml');
  await h.open(uri, POLICY, 1);
  const p = await h.nextPublish(uri, (x) => x.diagnostics.some((d) => d.code === 'missing-dns-egress'));
  assert.deepEqual(view(p), expected);
  assert.ok(h.logs.some((l) => /Indexed 3 YAML files in 1 folder/.test(l.message)), 'node_modules is not indexed');
});

test('the Add DNS egress quick fix is offered from the workspace finding and clears it', async () => {
  const uri = fileUri('policy.yaml');
  const last = [...h.publishes].reverse().find((x) => x.uri === uri)!;
  const diag = last.diagnostics.find((d) => d.code === 'missing-dns-egress')!;
  const actions = (await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
  assert.ok(actions.length >= 1, 'an action for missing-dns-egress');
  const change = actions[0]!.edit!.documentChanges![0] as TextDocumentEdit;
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, POLICY), change.edits as TextEdit[]);
  const mark = h.publishes.length;
  await h.replace(uri, 2, fixed);
  const p = await h.nextPublish(uri, (x) => x.version === 2, mark);
  assert.deepEqual(p.diagnostics.filter((d) => d.code === 'missing-dns-egress'), []);
  await h.replace(uri, 3, POLICY);
  await h.nextPublish(uri, (x) => x.version === 3 && x.diagnostics.some((d) => d.code === 'missing-dns-egress'), mark);
});

test('deleting and re-creating the workload on disk updates the open policy', async () => {
  const uri = fileUri('policy.yaml');
  const deploy = path.join(dir, 'deploy.yaml');
  fs.rmSync(deploy);
  let mark = h.publishes.length;
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri('deploy.yaml'), type: FileChangeType.Deleted }] });
  const gone = await h.nextPublish(uri, () => true, mark);
  assert.deepEqual(view(gone), engineView({ 'policy.yaml': POLICY }));
  assert.ok(view(gone).some((x) => x.startsWith('policy-selects-nothing')), view(gone).join(', '));

  fs.writeFileSync(deploy, DEPLOY);
  mark = h.publishes.length;
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri('deploy.yaml'), type: FileChangeType.Created }] });
  const back = await h.nextPublish(uri, () => true, mark);
  assert.deepEqual(view(back), engineView({ 'deploy.yaml': DEPLOY, 'policy.yaml': POLICY }));
});

test('an unsaved edit of another open file re-validates the policy; closing it falls back to the disk text', async () => {
  const policyUri = fileUri('policy.yaml');
  const deployUri = fileUri('deploy.yaml');
  const relabelled = DEPLOY.replace(/app: web/g, 'app: other');
  let mark = h.publishes.length;
  await h.open(deployUri, relabelled, 1);
  const p = await h.nextPublish(policyUri, () => true, mark);
  assert.deepEqual(view(p), engineView({ 'deploy.yaml': relabelled, 'policy.yaml': POLICY }));
  assert.ok(view(p).some((x) => x.startsWith('policy-selects-nothing')), view(p).join(', '));

  mark = h.publishes.length;
  await h.close(deployUri);
  const back = await h.nextPublish(policyUri, () => true, mark);
  assert.deepEqual(view(back), engineView({ 'deploy.yaml': DEPLOY, 'policy.yaml': POLICY }));
});

test('code actions not tied to a finding: default-deny for the namespace, as a new document or a new file', async () => {
  const uri = fileUri('policy.yaml');
  // Reopened at version 1 (earlier tests edited it); left open for the next test.
  await h.close(uri);
  await h.open(uri, POLICY, 1);
  const at = { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } };
  const ask = async (): Promise<CodeAction[]> => (await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: at, context: { diagnostics: [] } })) as CodeAction[];
  const actions = await ask();
  const deny = actions.find((a) => /default-deny/.test(a.title));
  assert.ok(deny, `actions: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(deny.kind, 'quickfix');
  const change = deny.edit!.documentChanges![0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri, version: 1 });
  const text = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, POLICY), change.edits as TextEdit[]);
  assert.ok(text.startsWith(POLICY), 'appended after the existing document');
  assert.match(text.slice(POLICY.length), /^---\n(.|\n)*kind: NetworkPolicy\n(.|\n)*namespace: shop\n(.|\n)*podSelector: \{\}/);

  await h.configure({ quickFix: { defaultDenyTarget: 'newFile' } });
  const fileActions = await ask();
  const newFile = fileActions.find((a) => /default-deny/.test(a.title));
  assert.ok(newFile, `actions: ${fileActions.map((a) => a.title).join(' | ')}`);
  const [create, edit] = newFile.edit!.documentChanges! as [{ kind: string; uri: string }, TextDocumentEdit];
  assert.equal(create.kind, 'create');
  assert.equal(create.uri, fileUri('default-deny-shop.yaml'));
  assert.deepEqual(edit.textDocument, { uri: create.uri, version: null });
  await h.configure({});
});

test('netlens.exclude removes files from the index', async () => {
  const policyUri = fileUri('policy.yaml');
  const mark = h.publishes.length;
  await h.configure({ exclude: ['deploy.yaml'] });
  await waitFor(() => h.logs.find((l) => /Indexed 2 YAML files/.test(l.message)), 'a rescan without deploy.yaml');
  const p = await h.nextPublish(policyUri, (x) => x.diagnostics.some((d) => d.code === 'policy-selects-nothing'), mark);
  assert.deepEqual(view(p), engineView({ 'policy.yaml': POLICY }));
  await h.configure({});
  await h.close(policyUri);
});

// VS Code reports a folder created, moved in or deleted as one event for the folder (the client watches creations
// and deletions of every path): the YAML files below it enter or leave the index; a deleted path that only shares
// a prefix with a folder leaves it alone.
test('a folder created or deleted on disk adds or drops the files below it, and only those', async () => {
  const uri = fileUri('policy.yaml');
  const sub = path.join(dir, 'apps');
  fs.rmSync(path.join(dir, 'deploy.yaml'));
  let mark = h.publishes.length;
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri('deploy.yaml'), type: FileChangeType.Deleted }] });
  await h.nextPublish(uri, (x) => x.diagnostics.some((d) => d.code === 'policy-selects-nothing'), mark);
  // A folder moved in is one event for the folder: the YAML files below it are read.
  fs.mkdirSync(path.join(sub, 'web'), { recursive: true });
  fs.writeFileSync(path.join(sub, 'web', 'deploy.yaml'), DEPLOY);
  fs.writeFileSync(path.join(sub, 'notes.txt'), 'not YAML');
  mark = h.publishes.length;
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri('apps'), type: FileChangeType.Created }] });
  await h.nextPublish(uri, (x) => !x.diagnostics.some((d) => d.code === 'policy-selects-nothing'), mark);
  // `app` is a prefix of `apps` but not its folder: the index keeps apps/deploy.yaml.
  const files = async (): Promise<number> => ((await h.conn.sendRequest('netlens/indexStats', {})) as { files: number }).files;
  const before = await files();
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri('app'), type: FileChangeType.Deleted }] });
  assert.equal(await files(), before);
  fs.rmSync(sub, { recursive: true });
  mark = h.publishes.length;
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri('apps'), type: FileChangeType.Deleted }] });
  const gone = await h.nextPublish(uri, (x) => x.diagnostics.some((d) => d.code === 'policy-selects-nothing'), mark);
  assert.deepEqual(view(gone), engineView({ 'policy.yaml': POLICY }));
  assert.equal(await files(), before - 1);
  // Back as it was for any test after this one.
  fs.writeFileSync(path.join(dir, 'deploy.yaml'), DEPLOY);
  mark = h.publishes.length;
  await h.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri('deploy.yaml'), type: FileChangeType.Created }] });
  await h.nextPublish(uri, (x) => !x.diagnostics.some((d) => d.code === 'policy-selects-nothing'), mark);
});
