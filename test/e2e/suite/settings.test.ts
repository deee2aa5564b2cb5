// `netlens.rules` changes severities live: no reload, no reopen.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, netlensDiagnostics, open, waitFor } from './util';

suite('settings', () => {
  const rules = () => vscode.workspace.getConfiguration('netlens');

  suiteSetup(async () => {
    await netlens();
  });

  suiteTeardown(async () => {
    await rules().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('netlens.rules changes a severity live, and "off" removes the diagnostic', async () => {
    const { document } = await open('broken.yaml');
    const uri = document.uri;
    const before = await waitFor('invalid-port', () => netlensDiagnostics(uri, 'invalid-port')[0]);
    assert.equal(before.severity, vscode.DiagnosticSeverity.Error);

    await rules().update('rules', { 'invalid-port': 'warning' }, vscode.ConfigurationTarget.Workspace);
    const warned = await waitFor('invalid-port as a warning', () =>
      netlensDiagnostics(uri, 'invalid-port').find((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    assert.equal(warned.range.start.line, before.range.start.line);
    // only the configured rule changed
    assert.equal(netlensDiagnostics(uri, 'invalid-protocol')[0]?.severity, vscode.DiagnosticSeverity.Error);

    await rules().update('rules', { 'invalid-port': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('invalid-port off', () => netlensDiagnostics(uri, 'invalid-port').length === 0 && netlensDiagnostics(uri, 'invalid-protocol').length === 1);

    await rules().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('invalid-port back as an error', () =>
      netlensDiagnostics(uri, 'invalid-port').find((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });
});
