// A CiliumCIDRGroup in its own file: read by the workspace index, and an editor edit of it
// reaches the verdicts of a policy in another file (a group edit re-judges everything: rejudge.ts isModelPart).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReachRequest, type ReachResult } from '../../server/src/protocol.ts';
import { Harness, waitFor } from './harness.ts';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: main, image: x}]}
`;
const POLICY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: no-blocked, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toEntities: [world]
  egressDeny:
  - toCIDRSet:
    - cidrGroupRef: blocked
`;
const group = (name: string, cidr: string): string => `apiVersion: cilium.io/v2alpha1
kind: CiliumCIDRGroup
metadata: {name: ${name}}
spec:
  externalCIDRs: [${cidr}]
`;

let dir: string;
let h: Harness;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-cidrgroup-')));
  fs.writeFileSync(path.join(dir, 'web.yaml'), WEB);
  fs.writeFileSync(path.join(dir, 'policy.yaml'), POLICY);
  fs.writeFileSync(path.join(dir, 'groups.yaml'), group('blocked', '203.0.113.0/24'));
  h = await Harness.start({ folders: [pathToFileURL(dir).href] });
  await waitFor(() => h.logs.find((l) => /^Indexed 3 YAML files/.test(l.message)), 'the index', 60_000);
});
after(async () => {
  await h.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const reach = async (to: string): Promise<ReachResult> => (await h.conn.sendRequest(ReachRequest.method, { from: 'shop/web', to, port: 443 })) as ReachResult;

test('a closed group file denies its addresses; editing it in the editor moves the denial', async () => {
  const blocked = await reach('203.0.113.7');
  assert.equal(blocked.error, undefined);
  assert.equal(blocked.allowed, false);
  assert.equal((await reach('198.51.100.9')).allowed, true);

  const uri = pathToFileURL(path.join(dir, 'groups.yaml')).href;
  await h.open(uri, group('blocked', '203.0.113.0/24'));
  await h.replace(uri, 2, group('blocked', '198.51.100.0/24'));
  assert.equal((await reach('203.0.113.7')).allowed, true);
  assert.equal((await reach('198.51.100.9')).allowed, false);

  // Renamed away: the policy names a group the workspace lacks, so the allowed verdict carries the doubt.
  await h.replace(uri, 3, group('other', '198.51.100.0/24'));
  const unseen = await reach('198.51.100.9');
  assert.equal(unseen.allowed, true);
  assert.deepEqual(unseen.caveats, [
    'CIDR groups of CiliumNetworkPolicy shop/no-blocked: toCIDRSet[0] names CiliumCIDRGroup "blocked", which the workspace does not hold: NetLens cannot tell which addresses it covers (add the group to the workspace to have it analysed).',
  ]);

  // Closed again: the file on disk (the first group) is what counts.
  await h.close(uri);
  assert.equal((await reach('203.0.113.7')).allowed, false);
  assert.equal((await reach('198.51.100.9')).allowed, true);
});
