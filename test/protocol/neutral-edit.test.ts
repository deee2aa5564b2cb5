// What one edit costs the rest of the workspace: an edit that changes nothing the workspace reads (a replica count,
// a comment) moves the previous analyses, re-validates no other open document and sends no refresh; an edit that
// changes what a policy selects re-validates the document it affects and asks the client to pull again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IndexStatsResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  replicas: 2',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]',
  '',
].join('\n');
const POLICY = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: web-in, namespace: shop}', 'spec:', '  podSelector: {matchLabels: {app: web}}', '  policyTypes: [Ingress]', '  ingress: [{ports: [{port: 80}]}]', ''].join('\n');

async function stats(h: Harness): Promise<IndexStatsResult> {
  return (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
}

async function codes(h: Harness, uri: string): Promise<string[]> {
  const r = (await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: { code?: string | number }[] };
  return r.items.map((d) => String(d.code)).sort();
}

test('a neutral edit re-validates no other document (nor asks its analysis) and sends no refresh; a label edit does both', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-neutral-')));
  fs.writeFileSync(path.join(dir, 'a.yaml'), DEPLOYMENT);
  fs.writeFileSync(path.join(dir, 'b.yaml'), POLICY);
  const a = pathToFileURL(path.join(dir, 'a.yaml')).href;
  const b = pathToFileURL(path.join(dir, 'b.yaml')).href;
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 2 YAML files/.test(l.message)), 'the index');
    await h.open(a, DEPLOYMENT, 1);
    await h.open(b, POLICY, 1);
    // Opening settles once (both documents at once: the debounce joins them); then the state is the baseline.
    const settled = async (n: number): Promise<IndexStatsResult> => {
      let s = await stats(h);
      while (s.editsSettled < n) s = await stats(h);
      return s;
    };
    await settled(1);
    assert.deepEqual(await codes(h, b), []);
    await codes(h, a);
    const base = await stats(h);

    // Neutral: the replica count, a comment line, the replica count again (three pauses in typing, three settles).
    let text = DEPLOYMENT.replace('replicas: 2', 'replicas: 3');
    await h.replace(a, 2, text);
    await codes(h, a);
    await settled(base.editsSettled + 1);
    // Counted from here: the refresh the opening asked for (250 ms after its settle) has arrived by now, since this
    // settle ran 300 ms after an edit sent after that one.
    const refreshes = h.refreshes;
    text = `# web front end\n${text}`;
    await h.replace(a, 3, text);
    await codes(h, a);
    await settled(base.editsSettled + 2);
    text = text.replace('replicas: 3', 'replicas: 4');
    await h.replace(a, 4, text);
    await codes(h, a);
    const after = await settled(base.editsSettled + 3);
    assert.equal(after.othersRevalidated, base.othersRevalidated, 'no other open document re-validated');
    assert.equal(after.closedRevalidations, base.closedRevalidations, 'closed files untouched');
    assert.equal(after.analyses, base.analyses, 'no workspace analysis ran: the previous ones were moved');
    // The edited document's analysis moved once per edit; b's was not asked (nothing of b names a.yaml).
    assert.equal(after.remapped, base.remapped + 3, 'moved analyses');
    // A refresh for the second edit would have been sent 250 ms after its settle, before the third settle (300 ms
    // after an edit that followed it), and so would have arrived before this answer.
    assert.equal(h.refreshes, refreshes, 'no refresh after neutral edits');
    assert.deepEqual(await codes(h, b), []);
    // Asked now, b's analysis moves over the three edits at once (no workspace analysis runs).
    const asked = await stats(h);
    assert.equal(asked.remapped, base.remapped + 4);
    assert.equal(asked.analyses, base.analyses);

    // Semantic: the pods' labels change, so the policy in b selects nothing.
    await h.replace(a, 5, text.replace('labels: {app: web}', 'labels: {app: api}'));
    await codes(h, a);
    const semantic = await settled(base.editsSettled + 4);
    assert.equal(semantic.othersRevalidated, base.othersRevalidated + 1);
    assert.equal(semantic.closedRevalidations, base.closedRevalidations + 1);
    await waitFor(() => (h.refreshes > refreshes ? true : undefined), 'a refresh');
    assert.deepEqual(await codes(h, b), ['policy-selects-nothing']);
  } finally {
    assert.equal(await h.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a neutral edit re-validates the other open document whose finding points into the edited one', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-neutral-')));
  // Two Deployments named web in shop: each file's duplicate-object finding points at the other's name.
  const other = DEPLOYMENT.replace(/app: web/g, 'app: api');
  fs.writeFileSync(path.join(dir, 'a.yaml'), DEPLOYMENT);
  fs.writeFileSync(path.join(dir, 'c.yaml'), other);
  const a = pathToFileURL(path.join(dir, 'a.yaml')).href;
  const c = pathToFileURL(path.join(dir, 'c.yaml')).href;
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], pullDiagnostics: true });
  const relatedLine = async (uri: string): Promise<number | undefined> => {
    const r = (await h.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as {
      items: { code?: string | number; relatedInformation?: { location: { range: { start: { line: number } } } }[] }[];
    };
    return r.items.find((d) => d.code === 'duplicate-object')?.relatedInformation?.[0]?.location.range.start.line;
  };
  try {
    await waitFor(() => h.logs.find((l) => /^Indexed 2 YAML files/.test(l.message)), 'the index');
    await h.open(a, DEPLOYMENT, 1);
    await h.open(c, other, 1);
    let s = await stats(h);
    while (s.editsSettled < 1) s = await stats(h);
    assert.equal(await relatedLine(c), 2, 'before');
    await relatedLine(a);
    const base = await stats(h);
    // A comment line on top of a.yaml: nothing the workspace reads changes, but c.yaml's place in it moves a line.
    await h.replace(a, 2, `# web front end\n${DEPLOYMENT}`);
    await codes(h, a);
    s = await stats(h);
    while (s.editsSettled < base.editsSettled + 1) s = await stats(h);
    assert.equal(s.othersRevalidated, base.othersRevalidated + 1, 'revalidated');
    assert.equal(await relatedLine(c), 3, 'after');
  } finally {
    assert.equal(await h.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
