// A CiliumNetworkPolicy in the real editor: its diagnostics (a validation warning and a workspace warning), the hover on
// its endpointSelector and on a rule, and one quick fix applied through the editor.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, netlensDiagnostics, open, positionOf, quickFixes, restore, waitFor } from './util';

const FILE = 'cilium/lab.yaml';
const hoverText = (hs: vscode.Hover[]): string => hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

suite('Cilium policy in the editor', () => {
  suiteSetup(async () => {
    await netlens();
  });

  test('the empty rule and the missing DNS egress are reported with exact ranges and severities', async () => {
    const { document } = await open(FILE);
    const empty = await waitFor('cilium-empty-rule on lab.yaml', () => netlensDiagnostics(document.uri, 'cilium-empty-rule')[0]);
    assert.equal(document.getText(empty.range), '{}');
    assert.equal(empty.range.start.line, 30);
    assert.equal(empty.severity, vscode.DiagnosticSeverity.Warning);
    const dns = await waitFor('missing-dns-egress on lab.yaml', () => netlensDiagnostics(document.uri, 'missing-dns-egress')[0]);
    assert.equal(document.getText(dns.range), 'egress');
    assert.equal(dns.range.start.line, 31);
    assert.equal(dns.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(dns.message, /^This CiliumNetworkPolicy makes lab\/probe default-deny for egress, and no policy lets them reach DNS/);
  });

  test('hover on endpointSelector and on a rule says what they select and allow', async () => {
    const { document } = await open(FILE);
    const ask = (at: vscode.Position, re: RegExp) =>
      waitFor(`a NetLens hover matching ${re}`, async () => {
        const t = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at)) ?? []);
        return re.test(t) ? t : undefined;
      });
    const selector = await ask(positionOf(document, 'endpointSelector', 2), /endpointSelector/);
    assert.match(selector, /selects 1 workload in `lab`: `lab\/probe`\. A CiliumNetworkPolicy applies only to its own namespace/);
    const rule = await ask(positionOf(document, '- toEntities', 2), /egress\[0\]/);
    assert.match(rule, /\*\*egress\[0\]\*\* Allows traffic to the `world` entity \(.*\) on TCP 443\./);
  });

  test('"Write the explicit default-deny rule" replaces {} in place; the warning goes and comes back on restore', async () => {
    const { document } = await open(FILE);
    const original = document.getText();
    const d = await waitFor('cilium-empty-rule', () => netlensDiagnostics(document.uri, 'cilium-empty-rule')[0]);
    const actions = await quickFixes(document.uri, d.range);
    const fix = actions.find((a) => a.title === 'Write the explicit default-deny rule {fromEntities: [none]}');
    assert.ok(fix?.edit, `the explicit-rule fix is offered; got ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.getText(), original.replace('  ingress:\n  - {}\n', '  ingress:\n  - {fromEntities: [none]}\n'));
    await waitFor('cilium-empty-rule to clear', () => netlensDiagnostics(document.uri, 'cilium-empty-rule').length === 0);
    await restore(document, original);
    await waitFor('the warning back after restoring the file', () => netlensDiagnostics(document.uri, 'cilium-empty-rule').length === 1);
  });
});
