// Bad input over the protocol: huge, binary, alias bombs, CRLF, odd documents, incremental edits; the server lives on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionRequest, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { Harness } from './harness.ts';

const NP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n';
const ORIGIN = { line: 0, character: 0 };

let h: Harness;
let seq = 0;
const uri = (): string => `file:///ws/bad/${++seq}.yaml`;

before(async () => {
  h = await Harness.start();
});
after(async () => {
  assert.equal(await h.stop(), 0);
});

async function diagnose(text: string): Promise<[string | number | undefined, number, number, number, number][]> {
  const u = uri();
  await h.open(u, text, 1);
  const p = await h.nextPublish(u, (x) => x.version === 1);
  await h.close(u);
  return p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
}

test('a 20 MB policy file is declined with one diagnostic and the server stays responsive', async () => {
  const line = '    team-with-a-long-label-name: some-value-that-fills-the-file\n';
  const text = `${NP}metadata:\n  name: big\n  labels:\n${line.repeat(Math.ceil(20_000_000 / line.length))}`;
  const u = uri();
  await h.open(u, text, 1);
  // Generous: 20 MB travel through JSON-RPC on a possibly busy CI machine.
  const p = await h.nextPublish(u, (x) => x.version === 1, 0, 60_000);
  assert.equal(p.diagnostics.length, 1);
  assert.equal(p.diagnostics[0]?.code, 'file-not-analyzed');
  assert.deepEqual(p.diagnostics[0]?.range, { start: ORIGIN, end: ORIGIN });
  assert.match(String(p.diagnostics[0]?.message), /^File is 20\.0 MB, larger than the 5\.0 MB NetLens analyses/);
  // Still answering.
  const actions = await h.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: u }, range: { start: ORIGIN, end: ORIGIN }, context: { diagnostics: [] } });
  assert.deepEqual(actions, []);
  await h.close(u);
});

test('binary content and alias bombs in a policy file get one file-not-analyzed diagnostic each', async () => {
  assert.deepEqual(await diagnose(`${NP}x: \u0000\n`), [['file-not-analyzed', 0, 0, 0, 0]]);
  const bomb = `${NP}metadata:\n  name: x\n  labels:\n    a: &a [x,x,x,x,x,x,x,x,x,x]\n    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`;
  assert.deepEqual(await diagnose(bomb), [['file-not-analyzed', 0, 0, 9, 0]]);
});

test('declined files that are not ours are left alone', async () => {
  assert.deepEqual(await diagnose('kind: ConfigMap\ndata: {a: "\u0000"}\n'), []);
});

test('empty files, scalar and list documents, tabs: no diagnostics, no crash', async () => {
  for (const text of ['', '\n', '--- 42\n', '- a\n- b\n', '---\n---\n', 'a:\tb\n', '\uFEFFkind: ConfigMap\n']) {
    assert.deepEqual(await diagnose(text), [], JSON.stringify(text));
  }
});

test('CRLF line endings: ranges stay exact', async () => {
  const text = `${NP}metadata:\n  name: web\n  name: again\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`.replace(/\n/g, '\r\n');
  assert.deepEqual(await diagnose(text), [['duplicate-key', 4, 2, 4, 6]]);
});

test('incremental (ranged) edits are applied to the right place', async () => {
  const text = `${NP}metadata:\n  name: web\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;
  const u = uri();
  await h.open(u, text, 1);
  assert.deepEqual((await h.nextPublish(u, (x) => x.version === 1)).diagnostics, []);
  // Insert a second `name:` after line 3, then remove it again.
  await h.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: u, version: 2 },
    contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '  name: dup\n' }],
  });
  const p2 = await h.nextPublish(u, (x) => x.version === 2);
  assert.deepEqual(p2.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [['duplicate-key', 4, 2, 6]]);
  await h.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: u, version: 3 },
    contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' }],
  });
  assert.deepEqual((await h.nextPublish(u, (x) => x.version === 3)).diagnostics, []);
  await h.close(u);
});
