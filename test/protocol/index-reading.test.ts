// The workspace index reads every file (bounded concurrency, retries), says what it could not read, scans once
// at start-up, decodes as the CLI does (closed UTF-16 files), and agrees with `netlens check` on every file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Harness, ROOT, waitFor } from './harness.ts';
import { decodeBytes } from '../../server/src/host/decode.ts';
import type { IndexStatsResult } from '../../server/src/protocol.ts';

const deployment = (i: number): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${i}, namespace: ns}\nspec:\n  selector: {matchLabels: {app: w${i}}}\n  template:\n    metadata: {labels: {app: w${i}}}\n    spec: {containers: [{name: c, image: x}]}\n`;

function tmp(t: { after(fn: () => void): void }): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-index-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function workloads(h: Harness): Promise<string[]> {
  const r = (await h.conn.sendRequest('netlens/workloads', {})) as { workloads: { id: string }[] };
  return r.workloads.map((w) => w.id);
}

test('1,200 files under an open-file limit of 64: every file indexed, one scan, nothing reported missing', async (t) => {
  const dir = tmp(t);
  for (let i = 0; i < 1200; i++) fs.writeFileSync(path.join(dir, `w${i}.yaml`), deployment(i));
  const h = await Harness.start({ folders: [pathToFileURL(dir).href], openFileLimit: 64 });
  t.after(() => h.stop());
  // The client sends its settings right after start-up, as VS Code does: no second scan for them.
  await h.configure({});
  const done = await waitFor(() => h.logs.find((l) => /^Indexed \d+ YAML files/.test(l.message)), 'the index', 60_000);
  assert.match(done.message, /^Indexed 1200 YAML files in 1 folder/);
  assert.equal((await workloads(h)).filter((id) => id.startsWith('ns/')).length, 1200);
  // Requests are answered in order: the settings change above has been received; once the server has decided
  // whether it needs a second scan (it would have started it by then), the count is final.
  let stats = (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
  while (stats.settingsChangesHandled < stats.settingsChanges) {
    await new Promise((r) => setTimeout(r, 5)); // poll
    stats = (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
  }
  // Worker threads are off unless NETLENS_WORKERS turns them on (test/protocol/workers.test.ts).
  const { scans, settingsChanges, settingsChangesHandled, ready, files, parses, offloaded } = stats;
  assert.deepEqual({ scans, settingsChanges, settingsChangesHandled, ready, files, parses, offloaded }, { scans: 1, settingsChanges: 1, settingsChangesHandled: 1, ready: true, files: 1200, parses: 1200, offloaded: 0 });
  assert.equal(h.logs.filter((l) => /^Indexed /.test(l.message)).length, 1);
  assert.equal(h.logs.filter((l) => /could not read/.test(l.message)).length, 0);
});

test('files the index cannot read are reported in the output and the status, as check reports them', async (t) => {
  const dir = tmp(t);
  fs.writeFileSync(path.join(dir, 'ok.yaml'), deployment(1));
  // Unreadable: as root, permissions never deny; /proc/self/mem is a regular file whose reads fail (EIO).
  const locked = path.join(dir, 'locked.yaml');
  if (process.getuid?.() === 0) fs.symlinkSync('/proc/self/mem', locked);
  else {
    fs.writeFileSync(locked, 'a: 1\n');
    fs.chmodSync(locked, 0o000);
  }
  const statuses: { health: string; message?: string }[] = [];
  const h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  t.after(() => h.stop());
  h.conn.onNotification('netlens/status', (p: { health: string; message?: string }) => void statuses.push(p));
  const summary = await waitFor(() => h.logs.find((l) => /could not read/.test(l.message)), 'the summary', 20_000);
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', '.'], { cwd: dir, encoding: 'utf8' });
  assert.match(summary.message, /^NetLens could not read 1 file; the analysis does not include them:\n {2}locked\.yaml: cannot be read \(E[A-Z]+: [a-z/ ]+\)\.$/);
  assert.equal(cli.status, 2);
  assert.equal(cli.stderr, `netlens: ${summary.message}\n`);
  const warning = await waitFor(() => statuses.find((s) => s.health === 'warning'), 'a warning status');
  assert.equal(warning.message, 'NetLens could not read 1 file; the analysis does not include them:');
});

test('closed UTF-16 and BOM files are read as the CLI reads them; editor and CLI agree on every file', async (t) => {
  const dir = tmp(t);
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec:\n  podSelector: {matchLabels: {app: w1}}\n  policyTypes: [Egress, Ingres]\n';
  const files: Record<string, Buffer> = {
    'utf16le.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(deployment(1), 'utf16le')]),
    'utf16be.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(deployment(2), 'utf16le').swap16()]),
    'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(deployment(3))]),
    'crlf.yaml': Buffer.from(policy.replace(/\n/g, '\r\n')),
    'cr.yaml': Buffer.from(policy.replace(/\n/g, '\r').replace('name: p', 'name: q')),
    'deep/dir/plain.yaml': Buffer.from(deployment(4)),
  };
  for (const [name, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  const h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  t.after(() => h.stop());
  await waitFor(() => h.logs.find((l) => /^Indexed 6 YAML files/.test(l.message)), 'the index', 20_000);
  assert.deepEqual((await workloads(h)).sort(), ['kube-system/kube-dns', 'ns/w1', 'ns/w2', 'ns/w3', 'ns/w4']);
  // Per file: the editor's diagnostics (the file opened with the shared decoding) = the CLI's findings.
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  const cliFindings = (JSON.parse(cli.stdout) as { findings: { file: string; code: string; range: unknown }[] }).findings;
  for (const name of Object.keys(files)) {
    const decoded = decodeBytes(fs.readFileSync(path.join(dir, name)));
    assert.ok(decoded.ok);
    const uri = pathToFileURL(path.join(dir, name)).href;
    await h.open(uri, decoded.text, 1);
    const p = await h.nextPublish(uri, (x) => x.version === 1, 0, 20_000);
    await h.close(uri);
    const editor = p.diagnostics.map((d) => JSON.stringify([d.code, d.range])).sort();
    const fromCli = cliFindings.filter((f) => f.file === name).map((f) => JSON.stringify([f.code, f.range])).sort();
    assert.deepEqual(editor, fromCli, name);
  }
  assert.ok(cliFindings.some((f) => f.file === 'cr.yaml' && f.code === 'invalid-policy-types'), 'the CR-only file is analysed');
});

test('netlens/indexStats: one scan at start-up, each disk file parsed once, a severity change re-parses nothing', async (t) => {
  const dir = tmp(t);
  for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(dir, `w${i}.yaml`), deployment(i));
  const h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  t.after(() => h.stop());
  const counters = async () => {
    const s = (await h.conn.sendRequest('netlens/indexStats', {})) as IndexStatsResult;
    return { scans: s.scans, parses: s.parses, files: s.files, ready: s.ready };
  };
  await waitFor(() => h.logs.find((l) => /^Indexed 3 YAML files/.test(l.message)), 'the index', 20_000);
  assert.equal((await workloads(h)).filter((id) => id.startsWith('ns/')).length, 3);
  assert.deepEqual(await counters(), { scans: 1, parses: 3, files: 3, ready: true });
  await h.configure({ rules: { 'policy-selects-nothing': 'error' } });
  assert.equal((await workloads(h)).filter((id) => id.startsWith('ns/')).length, 3);
  assert.deepEqual(await counters(), { scans: 1, parses: 3, files: 3, ready: true });
  // An open document's versions count too: opening one parses it once, with its disk text too (the index keeps
  // closed files without their trees, which an open document needs: test/protocol/lean-index.test.ts).
  await h.open(pathToFileURL(path.join(dir, 'w0.yaml')).href, deployment(0), 1);
  await h.nextPublish(pathToFileURL(path.join(dir, 'w0.yaml')).href, (p) => p.version === 1);
  assert.equal((await counters()).parses, 4);
  await h.open(pathToFileURL(path.join(dir, 'w1.yaml')).href, deployment(7), 1);
  await h.nextPublish(pathToFileURL(path.join(dir, 'w1.yaml')).href, (p) => p.version === 1);
  assert.equal((await counters()).parses, 5);
});
