// The topology preview command opens its webview panel beside the YAML (its SVG is checked by the UI test).
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, open, waitFor } from './util';

const previewTabs = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('netlens.topology'));

suite('topology preview', () => {
  suiteSetup(async () => {
    await netlens();
  });

  test('"Open Topology Preview to the Side" opens one NetLens Topology webview beside the editor', async () => {
    const editor = await open('workloads.yaml');
    assert.equal(previewTabs().length, 0);
    await vscode.commands.executeCommand('netlens.openTopologyPreviewToSide');
    const tab = await waitFor('the preview tab', () => previewTabs()[0]);
    assert.equal(tab.label, 'NetLens Topology');
    assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'opened to the side');
    // a second call reveals the same panel instead of opening another
    await vscode.commands.executeCommand('netlens.openTopologyPreviewToSide');
    assert.equal(previewTabs().length, 1);
    await vscode.window.tabGroups.close(previewTabs());
  });
});
