// An HTTPRoute in the real editor: the CRD's rule as a diagnostic, "Add the leading /" applied through the
// code-action provider, then the route hover naming the listener it attaches to and the Service behind it.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, netlensDiagnostics, open, positionOf, quickFixes, restore, waitFor } from './util';

const hoverText = (hs: vscode.Hover[]): string => hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

suite('HTTPRoute in the editor', () => {
  suiteSetup(async () => {
    await netlens();
  });

  test('a relative PathPrefix is an error at its path; "Add the leading /" fixes it; the hover shows the attachment', async () => {
    await open('gateway/gateway.yaml');
    const { document } = await open('gateway/route.yaml');
    const original = document.getText();
    const d = await waitFor('gateway-rule on route.yaml', () => netlensDiagnostics(document.uri, 'gateway-rule')[0]);
    assert.equal(document.getText(d.range), 'path');
    assert.equal(d.range.start.line, 12);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /value must be an absolute path and start with '\/'/);
    const actions = await quickFixes(document.uri, d.range);
    const fix = actions.find((a) => a.title.startsWith('Add the leading "/"'));
    assert.ok(fix?.edit, `"Add the leading /" offered; got ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, 'Add the leading "/" to the path (/shop)');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.getText(), original.replace('value: shop # the storefront', 'value: /shop # the storefront'));
    await waitFor('gateway-rule to clear', () => netlensDiagnostics(document.uri, 'gateway-rule').length === 0);
    // A valid route attaches: the hover on its name says where, and what serves it.
    const at = positionOf(document, 'name: site', 6);
    const text = await waitFor('the route hover', async () => {
      const t = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at)) ?? []);
      return t.includes('HTTPRoute edge/site') ? t : undefined;
    });
    assert.match(text, /- Gateway edge\/edge \(sectionName http\): listener `http` \(HTTP 80\) for `\*`/);
    assert.match(text, /- Service `edge\/site` port 80 → targetPort 8080/);
    await restore(document, original);
    await waitFor('the error back after restoring the file', () => netlensDiagnostics(document.uri, 'gateway-rule').length === 1);
  });
});
