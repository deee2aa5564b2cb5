// test/realrepo end to end through the CLI: kustomize overlays, Flux placement, typed lists, rejected names,
// vendored rendered manifests and duplicated trees give the cluster's verdicts, findings and an unrepeated matrix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, removeCopy, runCli } from './helpers.ts';

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-realrepo-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.cpSync(path.join(REPO, 'test', 'realrepo'), path.join(dir, 'realrepo'), { recursive: true });
});
after(() => removeCopy(dir));

test('check: the findings the cluster would give, no false selects-nothing, and what was not analysed', () => {
  const r = runCli(['check', '--format', 'json', 'realrepo'], dir);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout) as { findings: { file: string; range: { start: { line: number } }; code: string }[]; skipped: unknown };
  assert.deepEqual(
    out.findings.map((f) => [f.file, f.range.start.line + 1, f.code]),
    [
      ['realrepo/copies/manifests/app.yaml', 22, 'duplicate-object'],
      ['realrepo/copies/release/app.yaml', 22, 'duplicate-object'],
      ['realrepo/lists/policies.yaml', 9, 'missing-dns-egress'],
      ['realrepo/lists/rejected.yaml', 5, 'invalid-name'],
      // Only the dev overlay lacks the metrics port; prod's patch adds it.
      ['realrepo/shop/base/policies.yaml', 22, 'unknown-named-port'],
      // A comment and a ConfigMap with template text switch nothing off in the vendored file.
      ['realrepo/vendored/upstream.yaml', 40, 'invalid-port'],
    ],
  );
  assert.deepEqual(out.skipped, { templatedDocuments: 0, invalidYamlDocuments: 0, kindsNotAnalysed: {}, undecodableFiles: 0, externalDeployments: ['HelmRelease networking/ingress-nginx'] });
  const text = runCli(['check', 'realrepo'], dir).stdout;
  assert.match(text, /\(17 files checked\)\nNot analysed:\n {2}1 deployment whose workloads are not in the repository: HelmRelease networking\/ingress-nginx\n$/);
  assert.doesNotMatch(text, /policy-selects-nothing|template-file/);
});

test('reach: overlays, Flux placement, patches, typed lists and a rejected policy give the cluster verdicts', () => {
  const ask = (from: string, to: string, port: string) => {
    const v = JSON.parse(runCli(['reach', '--from', from, '--to', to, '--port', port, '--format', 'json', 'realrepo'], dir).stdout) as { allowed: boolean; caveats: string[] };
    return [v.allowed, v.caveats.length];
  };
  assert.deepEqual(ask('shop-prod/prod-web', 'shop-prod/prod-api', '8080'), [true, 0]);
  assert.deepEqual(ask('shop-prod/prod-web', 'shop-prod/prod-api', '9090'), [true, 0]);
  assert.deepEqual(ask('shop-dev/web', 'shop-dev/api', '8080'), [true, 0]);
  assert.deepEqual(ask('shop-dev/web', 'shop-dev/api', '9090'), [false, 1]);
  assert.deepEqual(ask('media/tautulli', 'media/plex', '32400'), [true, 0]);
  assert.deepEqual(ask('media/plex', 'media/tautulli', '8181'), [false, 0]);
  // The NetworkPolicyList's default-deny applies; allow_all would have allowed it but the API server rejects it.
  const denied = JSON.parse(runCli(['reach', '--from', 'batch/client', '--to', 'batch/worker', '--port', '8000', '--format', 'json', 'realrepo'], dir).stdout) as { allowed: boolean; caveats: string[] };
  assert.equal(denied.allowed, false);
  assert.deepEqual(
    denied.caveats.map((c) => c.replace(/ but is invalid.*/, '')),
    ['Policy batch/allow_all would select batch/client for egress', 'Policy batch/allow_all would select batch/worker for ingress'],
  );
  // Base files are not objects of their own: no default-namespace copies, no phantom "_" namespace.
  const unknown = runCli(['reach', '--from', 'default/web', '--to', 'default/api', '--port', '8080', 'realrepo'], dir);
  assert.notEqual(unknown.status, 0);
});

test('matrix: one row per flow, never repeated, even with duplicated trees', () => {
  const r = runCli(['matrix', '--format', 'json', 'realrepo'], dir);
  assert.equal(r.status, 0);
  const m = JSON.parse(r.stdout) as { rows: { source: string; destination: string; port: string; protocol: string }[]; openWorkloads: string[] };
  const rows = m.rows.map((x) => `${x.source} -> ${x.destination} ${x.port}/${x.protocol}`);
  assert.equal(new Set(rows).size, rows.length);
  assert.deepEqual(rows, [
    'media/tautulli -> media/plex 32400/TCP',
    'shop-dev/web -> shop-dev/api 8080/TCP',
    'shop-prod/prod-web -> shop-prod/prod-api 8080, 9090/TCP',
  ]);
  assert.equal(new Set(m.openWorkloads).size, m.openWorkloads.length);
});
