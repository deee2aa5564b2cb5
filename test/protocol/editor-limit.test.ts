// The editor shows at most 1,000 problems per file (VS Code's extension host drops the rest): the server sends the
// ones it would keep, errors first, and one notice saying how many of which severity are left out, for an open
// document, a closed file (pulled or pushed) alike.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentDiagnosticRequest, type Diagnostic, type FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { Harness } from './harness.ts';

// 1,005 policies selecting nobody (a warning each) and, last in the file, one invalid port (an error): 1,006 findings.
const policy = (i: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: nobody${i}}}\n  policyTypes: [Ingress]\n`;
const BAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 70000}]\n';
const MANY = [...Array.from({ length: 1005 }, (_, i) => policy(i)), BAD].join('---\n');
const ERROR_LINE = 1005 * 7 + 6; // the port line of the last document
const NOTICE = '7 more NetLens findings in this file are not shown (7 warnings): the editor shows at most 1,000 problems per file, the most severe first. Run `netlens check` on this file to list them all.';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-limit-'));
  fs.writeFileSync(path.join(dir, 'many.yaml'), MANY);
  fs.writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The 999 findings kept (the error and the first 998 warnings, in file order) and the notice at the top. */
function assertLimited(items: Diagnostic[]): void {
  assert.equal(items.length, 1000);
  const notice = items[items.length - 1];
  assert.deepEqual(notice, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 3, source: 'netlens', message: NOTICE });
  const kept = items.slice(0, -1);
  assert.deepEqual(kept.filter((d) => d.code === 'invalid-port').map((d) => d.range.start.line), [ERROR_LINE]);
  const warnings = kept.filter((d) => d.code === 'policy-selects-nothing').map((d) => d.range.start.line);
  assert.deepEqual(warnings, Array.from({ length: 998 }, (_, i) => i * 7 + 4));
}

test('a closed file with more findings than the editor shows: 999 of them, errors first, and the notice', async (t) => {
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  t.after(() => h.stop());
  const uri = pathToFileURL(path.join(dir, 'many.yaml')).href;
  let report: FullDocumentDiagnosticReport | undefined;
  // The first answers may come before the scan: poll until the workspace is indexed.
  for (let i = 0; i < 500 && (report?.items.length ?? 0) < 1000; i++) {
    report = (await h.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
    if (report.items.length < 1000) await new Promise((r) => setTimeout(r, 10));
  }
  assertLimited(report?.items ?? []);
});

test('an open document, pushed: the same 999 findings and notice', async (t) => {
  const h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  t.after(() => h.stop());
  const uri = pathToFileURL(path.join(dir, 'many.yaml')).href;
  await h.open(uri, MANY);
  const p = await h.nextPublish(uri, (x) => x.version === 1 && x.diagnostics.length > 0);
  assertLimited(p.diagnostics);
});
