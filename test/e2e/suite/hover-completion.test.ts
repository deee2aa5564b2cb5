// Hover and completion from the workspace model: what a podSelector selects, labels the workspace actually uses.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, open, positionOf, restore, waitFor } from './util';

const hoverText = (hs: vscode.Hover[]): string =>
  hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

const labelOf = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);

suite('hover and completion', () => {
  suiteSetup(async () => {
    await netlens();
  });

  test('hover on spec.podSelector names the workload it selects', async () => {
    const { document } = await open('policies/allow-frontend-to-api.yaml');
    const at = positionOf(document, 'podSelector', 3);
    const text = await waitFor('a NetLens hover on podSelector', async () => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
      const t = hoverText(hs ?? []);
      return /selects/.test(t) ? t : undefined;
    });
    // the Deployment `api` of namespace shop (from workloads.yaml + kustomization.yaml), linked to its file
    assert.match(text, /selects 1 workload in `shop`: Deployment \[`api`\]\([^)]*workloads\.yaml#L\d+,\d+\)/);
    assert.doesNotMatch(text, /frontend|`db`/);
    assert.match(text, /isolated for ingress/);
  });

  test('completion inside matchLabels offers the label values the workspace uses', async () => {
    const editor = await open('policies/allow-frontend-to-api.yaml');
    const doc = editor.document;
    const original = doc.getText();
    // `              app: frontend` -> complete the value of a new `tier:` label under the peer's matchLabels
    const line = positionOf(doc, 'app: frontend').line;
    await editor.edit((e) => e.insert(new vscode.Position(line + 1, 0), '              tier: \n'));
    const at = new vscode.Position(line + 1, '              tier: '.length);
    const labels = await waitFor('workspace label values for tier', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      const ls = (list?.items ?? []).map(labelOf);
      return ls.includes('web') ? ls : undefined;
    });
    for (const v of ['web', 'backend', 'data']) assert.ok(labels.includes(v), `"${v}" offered; got ${labels.join(', ')}`);
    await restore(doc, original);
  });
});
