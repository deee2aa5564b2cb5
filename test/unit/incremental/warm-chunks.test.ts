// Steps inside one policy: a subject's first selection over hundreds of candidates, and the DNS rules' verdicts over
// the hundreds of pods one policy isolates, stop every few hundred candidates / few dozen pods. The same answers as in
// one go, nothing stored half-built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, WORKSPACE_RULES, type WorkspaceReport } from '../../../server/src/core/index.ts';
import { selectedWorkloadsSteps, subjectKey } from '../../../server/src/core/policy/narrow.ts';
import { selectedWorkloads, subjectOf } from '../../../server/src/core/policy/select.ts';
import { finish } from '../../../server/src/core/steps.ts';
import { carrySelectionSteps } from '../../../server/src/core/policy/carry.ts';

const opts = DEFAULT_OPTIONS;
const deployment = (ns: string, name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}${labels}}\n    spec:\n      containers: [{name: c, image: i}]\n`;
const BIG = 1200;
const pods = Array.from({ length: BIG }, (_, i) => deployment(`ns${i % 3}`, `w${i}`, i % 2 ? ', tier: web' : '')).join('---\n');
const dns = deployment('kube-system', 'coredns', ', k8s-app: kube-dns');
const ccnp = `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: web-everywhere\nspec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities: [cluster]\n`;
// Egress-isolating policies over every pod of ns0: one without DNS, one with UDP 53 only (TCP blocked).
const denyAll = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ns0\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`;
const udpOnly = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: udp-only\n  namespace: ns1\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels: {k8s-app: kube-dns}\n      ports: [{protocol: UDP, port: 53}]\n`;
const files = [
  parseFile('file:///ws/pods.yaml', pods, opts),
  parseFile('file:///ws/dns.yaml', dns, opts),
  parseFile('file:///ws/policies.yaml', [ccnp, denyAll, udpOnly].join('---\n'), opts),
];

function stops(steps: Generator<void, unknown, void>, between: () => void = () => undefined): number {
  for (let n = 0; ; n++) {
    if (steps.next().done) return n;
    between();
  }
}

test('selectedWorkloadsSteps: a cluster-wide empty selector over every workload stops every 512 candidates, stores only the whole list', () => {
  const model = buildModel(files, opts);
  const p = model.policyIR.find((x) => x.name === 'web-everywhere');
  assert.ok(p);
  const key = subjectKey(subjectOf(p));
  let result: readonly unknown[] = [];
  const gen = selectedWorkloadsSteps(model, p);
  const n = stops(
    (function* () {
      result = yield* gen;
    })(),
    () => {
      assert.equal(model.memo?.selected?.get(p), undefined, 'a half-built selection was stored');
      assert.equal(model.memo?.byContent?.get(key), undefined);
    },
  );
  assert.ok(n >= Math.floor((BIG + 1) / 512), `${n} stops`);
  assert.ok(n >= 2);
  const reference = selectedWorkloads(buildModel(files, opts), p);
  assert.ok(result.length > BIG, 'every workload');
  assert.deepEqual(result.map((w) => (w as { name: string }).name), reference.map((w) => w.name));
  assert.equal(selectedWorkloads(model, p), result, 'stored for selectedWorkloads');

  // A reader between two stops selects on its own; the steps then return the reader's list.
  const other = buildModel(files, opts);
  const q = other.policyIR.find((x) => x.name === 'web-everywhere');
  assert.ok(q);
  const warm = selectedWorkloadsSteps(other, q);
  warm.next();
  const read = selectedWorkloads(other, q);
  assert.equal(finish(warm), read);
});

test('the DNS rules stop inside a policy of hundreds of pods and report what they report in one go', () => {
  const byUri = new Map(files.map((f) => [f.uri, f]));
  for (const code of ['missing-dns-egress', 'dns-tcp-blocked']) {
    const rule = WORKSPACE_RULES.find((r) => r.code === code);
    assert.ok(rule?.checkWorkspaceSteps);
    const run = (sliced: boolean) => {
      const model = buildModel(files, opts);
      const reports: WorkspaceReport[] = [];
      const ctx = { options: opts, model, files: byUri, fixesIn: () => true, report: (r: WorkspaceReport) => void reports.push(r) };
      if (!sliced) {
        rule.checkWorkspace(model, byUri, ctx);
        return { reports, n: 0 };
      }
      return { reports, n: stops(rule.checkWorkspaceSteps!(model, byUri, ctx)) };
    };
    const one = run(false);
    const sliced = run(true);
    assert.deepEqual(sliced.reports, one.reports, code);
    assert.equal(one.reports.length, 1, `${code}: ${one.reports.map((r) => r.message).join(' | ')}`);
    // ns0 / ns1 hold a third of the pods each: a policy over them stops every 32 pods.
    assert.ok(sliced.n >= Math.floor(BIG / 3 / 32), `${code}: ${sliced.n} stops`);
  }
});

test('the selection carry stops every 256 workloads it compares, and the next model gets the previous tables whole', () => {
  const prev = buildModel(files, opts);
  // Selections made on the previous model: the memo the carry hands over.
  for (const p of prev.policyIR) selectedWorkloads(prev, p);
  assert.ok(prev.memo);
  // The same texts parsed again (new objects of equal data); the policy file edited.
  const edited = files.map((f) => (f.uri.endsWith('policies.yaml') ? parseFile(f.uri, [ccnp, udpOnly].join('---\n'), opts) : parseFile(f.uri, f.text, opts)));
  const next = buildModel(edited, opts);
  assert.notEqual(next.workloads[0], prev.workloads[0]);
  const n = stops(carrySelectionSteps(prev, next), () => assert.equal(next.memo, undefined, 'the memo was handed over before the workloads were compared'));
  assert.ok(n >= Math.floor((BIG + 1) / 256), `${n} stops`);
  assert.equal(next.workloads, prev.workloads);
  assert.equal(next.memo?.labelIndex, prev.memo.labelIndex);
});
