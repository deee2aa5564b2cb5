// `netlens reach`: verdicts with deciding rules (text and JSON), batch answers in order, lookup errors, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCopy, range, removeCopy, runCli } from './helpers.ts';

const POLICIES = 'reach/shop/policies.yaml';

interface Ref {
  policy: string;
  file: string;
  range: ReturnType<typeof range>;
  ruleIndex: number;
  direction: string;
}
interface Side {
  isolated: boolean;
  allowed: boolean;
  allowedBy: Ref[];
  isolatedBy: Ref[];
}
interface VerdictJson {
  allowed: boolean;
  egress: Side;
  ingress: Side;
  caveats: string[];
}

function withFixture(t: { after(fn: () => void): void }): string {
  const dir = fixtureCopy('reach');
  t.after(() => removeCopy(dir));
  return dir;
}

test('json: an allowed flow names the deciding rule of each direction with file and 0-based range', (t) => {
  const dir = withFixture(t);
  const r = runCli(['reach', '--from', 'shop/api', '--to', 'statefulset/shop/db', '--port', '5432', '--format', 'json', 'reach'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const v = JSON.parse(r.stdout) as VerdictJson;
  assert.deepEqual(Object.keys(v), ['allowed', 'egress', 'ingress', 'caveats']);
  assert.equal(v.allowed, true);
  assert.deepEqual(v.egress.allowedBy, [{ policy: 'shop/api-egress', kind: 'NetworkPolicy', file: POLICIES, range: range(17, 6, 21, 18), section: 'egress', action: 'allow', ruleIndex: 0, direction: 'egress' }]);
  assert.deepEqual(v.ingress.allowedBy, [{ policy: 'shop/db-ingress', kind: 'NetworkPolicy', file: POLICIES, range: range(37, 6, 41, 22), section: 'ingress', action: 'allow', ruleIndex: 0, direction: 'ingress' }]);
  assert.deepEqual(v.ingress.isolatedBy.map((x) => x.policy), ['shop/default-deny', 'shop/db-ingress']);
  assert.deepEqual([v.egress.isolated, v.ingress.isolated, v.caveats], [true, true, []]);
});

test('text: verdict line and reasons with 1-based positions; a denial still exits 0', (t) => {
  const dir = withFixture(t);
  const ok = runCli(['reach', '--from', 'shop/api', '--to', 'StatefulSet/shop/db', '--port', '5432/TCP', 'reach'], dir);
  assert.equal(ok.status, 0, ok.stderr);
  const lines = ok.stdout.split('\n');
  assert.equal(lines[0], 'ALLOWED: shop/api -> StatefulSet/shop/db on 5432/TCP');
  assert.match(lines[1]!, /^ {2}egress of shop\/api: allowed by shop\/api-egress egress\[0\] \(reach\/shop\/policies\.yaml:18:7\)/);
  assert.match(lines[2]!, /^ {2}ingress of StatefulSet\/shop\/db: allowed by shop\/db-ingress ingress\[0\] \(reach\/shop\/policies\.yaml:38:7\)/);
  const denied = runCli(['reach', '--from', 'shop/web', '--to', 'shop/api', '--port', '8080', 'reach'], dir);
  assert.equal(denied.status, 0, denied.stderr);
  assert.equal(denied.stdout.split('\n')[0], 'DENIED: shop/web -> shop/api on 8080/TCP');
  assert.match(denied.stdout, /ingress of shop\/api: DENIED \(isolated by shop\/default-deny \(reach\/shop\/policies\.yaml:4:9\); no ingress rule allows shop\/web on 8080\/TCP\)/);
});

test('named ports resolve on the destination; UDP and TCP differ; IP destinations are never isolated', (t) => {
  const dir = withFixture(t);
  const ask = (to: string, port: string) => JSON.parse(runCli(['reach', '--from', 'shop/api', '--to', to, '--port', port, '--format', 'json', 'reach'], dir).stdout) as { allowed: boolean; ingress: { isolated: boolean } };
  assert.equal(ask('kube-system/kube-dns', '53/UDP').allowed, true);
  assert.equal(ask('kube-system/kube-dns', '53/TCP').allowed, false);
  const ip = ask('203.0.113.9', '443');
  assert.deepEqual([ip.allowed, ip.ingress.isolated], [false, false]);
});

test('batch: results in query order with the inputs echoed, analysing once', (t) => {
  const dir = withFixture(t);
  const r = runCli(['reach', '--batch', 'reach/batch.json', '--format', 'json', 'reach'], dir);
  assert.equal(r.status, 0, r.stderr);
  const { results } = JSON.parse(r.stdout) as { results: Record<string, unknown>[] };
  assert.deepEqual(results.map((x) => [x.from, x.to, x.port, x.allowed]), [
    ['shop/api', 'statefulset/shop/db', '5432', true],
    ['shop/api', 'kube-system/kube-dns', '53/UDP', true],
    ['shop/api', 'kube-system/kube-dns', '53', false],
    ['shop/web', 'shop/api', '8080/TCP', false],
  ]);
  assert.deepEqual(Object.keys(results[0]!), ['from', 'to', 'port', 'allowed', 'egress', 'ingress', 'caveats']);
});

test('ambiguous and unknown workloads exit 2 naming the options and close matches', (t) => {
  const dir = withFixture(t);
  const amb = runCli(['reach', '--from', 'shop/api', '--to', 'shop/db', '--port', '5432', 'reach'], dir);
  assert.equal(amb.status, 2);
  assert.equal(amb.stdout, '');
  assert.equal(amb.stderr, 'netlens reach: --to: "shop/db" is ambiguous: StatefulSet/shop/db, Pod/shop/db. Use kind/namespace/name.\n');
  const unknown = runCli(['reach', '--from', 'shop/apj', '--to', '10.0.0.1', '--port', '80', 'reach'], dir);
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, 'netlens reach: --from: Unknown workload "shop/apj". Did you mean shop/api?\n');
});

test('usage errors exit 2: missing --port, --batch mixed with --from, a bad port, an unreadable batch file', (t) => {
  const dir = withFixture(t);
  const missing = runCli(['reach', '--from', 'shop/api', '--to', 'shop/web', 'reach'], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--from, --to and --port are required/);
  assert.equal(runCli(['reach', '--batch', 'reach/batch.json', '--from', 'shop/api', 'reach'], dir).status, 2);
  const badPort = runCli(['reach', '--from', 'shop/api', '--to', 'shop/web', '--port', '80/HTTP', 'reach'], dir);
  assert.equal(badPort.status, 2);
  assert.match(badPort.stderr, /Unknown protocol "HTTP"/);
  const noFile = runCli(['reach', '--batch', 'nope.json', 'reach'], dir);
  assert.equal(noFile.status, 2);
  assert.match(noFile.stderr, /cannot read batch file nope\.json/);
});

// Kubernetes and Cilium (allow-localhost) let a pod's own node in whatever the allow rules say.
test('text and json: the local node into an isolated pod is allowed without a rule, with the reason and a caveat', (t) => {
  const dir = withFixture(t);
  const r = runCli(['reach', '--from', 'entity:host', '--to', 'shop/api', '--port', '8080', 'reach'], dir);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'ALLOWED: entity:host -> shop/api on 8080/TCP');
  assert.match(lines[2]!, /^ {2}ingress of shop\/api: allowed without a rule: the local node always reaches the pods on it \(kubelet probes depend on it\): .* \(isolated by shop\/default-deny \(reach\/shop\/policies\.yaml:4:9\)/);
  assert.match(lines[3]!, /^ {2}caveat: Traffic from the local node is let in by the NetworkPolicy API's exception for a pod's own node, not by a rule; each CNI enforces that exception its own way\./);
  const j = JSON.parse(runCli(['reach', '--from', 'entity:host', '--to', 'shop/api', '--port', '8080', '--format', 'json', 'reach'], dir).stdout) as VerdictJson & { ingress: { allowedBecause?: string } };
  assert.deepEqual([j.allowed, j.ingress.allowedBy, j.ingress.allowedBecause?.startsWith('the local node always reaches the pods on it')], [true, [], true]);
});

test('text: a node under a host policy is "not analysed", not "never isolated"', (t) => {
  const dir = withFixture(t);
  writeFileSync(join(dir, 'reach', 'hfw.yaml'), 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: hfw}\nspec:\n  nodeSelector: {}\n  ingress:\n  - fromEntities: [world]\n');
  const r = runCli(['reach', '--from', 'entity:world', '--to', 'entity:host', '--port', '10250', 'reach'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\n').slice(0, 3), [
    'ALLOWED: entity:world -> entity:host on 10250/TCP',
    '  egress of entity:world: allowed (the world entity is never isolated by a policy)',
    '  ingress of entity:host: not analysed: host policies with a nodeSelector (hfw) may govern it, and NetLens does not model node traffic',
  ]);
});
