// Workspace diagnostics across files (kustomize namespace, workloads in another file) and the "Add DNS egress" fix.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, netlensDiagnostics, open, quickFixes, restore, waitFor } from './util';

const DNS_RULE = `    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`;

suite('missing DNS egress', () => {
  suiteSetup(async () => {
    await netlens();
  });

  test('a default-deny without DNS is reported on its Egress entry, naming the workloads it cuts off', async () => {
    const { document } = await open('policies/default-deny.yaml');
    const d = await waitFor('missing-dns-egress on default-deny.yaml', () => netlensDiagnostics(document.uri, 'missing-dns-egress')[0]);
    assert.equal(document.getText(d.range), 'Egress');
    assert.equal(d.range.start.line, 9);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    // the workloads come from workloads.yaml, their namespace from kustomization.yaml: the workspace model at work
    assert.match(d.message, /^This policy isolates api, db, frontend \(namespace shop\) for egress/);
  });

  test('"Add DNS egress" via executeCodeActionProvider appends a kube-dns rule in the file\'s style and the warning goes', async () => {
    // open too, so its diagnostics are published whether or not the server reports on closed files
    const deny = (await open('policies/default-deny.yaml')).document.uri;
    const { document } = await open('policies/allow-frontend-egress.yaml');
    const original = document.getText();
    const d = await waitFor('missing-dns-egress on allow-frontend-egress.yaml', () => netlensDiagnostics(document.uri, 'missing-dns-egress')[0]);
    assert.equal(document.getText(d.range), 'egress');
    const actions = await quickFixes(document.uri, d.range);
    const fix = actions.find((a) => a.title.startsWith('Add DNS egress'));
    assert.ok(fix?.edit, `"Add DNS egress" offered; got ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, 'Add DNS egress (UDP and TCP 53 to kube-system pods k8s-app=kube-dns)');
    assert.equal(fix.isPreferred, true);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    // appended as the last egress rule, indented like the existing one, comments and the rest untouched
    assert.equal(document.getText(), original + DNS_RULE);
    await waitFor('missing-dns-egress to clear on the fixed policy', () => netlensDiagnostics(document.uri, 'missing-dns-egress').length === 0);
    // the default-deny still cuts api and db off from DNS: only frontend is now allowed
    await waitFor('default-deny now names only api and db', () =>
      netlensDiagnostics(deny, 'missing-dns-egress').find((x) => x.message.startsWith('This policy isolates api, db (namespace shop) for egress')));
    await restore(document, original);
    await waitFor('the warning back after restoring the file', () => netlensDiagnostics(document.uri, 'missing-dns-egress').length === 1);
  });
});
