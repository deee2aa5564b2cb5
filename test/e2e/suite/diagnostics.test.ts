// Diagnostics from the language server in the real editor: exact code, range and severity; a quick fix applied.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { netlens, netlensDiagnostics, open, quickFixes, restore, waitFor } from './util';

const rangeText = (r: vscode.Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

suite('diagnostics', () => {
  suiteSetup(async () => {
    await netlens();
  });

  test('a broken NetworkPolicy gets API-server errors on the offending values', async () => {
    const editor = await open('broken.yaml');
    const uri = editor.document.uri;
    const protocol = await waitFor('invalid-protocol on broken.yaml', () => netlensDiagnostics(uri, 'invalid-protocol')[0]);
    // `        - protocol: tcp` (line 17 in the file, 0-based 16): the value `tcp`.
    assert.equal(rangeText(protocol.range), '16:20-16:23');
    assert.equal(editor.document.getText(protocol.range), 'tcp');
    assert.equal(protocol.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(protocol.source, 'netlens');
    assert.match(protocol.message, /protocol: "?tcp"? is not supported; must be one of TCP, UDP, SCTP/);
    // The rule link runs netlens.openRuleDoc on the page shipped in the .vsix, which opens it rendered.
    const target = typeof protocol.code === 'object' ? protocol.code.target : undefined;
    assert.equal(target?.scheme, 'command');
    assert.equal(target?.path, 'netlens.openRuleDoc');
    const [href] = JSON.parse(target?.query ?? '[]') as string[];
    assert.match(href ?? '', /docs\/rules\/invalid-protocol\.md$/);
    assert.ok(fs.existsSync(vscode.Uri.parse(href ?? '').fsPath), `${href} exists`);
    await vscode.commands.executeCommand('netlens.openRuleDoc', href);
    await waitFor('the rule page in the Markdown preview', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputWebview && /markdown\.preview/.test(input.viewType) ? input : undefined;
    });

    const port = await waitFor('invalid-port on broken.yaml', () => netlensDiagnostics(uri, 'invalid-port')[0]);
    assert.equal(rangeText(port.range), '17:16-17:21');
    assert.equal(editor.document.getText(port.range), '70000');
    assert.match(port.message, /70000 is not a valid port number; must be between 1 and 65535/);
  });

  test('the "Use TCP" quick fix, applied through executeCodeActionProvider, clears the error', async () => {
    const editor = await open('broken.yaml');
    const doc = editor.document;
    const original = doc.getText();
    const diag = await waitFor('invalid-protocol', () => netlensDiagnostics(doc.uri, 'invalid-protocol')[0]);
    const actions = await quickFixes(doc.uri, diag.range);
    const fix = actions.find((a) => a.title === 'Use TCP');
    assert.ok(fix, `"Use TCP" offered; got ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix.edit, 'the fix carries an edit');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(doc.lineAt(16).text, '        - protocol: TCP');
    await waitFor('invalid-protocol to clear', () => netlensDiagnostics(doc.uri, 'invalid-protocol').length === 0);
    // the other error stays: the analysis re-ran on the edited text, it did not just drop everything
    assert.equal(netlensDiagnostics(doc.uri, 'invalid-port').length, 1);
    await restore(doc, original);
    await waitFor('invalid-protocol back after restoring the file', () => netlensDiagnostics(doc.uri, 'invalid-protocol').length === 1);
  });
});
