// Conventions in the editor: a settings change re-checks open documents at once (no edit needed), inline
// exceptions are honoured as in the CLI, and every diagnostic offers "Disable <code> for this line".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, type CodeAction } from 'vscode-languageserver-protocol/node';
import { APPS, APPS_EXCEPTED } from '../fixtures/conventions.ts';
import { Harness } from './harness.ts';


let root: string;
let h: Harness;
let uri: string;

before(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-conv-')));
  fs.writeFileSync(path.join(root, 'apps.yaml'), APPS);
  uri = pathToFileURL(path.join(root, 'apps.yaml')).href;
  h = await Harness.start({ folders: [pathToFileURL(root).href] });
});
after(async () => {
  await h.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const codes = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.map((d) => d.code);

test('a settings change re-checks the open document at once; an exception silences it; the quick fix adds one', async () => {
  await h.open(uri, APPS, 1);
  const first = await h.nextPublish(uri);
  assert.deepEqual(codes(first), []);

  // No edit: the configuration change alone brings the convention's finding.
  const mark = h.publishes.length;
  await h.configure({ conventions: { requireDefaultDeny: 'both' }, rules: { 'missing-default-deny': 'error' } });
  const second = await h.nextPublish(uri, (p) => p.diagnostics.length > 0, mark);
  assert.deepEqual(
    second.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]),
    [['missing-default-deny', 1, 19, 8, 17]],
  );

  const actions = (await h.conn.sendRequest(CodeActionRequest.method, {
    textDocument: { uri },
    range: second.diagnostics[0]!.range,
    context: { diagnostics: second.diagnostics },
  })) as CodeAction[];
  const disable = actions.find((a) => a.title === 'Disable missing-default-deny for this line');
  assert.deepEqual(disable?.edit?.documentChanges, [
    { textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 19, character: 0 }, end: { line: 19, character: 0 } }, newText: '  # netlens-disable-next-line missing-default-deny -- <reason>\n' }] },
  ]);
  assert.ok(actions.some((a) => a.title === 'Add default-deny policy for namespace shop'), actions.map((a) => a.title).join(' | '));

  // The exception, as the quick fix writes it (with a reason): the finding goes away, nothing is reported unused.
  const excepted = APPS_EXCEPTED;
  const mark2 = h.publishes.length;
  await h.replace(uri, 2, excepted);
  const third = await h.nextPublish(uri, (p) => p.version === 2, mark2);
  assert.deepEqual(codes(third), []);

  // Turning the convention off makes the exception stale: reported as unused-suppression on its code.
  const mark3 = h.publishes.length;
  await h.configure({ conventions: { requireDefaultDeny: 'off' } });
  const fourth = await h.nextPublish(uri, (p) => p.diagnostics.length > 0, mark3);
  assert.deepEqual(fourth.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unused-suppression', 19, 30]]);
});
