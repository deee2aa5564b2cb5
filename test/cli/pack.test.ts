// The CLI as an installable npm package: pack it, install the tarball into an empty folder (offline: the
// bundle has no dependencies, so the registry is never asked), and run the installed `netlens` bin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, removeCopy } from './helpers.ts';

test('npm pack (scripts/pack-cli.mjs) gives a tarball whose netlens bin runs with only its own files', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-pack-'));
  t.after(() => removeCopy(tmp));
  const tarball = execFileSync(process.execPath, [path.join(REPO, 'scripts', 'pack-cli.mjs'), '--out', tmp], { encoding: 'utf8' }).trim();
  assert.match(path.basename(tarball), /^netlens-cli-\d+\.\d+\.\d+\.tgz$/);
  const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  assert.ok(listing.includes('package/dist/cli.js') && listing.includes('package/dist/worker.js') && listing.includes('package/docs/rules/missing-default-deny.md'), listing.join(' '));
  assert.ok(!listing.some((f) => f.includes('node_modules') || f.endsWith('.ts')), 'only the bundle, the docs and the package files');

  const app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: app, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  assert.deepEqual(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')), ['netlens-cli'], 'no dependency was installed');

  const bin = path.join(app, 'node_modules', '.bin', 'netlens');
  const version = spawnSync(bin, ['--version'], { cwd: app, encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout, `${(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  fs.mkdirSync(path.join(app, '.git'));
  fs.writeFileSync(path.join(app, 'p.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.1/8}\n');
  // Through the packed worker thread (dist/worker.js beside dist/cli.js), as a large repository would be.
  const env = { ...process.env, NETLENS_WORKERS: '1', NETLENS_WORKERS_LOG: '1', NETLENS_WORKERS_WAIT: '1' };
  const sarif = spawnSync(bin, ['check', '--format', 'sarif', 'p.yaml'], { cwd: app, encoding: 'utf8', env });
  assert.equal(sarif.status, 0, sarif.stderr);
  assert.equal(sarif.stderr, 'netlens: worker threads analysed 1 file(s); 0 file(s) kept without trees parsed again here\n');
  const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { markdown: string } }[] } }; results: { ruleId: string }[] }[] };
  assert.deepEqual(log.runs[0]?.results.map((r) => r.ruleId), ['cidr-host-bits']);
  // The rule pages ship in the package: the help text is the page, not the fallback sentence.
  assert.match(log.runs[0]?.tool.driver.rules.find((r) => r.id === 'cidr-host-bits')?.help.markdown ?? '', /^# cidr-host-bits\n/);
});
