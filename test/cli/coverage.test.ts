// `netlens coverage`: per-namespace coverage and gaps, as markdown and json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, removeCopy, runCli } from './helpers.ts';

test('coverage: the table operators keep by hand, computed, then gaps with recommendations', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const r = runCli(['coverage', 'topology'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith('## Coverage\n\n| Namespace | Workloads | NetworkPolicies | Ingress default-deny | Egress default-deny | Status | Open workloads |\n'));
  assert.ok(r.stdout.includes('| brokkr | 3 | 3 | no | no | Partially covered | brokkr-agent (ingress), postgresql (egress) |\n'));
  assert.ok(r.stdout.includes('| monitoring | 1 | 0 | no | no | **No policies** | prometheus (ingress, egress) |\n'));
  assert.match(r.stdout, /\n1\. \*\*brokkr\*\* \(high\): Egress-isolated without DNS: brokkr-agent cannot reach kube-system\/kube-dns on UDP 53/);
  assert.match(r.stdout, /\n5\. \*\*brokkr\*\* \(medium\): No default-deny egress policy; not isolated for egress: postgresql\.\n/);
});

test('coverage --format json', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const r = runCli(['coverage', '--format', 'json', 'topology'], dir);
  assert.equal(r.status, 0, r.stderr);
  const c = JSON.parse(r.stdout) as { namespaces: { namespace: string; status: string }[]; gaps: { kind: string; namespace: string }[] };
  assert.deepEqual(c.namespaces.map((n) => [n.namespace, n.status]), [
    ['brokkr', 'partially covered'],
    ['ingress-nginx', 'no policies'],
    ['monitoring', 'no policies'],
  ]);
  assert.deepEqual(c.gaps.map((g) => `${g.namespace}:${g.kind}`), [
    'brokkr:missing-dns-egress',
    'ingress-nginx:no-policies',
    'monitoring:no-policies',
    'brokkr:missing-default-deny-ingress',
    'brokkr:missing-default-deny-egress',
  ]);
});
