// The corpus runner (test/corpus/run.mjs) on a tiny corpus: pass/fail lines, false errors, gaps, usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureCopy, REPO, removeCopy } from './helpers.ts';

const RUNNER = path.join(REPO, 'test', 'corpus', 'run.mjs');

function runCorpus(args: string[]) {
  const r = spawnSync(process.execPath, [RUNNER, ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('corpus runner: a clean corpus passes, invalid files are counted and gaps listed, the server survives', (t) => {
  const dir = fixtureCopy('corpus');
  t.after(() => removeCopy(dir));
  const r = runCorpus([path.join(dir, 'corpus')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^invalid\/: 1 of 2 files have at least one error\.$/m);
  assert.match(r.stdout, /^ {2}invalid\/accepted-anyway\.yaml {2}\(no finding\)$/m);
  assert.match(r.stdout, /^server: 4 files opened through dist\/server\.js --stdio, 4 answered with diagnostics; still answering at the end$/m);
  // 4 files + 3 groups as workspaces + 4 server opens + the final server answer.
  assert.match(r.stdout, /\n12 passed, 0 failed\n$/);
});

test('corpus runner: an error in a valid group fails the run and names file, position and code', (t) => {
  const dir = fixtureCopy('corpus');
  t.after(() => removeCopy(dir));
  fs.writeFileSync(path.join(dir, 'corpus', 'networkpolicy', 'oops.yaml'), 'kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: oops}\nspec:\n  policyTypes: [Sideways]\n');
  const r = runCorpus([path.join(dir, 'corpus'), '--no-server']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /FALSE ERROR networkpolicy\/oops\.yaml:5:17 {2}invalid-policy-types {2}/);
  assert.match(r.stdout, /\n\d+ passed, 2 failed\n$/); // the file, and its group as a workspace
});

test('corpus runner: a missing directory is a usage error (exit 2)', () => {
  const r = runCorpus([]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^usage: npm run test:corpus -- <corpus-dir>/);
  assert.equal(runCorpus([path.join(REPO, 'no-such-corpus')]).status, 2);
});
