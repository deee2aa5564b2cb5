// The server over stdio: diagnostics pushed on open, versioned on change, cleared on close, settings applied live.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, DiagnosticSeverity, TextDocumentSyncKind } from 'vscode-languageserver-protocol/node';
import { Harness, ROOT, waitFor } from './harness.ts';

const POLICY_DUP = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: web',
  '  annotations: {note: "café 😀", note: again}',
  'spec:',
  '  podSelector: {matchLabels: {app: web}}',
  '  policyTypes: [Ingress]',
  '  ingress:',
  '  - from:',
  '    - podSelector: {matchLabels: {app: api}}',
  '',
].join('\n');
const POLICY_OK = POLICY_DUP.replace(', note: again', '');
const POLICY_SYNTAX = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector: {matchLabels: {app: web}\n';
const CONFIGMAP_DUP = 'apiVersion: v1\nkind: ConfigMap\ndata: {a: 1, a: 2}\n';

const docHref = (code: string): string => pathToFileURL(path.join(ROOT, 'docs/rules', `${code}.md`)).href;

let uriSeq = 0;
const newUri = (name = 'policy.yaml'): string => `file:///ws/${++uriSeq}/${name}`;

describe('with workspace/configuration (pull model)', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    assert.equal(await h.stop(), 0, 'exit code after shutdown + exit');
  });

  test('initialize announces incremental sync and quick fixes', () => {
    const caps = h.initializeResult?.capabilities;
    assert.deepEqual(caps?.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
    assert.deepEqual(caps?.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor'] });
    assert.deepEqual(caps?.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
  });

  test('open a bad NetworkPolicy: exact UTF-16 range, code, source, doc link; edit clears; close clears', async () => {
    const uri = newUri();
    await h.open(uri, POLICY_DUP, 1);
    const p1 = await h.nextPublish(uri);
    assert.equal(p1.version, 1);
    assert.deepEqual(p1.diagnostics, [
      {
        // `note` after "café 😀": the emoji counts two UTF-16 code units, as LSP columns do.
        range: { start: { line: 4, character: 33 }, end: { line: 4, character: 37 } },
        severity: DiagnosticSeverity.Error,
        code: 'duplicate-key',
        codeDescription: { href: docHref('duplicate-key') },
        source: 'netlens',
        message: 'Duplicate key: this map already has this key; only one of the values would be applied.',
      },
    ]);
    // The settings were pulled for this document's own scope.
    assert.ok(h.configRequests.some((r) => r.scopeUri === uri && r.section === 'netlens'));

    const mark = h.publishes.length;
    await h.replace(uri, 2, POLICY_OK);
    const p2 = await h.nextPublish(uri, () => true, mark);
    assert.equal(p2.version, 2);
    assert.deepEqual(p2.diagnostics, []);

    await h.replace(uri, 3, POLICY_SYNTAX);
    const p3 = await h.nextPublish(uri, (p) => p.version === 3, mark);
    assert.deepEqual(
      p3.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.codeDescription?.href]),
      [['yaml-syntax', 6, 0, 6, 0, docHref('yaml-syntax')]],
    );

    const closeMark = h.publishes.length;
    await h.close(uri);
    const p4 = await h.nextPublish(uri, () => true, closeMark);
    assert.deepEqual(p4.diagnostics, []);
    assert.equal(p4.version, undefined);
  });

  test('rapid edits are debounced and only the latest version is published', async () => {
    const uri = newUri();
    await h.open(uri, POLICY_OK, 1);
    await h.nextPublish(uri, (p) => p.version === 1);
    const mark = h.publishes.length;
    for (let v = 2; v <= 6; v++) await h.replace(uri, v, v % 2 === 0 ? POLICY_DUP : POLICY_OK);
    await h.replace(uri, 7, POLICY_DUP);
    const last = await h.nextPublish(uri, (p) => p.version === 7, mark);
    assert.equal(last.diagnostics.length, 1);
    const versions = h.publishes.slice(mark).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [7]);
    await h.close(uri);
  });

  test('YAML errors in documents that are not ours are left to other YAML tools', async () => {
    const uri = newUri('configmap.yaml');
    await h.open(uri, CONFIGMAP_DUP, 1);
    const p = await h.nextPublish(uri, (x) => x.version === 1);
    assert.deepEqual(p.diagnostics, []);

    // In a multi-document file, only the NetworkPolicy document's duplicate key is reported.
    const mixed = `${CONFIGMAP_DUP}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, name: y}\nspec: {podSelector: {}, policyTypes: [Ingress], ingress: [{}]}\n`;
    await h.replace(uri, 2, mixed);
    const p2 = await h.nextPublish(uri, (x) => x.version === 2);
    assert.deepEqual(
      p2.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['duplicate-key', 6, 20, 24]],
    );
    await h.close(uri);
  });

  test('netlens.rules changes severity live, `off` hides, `enable: false` clears', async () => {
    const uri = newUri();
    await h.open(uri, POLICY_DUP, 1);
    await h.nextPublish(uri, (p) => p.diagnostics.length === 1);

    let mark = h.publishes.length;
    await h.configure({ rules: { 'duplicate-key': 'warning' } });
    const warned = await h.nextPublish(uri, () => true, mark);
    assert.deepEqual(warned.diagnostics.map((d) => [d.code, d.severity]), [['duplicate-key', DiagnosticSeverity.Warning]]);

    mark = h.publishes.length;
    await h.configure({ rules: { 'duplicate-key': 'off' } });
    assert.deepEqual((await h.nextPublish(uri, () => true, mark)).diagnostics, []);

    mark = h.publishes.length;
    await h.configure({ rules: {} });
    assert.deepEqual((await h.nextPublish(uri, () => true, mark)).diagnostics.map((d) => d.severity), [DiagnosticSeverity.Error]);

    mark = h.publishes.length;
    await h.configure({ enable: false });
    assert.deepEqual((await h.nextPublish(uri, () => true, mark)).diagnostics, []);

    await h.configure({});
    await h.close(uri);
  });

  test('settings are per resource: another folder keeps its own severities', async () => {
    const a = newUri();
    const b = newUri();
    h.settings[b] = { rules: { 'duplicate-key': 'hint' } };
    await h.open(a, POLICY_DUP, 1);
    await h.open(b, POLICY_DUP, 1);
    const pa = await h.nextPublish(a, (p) => p.version === 1);
    const pb = await h.nextPublish(b, (p) => p.version === 1);
    assert.deepEqual(pa.diagnostics.map((d) => d.severity), [DiagnosticSeverity.Error]);
    assert.deepEqual(pb.diagnostics.map((d) => d.severity), [DiagnosticSeverity.Hint]);
    await h.close(a);
    await h.close(b);
  });

  test('a malformed request is answered empty, logged, and the server keeps serving', async () => {
    const uri = newUri();
    await h.open(uri, POLICY_DUP, 1);
    await h.nextPublish(uri, (p) => p.version === 1);
    // No `context`: the handler throws inside; the client still gets an answer.
    const answer = await h.conn.sendRequest(CodeActionRequest.method, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    assert.deepEqual(answer, []);
    await waitFor(() => h.logs.find((l) => l.type === 1 && l.message.includes('textDocument/codeAction failed')), 'an error log');
    // Unopened documents have no actions.
    assert.deepEqual(await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: newUri() }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
    const mark = h.publishes.length;
    await h.replace(uri, 2, POLICY_OK);
    assert.deepEqual((await h.nextPublish(uri, () => true, mark)).diagnostics, []);
    await h.close(uri);
  });

  test('non-YAML documents get no diagnostics', async () => {
    const uri = newUri('notes.txt');
    await h.open(uri, POLICY_DUP, 1, 'plaintext');
    assert.deepEqual((await h.nextPublish(uri)).diagnostics, []);
    await h.close(uri);
  });
});

describe('without workspace/configuration (push model)', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ configuration: false });
  });
  after(async () => {
    assert.equal(await h.stop(), 0);
  });

  test('defaults apply, and didChangeConfiguration payloads are used', async () => {
    const uri = newUri();
    await h.open(uri, POLICY_DUP, 1);
    const p = await h.nextPublish(uri);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['duplicate-key', DiagnosticSeverity.Error]]);
    assert.equal(h.configRequests.length, 0, 'never asks a client that cannot answer');

    const mark = h.publishes.length;
    await h.configure({ rules: { 'duplicate-key': 'information' } });
    const p2 = await h.nextPublish(uri, () => true, mark);
    assert.deepEqual(p2.diagnostics.map((d) => d.severity), [DiagnosticSeverity.Information]);
    await h.close(uri);
  });
});

test('exit without shutdown ends the process with code 1', async () => {
  const h = await Harness.start();
  await h.conn.sendNotification('exit');
  const code = await waitFor(() => h.child.exitCode ?? undefined, 'process exit');
  assert.equal(code, 1);
  h.conn.dispose();
});
