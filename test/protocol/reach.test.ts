// netlens/workloads and netlens/reach over the protocol, on an indexed workspace folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReachRequest, WorkloadsRequest, type ReachResult, type WorkloadsResult } from '../../server/src/protocol.ts';
import { Harness } from './harness.ts';

const deploy = (name: string, port: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: main
        image: x
        ports: [{containerPort: ${port}, name: main}]
`;
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web}}
    ports:
    - port: 5432
`;

let dir: string;
let h: Harness;
const uriOf = (name: string): string => pathToFileURL(path.join(dir, name)).href;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-reach-')));
  fs.writeFileSync(path.join(dir, 'web.yaml'), deploy('web', 8080));
  fs.writeFileSync(path.join(dir, 'db.yaml'), deploy('db', 5432));
  fs.writeFileSync(path.join(dir, 'policy.yaml'), POLICY);
  h = await Harness.start({ folders: [pathToFileURL(dir).href] });
});
after(async () => {
  await h.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('netlens/workloads lists the workloads with their locations (and the cluster DNS from settings)', async () => {
  const r = (await h.conn.sendRequest(WorkloadsRequest.method, {})) as WorkloadsResult;
  assert.deepEqual(r.workloads.map((w) => [w.id, w.kind, w.location?.uri ?? null]), [
    ['kube-system/kube-dns', 'ClusterWorkload', null],
    ['shop/db', 'Deployment', uriOf('db.yaml')],
    ['shop/web', 'Deployment', uriOf('web.yaml')],
  ]);
  const web = r.workloads.find((w) => w.id === 'shop/web')!;
  assert.deepEqual(web.labels, { app: 'web' });
  assert.deepEqual(web.ports, [{ port: 8080, protocol: 'TCP', name: 'main' }]);
  // The location is the workload's name in its file.
  assert.deepEqual(web.location?.range, { start: { line: 2, character: 17 }, end: { line: 2, character: 20 } });
  assert.deepEqual(r.namespaces, ['kube-system', 'shop']);
});

test('netlens/reach: allowed with the deciding rule as a location; another port is denied by the isolating policy', async () => {
  const ok = (await h.conn.sendRequest(ReachRequest.method, { from: 'shop/web', to: 'shop/db', port: 5432 })) as ReachResult;
  assert.equal(ok.error, undefined);
  assert.equal(ok.allowed, true);
  assert.deepEqual(ok.egress, { isolated: false, allowed: true, allowedBy: [], isolatedBy: [] });
  assert.equal(ok.ingress.isolated, true);
  assert.equal(ok.ingress.allowed, true);
  assert.deepEqual(ok.ingress.allowedBy.map((r) => [r.policy, r.direction, r.ruleIndex, r.location?.uri, r.location?.range.start.line]), [
    ['shop/db-from-web', 'ingress', 0, uriOf('policy.yaml'), 6],
  ]);

  const no = (await h.conn.sendRequest(ReachRequest.method, { from: 'shop/web', to: 'shop/db', port: '5433/TCP' })) as ReachResult;
  assert.equal(no.allowed, false);
  assert.equal(no.ingress.allowed, false);
  assert.deepEqual(no.ingress.allowedBy, []);
  assert.deepEqual(no.ingress.isolatedBy.map((r) => r.policy), ['shop/db-from-web']);

  const udp = (await h.conn.sendRequest(ReachRequest.method, { from: 'shop/web', to: 'shop/db', port: 5432, protocol: 'UDP' })) as ReachResult;
  assert.equal(udp.allowed, false, 'the rule allows TCP only (the default protocol)');
});

test('netlens/reach: unknown workloads and bad ports are errors with close matches, not crashes', async () => {
  const unknown = (await h.conn.sendRequest(ReachRequest.method, { from: 'shop/webb', to: 'shop/db', port: 5432 })) as ReachResult;
  assert.equal(unknown.allowed, false);
  assert.match(unknown.error ?? '', /Unknown workload "shop\/webb"/);
  assert.deepEqual(unknown.candidates, ['shop/web']);
  const bad = (await h.conn.sendRequest(ReachRequest.method, { from: 'shop/web', to: 'shop/db', port: 'http' })) as ReachResult;
  assert.match(bad.error ?? '', /Invalid port "http"/);
  const ip = (await h.conn.sendRequest(ReachRequest.method, { from: '203.0.113.7', to: 'shop/db', port: 5432 })) as ReachResult;
  assert.equal(ip.error, undefined);
  assert.equal(ip.allowed, false, 'an outside address is not a pod with app=web');
});
