// `netlens check` with worker threads (host/pool.ts): the output is byte-identical to the in-process run in every
// format, on a generated workspace with every kind and on examples/ (kustomize, gateway, broken files), and the
// files the workers analysed are not parsed again on the main thread unless something reads their trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, removeCopy, runCli } from './helpers.ts';
import { mixedWorkspace } from '../fixtures/generate.ts';

async function generated(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-workers-'));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const f of mixedWorkspace(90)) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.text);
  }
  // A file the workers cannot adopt for (not UTF-8) and one with inline exceptions.
  fs.writeFileSync(path.join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  fs.writeFileSync(path.join(dir, 'quiet.yaml'), '# netlens-disable-next-line invalid-port -- tested\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: q, namespace: data}\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 70000}]\n');
  return dir;
}

for (const format of ['text', 'json', 'sarif', 'github']) {
  test(`check --format ${format}: worker threads print byte for byte what the in-process run prints`, async (t) => {
    const dir = await generated();
    t.after(() => removeCopy(dir));
    const solo = runCli(['check', '--format', format, '.'], dir, { NETLENS_WORKERS: '0', NETLENS_WORKERS_LOG: '1' });
    // Every file from the workers (NETLENS_WORKERS_WAIT), and as check runs by default (the workers take chunks
    // from the start, this thread from the end, until they meet).
    const pooled = runCli(['check', '--format', format, '.'], dir, { NETLENS_WORKERS: '2', NETLENS_WORKERS_LOG: '1', NETLENS_WORKERS_WAIT: '1' });
    const usual = runCli(['check', '--format', format, '.'], dir, { NETLENS_WORKERS: '1' });
    assert.equal(solo.stderr, 'netlens: worker threads analysed 0 file(s); 0 of them parsed again here\n');
    // The findings' spans, the model and the routing model come with the workers' results: no tree is read here,
    // except the one file whose inline exception the results step reads.
    assert.equal(pooled.stderr, 'netlens: worker threads analysed 91 file(s); 1 of them parsed again here\n', 'all 90 generated files and quiet.yaml');
    assert.equal(pooled.stdout, solo.stdout);
    assert.equal(pooled.status, solo.status);
    assert.equal(usual.stdout, solo.stdout);
    assert.equal(usual.status, solo.status);
    assert.ok(solo.stdout.length > 1000);
  });
}

test('check on examples/ with worker threads equals the in-process run (kustomize overlays, gateway, broken files)', () => {
  const solo = runCli(['check', '--format', 'json', 'examples'], REPO, { NETLENS_WORKERS: '0' });
  const pooled = runCli(['check', '--format', 'json', 'examples'], REPO, { NETLENS_WORKERS: '1', NETLENS_WORKERS_LOG: '1', NETLENS_WORKERS_WAIT: '1' });
  const count = fs.readdirSync(path.join(REPO, 'examples'), { recursive: true }).filter((f) => /\.ya?ml$/.test(String(f))).length;
  assert.match(pooled.stderr, new RegExp(`^netlens: worker threads analysed ${count} file\\(s\\); \\d+ of them parsed again here\n$`));
  assert.equal(pooled.stdout, solo.stdout);
  assert.equal(pooled.status, solo.status);
});
