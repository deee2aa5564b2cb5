// `netlens check` with worker threads (host/pool.ts), and without them as it runs by default (each file kept without
// its trees once analysed alone: cli/workspace.ts leanFile): the output is byte-identical to a run that keeps every
// file's trees (NETLENS_CLI_TREES=1) in every format, on a generated workspace with every kind and on examples/
// (kustomize, gateway, broken files), and no file is parsed again unless something reads its trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureCopy, REPO, removeCopy, runCli, type JsonFinding } from './helpers.ts';
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
    const solo = runCli(['check', '--format', format, '.'], dir, { NETLENS_WORKERS: '0', NETLENS_WORKERS_LOG: '1', NETLENS_CLI_TREES: '1' });
    const lean = runCli(['check', '--format', format, '.'], dir, { NETLENS_WORKERS: '0', NETLENS_WORKERS_LOG: '1' });
    // Every file from the workers (NETLENS_WORKERS_WAIT), and as check runs by default (the workers take chunks
    // from the start, this thread from the end, until they meet).
    const pooled = runCli(['check', '--format', format, '.'], dir, { NETLENS_WORKERS: '2', NETLENS_WORKERS_LOG: '1', NETLENS_WORKERS_WAIT: '1' });
    const usual = runCli(['check', '--format', format, '.'], dir, { NETLENS_WORKERS: '1' });
    assert.equal(solo.stderr, 'netlens: worker threads analysed 0 file(s); 0 file(s) kept without trees parsed again here\n');
    // Kept without trees on this thread, except quiet.yaml, whose inline exception the results step reads: no file
    // is parsed twice.
    assert.equal(lean.stderr, 'netlens: worker threads analysed 0 file(s); 0 file(s) kept without trees parsed again here\n');
    assert.equal(lean.stdout, solo.stdout);
    assert.equal(lean.status, solo.status);
    // The findings' spans, the model and the routing model come with the workers' results: no tree is read here,
    // except the one file whose inline exception the results step reads.
    assert.equal(pooled.stderr, 'netlens: worker threads analysed 91 file(s); 1 file(s) kept without trees parsed again here\n', 'all 90 generated files and quiet.yaml');
    assert.equal(pooled.stdout, solo.stdout);
    assert.equal(pooled.status, solo.status);
    assert.equal(usual.stdout, solo.stdout);
    assert.equal(usual.status, solo.status);
    assert.ok(solo.stdout.length > 1000);
  });
}

test('check on examples/ with worker threads, and without, equals a run that keeps every tree (kustomize overlays, gateway, broken files)', () => {
  const solo = runCli(['check', '--format', 'json', 'examples'], REPO, { NETLENS_WORKERS: '0', NETLENS_CLI_TREES: '1' });
  const lean = runCli(['check', '--format', 'json', 'examples'], REPO, { NETLENS_WORKERS: '0' });
  assert.equal(lean.stdout, solo.stdout);
  assert.equal(lean.status, solo.status);
  const pooled = runCli(['check', '--format', 'json', 'examples'], REPO, { NETLENS_WORKERS: '1', NETLENS_WORKERS_LOG: '1', NETLENS_WORKERS_WAIT: '1' });
  const count = fs.readdirSync(path.join(REPO, 'examples'), { recursive: true }).filter((f) => /\.ya?ml$/.test(String(f))).length;
  assert.match(pooled.stderr, new RegExp(`^netlens: worker threads analysed ${count} file\\(s\\); \\d+ file\\(s\\) kept without trees parsed again here\n$`));
  assert.equal(pooled.stdout, solo.stdout);
  assert.equal(pooled.status, solo.status);
});

// The spans the workspace rules report at travel with a file kept without its trees (core/offload.ts ObjectFacts),
// and check builds no fix (each would read the trees): DNS rules over NetworkPolicy and Cilium (spec and specs),
// a Cilium named port, a selector matching nothing and two conventions, each reported where the trees put it.
test('check without trees reports every workspace rule where a run with trees does, parsing no file twice', (t) => {
  const dir = fixtureCopy('lean-spans');
  t.after(() => removeCopy(dir));
  const env = { NETLENS_WORKERS: '0', NETLENS_WORKERS_LOG: '1' };
  for (const format of ['json', 'text', 'sarif']) {
    const trees = runCli(['check', '--format', format, 'lean-spans'], dir, { ...env, NETLENS_CLI_TREES: '1' });
    const lean = runCli(['check', '--format', format, 'lean-spans'], dir, env);
    assert.equal(lean.stderr, 'netlens: worker threads analysed 0 file(s); 0 file(s) kept without trees parsed again here\n', format);
    assert.equal(lean.stdout, trees.stdout, format);
    assert.equal(lean.status, trees.status, format);
  }
  const found = (JSON.parse(runCli(['check', '--format', 'json', 'lean-spans'], dir, env).stdout) as { findings: JsonFinding[] }).findings;
  const at = found.map((f) => `${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`);
  assert.deepEqual(at, [
    'missing-default-deny 16:18-16:26',
    'dns-tcp-blocked 24:15-25:28',
    'unknown-named-port 30:21-30:25',
    'implicit-policy-types 35:18-35:33',
    'policy-selects-nothing 37:16-37:45',
    'dns-tcp-blocked 43:11-44:24',
    'missing-default-deny 62:18-62:24',
    'dns-tcp-blocked 71:11-72:24',
    'missing-default-deny 88:18-88:26',
    'missing-dns-egress 91:5-91:11',
    'implicit-policy-types 97:18-97:27',
    'missing-dns-egress 100:3-100:9',
  ]);
});
