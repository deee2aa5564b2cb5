// A kustomize patch file open in the editor: the server leaves out what the partial object lacks (the rules that
// judge absence), as `netlens check` does; the same text outside any build is an object of its own and keeps them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexStatsRequest, type IndexStatsResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

const stats = async (): Promise<IndexStatsResult> => (await h.conn.sendRequest(IndexStatsRequest.method, {})) as IndexStatsResult;
const CNP = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web-in\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: nobody}}]\n';
const PATCH = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web-in}\nspec:\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: cli}}]\n';

let dir: string;
let h: Harness;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-kpatch-')));
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('base/kustomization.yaml', 'namespace: shop\nresources: [cnp.yaml]\n');
  write('base/cnp.yaml', CNP);
  write('overlay/kustomization.yaml', 'resources: [../base]\npatches:\n- path: cnp-patch.yaml\n');
  write('overlay/cnp-patch.yaml', PATCH);
  write('loose/cnp.yaml', PATCH);
  // A patch outside the overlay's folder: no kustomization beside it, so only its being a patch changes its findings.
  write('patches/more.yaml', PATCH);
  h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  await waitFor(() => h.logs.find((l) => /^Indexed 6 YAML files/.test(l.message)), 'the index', 60_000);
});
after(async () => {
  await h.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an open patch file gets no cilium-subject error; an open loose copy of it does', async () => {
  const loose = pathToFileURL(path.join(dir, 'loose/cnp.yaml')).href;
  await h.open(loose, PATCH);
  const seen = await h.nextPublish(loose, (p) => p.diagnostics.length > 0);
  assert.deepEqual(seen.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['cilium-subject', 4, 2]]);

  const patch = pathToFileURL(path.join(dir, 'overlay/cnp-patch.yaml')).href;
  const mark = h.publishes.length;
  await h.open(patch, PATCH);
  const p = await h.nextPublish(patch, (x) => x.version === 1, mark);
  assert.deepEqual(p.diagnostics, []);
});

test('editing the kustomization so it no longer applies an open patch file re-validates that file', async () => {
  const more = pathToFileURL(path.join(dir, 'patches/more.yaml')).href;
  const kust = pathToFileURL(path.join(dir, 'overlay/kustomization.yaml')).href;
  const text = 'resources: [../base]\npatches:\n- path: cnp-patch.yaml\n- path: ../patches/more.yaml\n';
  // The opens settle first (the debounce joins documents opened together; they re-validate themselves).
  const settled = (await stats()).editsSettled;
  await h.open(kust, text);
  await h.open(more, PATCH);
  for (const deadline = Date.now() + 10_000; (await stats()).editsSettled <= settled; ) assert.ok(Date.now() < deadline, 'the opens did not settle');
  assert.deepEqual((await h.nextPublish(more, (x) => x.version === 1)).diagnostics, []);
  const mark = h.publishes.length;
  await h.replace(kust, 2, 'resources: [../base]\npatches:\n- path: cnp-patch.yaml\n');
  const p = await h.nextPublish(more, () => true, mark);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line]), [['cilium-subject', 4]]);
  // And back: a patch again, no finding.
  const back = h.publishes.length;
  await h.replace(kust, 3, text);
  const q = await h.nextPublish(more, () => true, back);
  assert.deepEqual(q.diagnostics, []);
});

test('an edit that changes nothing the workspace reads keeps the patch file as it was and builds no model', async () => {
  // Both open: the loose copy (outside every build) and the overlay's patch file.
  const loose = pathToFileURL(path.join(dir, 'loose/cnp.yaml')).href;
  const patch = pathToFileURL(path.join(dir, 'overlay/cnp-patch.yaml')).href;
  if (!h.publishes.some((p) => p.uri === loose)) await h.open(loose, PATCH);
  if (!h.publishes.some((p) => p.uri === patch)) await h.open(patch, PATCH);
  // The test before ends on a publish its settle sent: nothing is pending here.
  const before = await stats();
  const mark = h.publishes.length;
  const version = Math.max(...h.publishes.filter((p) => p.uri === loose).map((p) => p.version ?? 0)) + 1;
  await h.replace(loose, version, `${PATCH}# reviewed\n`);
  const p = await h.nextPublish(loose, (x) => x.version === version, mark);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['cilium-subject', 4, 2]]);
  for (const deadline = Date.now() + 10_000; (await stats()).editsSettled <= before.editsSettled; ) assert.ok(Date.now() < deadline, 'the edit did not settle');
  const now = await stats();
  // Moved, not analysed again; the patch file's "is it a patch?" came from the moved memo, not from a model.
  assert.ok(now.remapped > before.remapped, `remapped ${before.remapped} -> ${now.remapped}`);
  assert.equal(now.analyses, before.analyses);
  assert.equal(now.lazyModels, before.lazyModels);
  assert.equal(now.othersRevalidated, before.othersRevalidated);
  assert.ok(!h.publishes.slice(mark).some((x) => x.uri === patch), 'the patch file was re-published');
});
