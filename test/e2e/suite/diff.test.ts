// "NetLens: Compare Connectivity with..." in the real editor: after an unsaved edit, the preview turns into the
// diff view against HEAD and shows the flow the edit closes (the extension's API reports what the panel got).
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, netlens, open, positionOf, waitFor, workspaceRoot } from './util';

interface Snapshot {
  title: string;
  diff?: { base: string; error?: string; flows: { status: string; source: string; destination: string; port: string; protocol: string; edge?: string }[] };
}

const previewTabs = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('netlens.topology'));

suite('connectivity diff view', () => {
  suiteSetup(async () => {
    await netlens();
    // The fixture workspace is a plain copy: make it a repository whose HEAD is the fixture as shipped.
    const root = workspaceRoot().fsPath;
    if (!fs.existsSync(`${root}/.git`)) {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.invalid', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' } });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'fixture');
    }
  });

  test('Compare Connectivity with HEAD after an edit: the closed flow, red, with the rule that allowed it', async () => {
    const editor = await open('policies/allow-frontend-to-api.yaml');
    const at = positionOf(editor.document, 'port: 8080', 'port: '.length);
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 4)), '9090')));
    await vscode.commands.executeCommand('netlens.compareConnectivity', 'HEAD');
    const tab = await waitFor('the diff view tab', () => previewTabs().find((t) => t.label === 'NetLens: Connectivity vs HEAD'));
    assert.ok(tab);
    const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as { preview(): Snapshot | undefined };
    const diff = await waitFor('the diff against HEAD', () => {
      const d = api.preview()?.diff;
      return d && d.flows.length > 0 ? d : undefined;
    });
    assert.equal(diff.error, undefined);
    // The api now admits the frontend on 9090, which the frontend's egress does not allow: only a closed flow.
    assert.deepEqual(
      diff.flows.map((f) => [f.status, f.source, f.destination, f.port, f.protocol]),
      [['removed', 'shop/frontend', 'shop/api', '8080', 'TCP']],
    );
    assert.ok(diff.flows[0]?.edge, 'the closed flow is drawn');
    await vscode.window.tabGroups.close(previewTabs());
    // Leave the file as the other suites expect it: the edit undone (same text as on disk) and saved.
    const doc = editor.document;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(at, at.translate(0, 4)), '8080');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // save() also answers false when the document is not dirty any more, and once in CI it did so here although the
    // text was the file's again: what the other suites need is checked instead, no unsaved change and the file on
    // disk as shipped (a failed save leaves the document dirty and the wait fails).
    await doc.save();
    await waitFor('the edit undone and saved', () => !doc.isDirty && doc.getText().includes('port: 8080') && fs.readFileSync(doc.uri.fsPath, 'utf8') === doc.getText());
  });
});
