// Workspace folders added and removed at run time are indexed and dropped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWorkspaceFoldersNotification } from 'vscode-languageserver-protocol/node';
import { WorkloadsRequest, type WorkloadsResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ns}\nspec:\n  containers: [{name: c, image: x}]\n`;

let root: string;
let h: Harness;
const folder = (name: string): { uri: string; name: string } => ({ uri: pathToFileURL(path.join(root, name)).href, name });

before(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-folders-')));
  for (const n of ['a', 'b']) {
    fs.mkdirSync(path.join(root, n));
    fs.writeFileSync(path.join(root, n, 'pod.yaml'), pod(`pod-${n}`));
  }
  h = await Harness.start({ folders: [folder('a').uri] });
});
after(async () => {
  await h.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const pods = async (): Promise<string[]> =>
  ((await h.conn.sendRequest(WorkloadsRequest.method, {})) as WorkloadsResult).workloads.filter((w) => w.kind === 'Pod').map((w) => w.id);

test('added folders are indexed, removed ones forgotten', async () => {
  assert.deepEqual(await pods(), ['ns/pod-a']);
  await h.conn.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder('b')], removed: [] } });
  await waitFor(() => (h.logs.some((l) => /Indexed 2 YAML files in 2 folder/.test(l.message)) ? true : undefined), 'a rescan of both folders');
  assert.deepEqual(await pods(), ['ns/pod-a', 'ns/pod-b']);
  const mark = h.logs.length;
  await h.conn.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [folder('a')] } });
  await waitFor(() => (h.logs.slice(mark).some((l) => /Indexed 1 YAML files in 1 folder/.test(l.message)) ? true : undefined), 'a rescan without a');
  assert.deepEqual(await pods(), ['ns/pod-b']);
  assert.equal(h.logs.filter((l) => l.type === 1).length, 0, `no errors: ${JSON.stringify(h.logs.filter((l) => l.type === 1))}`);
});
