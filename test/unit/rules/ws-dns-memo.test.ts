// The per-pod DNS verdict (rules/ws-dns.ts) is computed once per model and shared by missing-dns-egress and
// dns-tcp-blocked: the same verdict objects for the same model and DNS pods, new ones for another model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { dnsEgress } from '../../../server/src/core/rules/ws-dns.ts';
import { dnsEgressMemo } from '../../../server/src/core/rules/ws-dns-memo.ts';
import { dnsWorkloads } from '../../../server/src/core/rules/ws-policy.ts';
import { deployment } from './workspace-harness.ts';

const UDP_ONLY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - ports: [{port: 53, protocol: UDP}]
`;

function model() {
  const files = [parseFile('file:///a.yaml', deployment('shop', 'web', { app: 'web' }), DEFAULT_OPTIONS), parseFile('file:///np.yaml', UDP_ONLY, DEFAULT_OPTIONS)];
  return buildModel(files, DEFAULT_OPTIONS);
}

test('one verdict per model, DNS pods, pod and protocol: both rules read the same objects, equal to a direct computation', () => {
  const m = model();
  const dns = dnsWorkloads(m, DEFAULT_OPTIONS);
  assert.deepEqual(dns.map((d) => d.id), ['kube-system/kube-dns']);
  const web = m.workloads.find((w) => w.id === 'shop/web')!;
  const a = dnsEgressMemo(m, dns);
  const b = dnsEgressMemo(m, dnsWorkloads(m, DEFAULT_OPTIONS));
  assert.equal(a(web, 'UDP'), b(web, 'UDP'), 'a second rule of the same analysis reads the verdict the first computed');
  assert.deepEqual(a(web, 'UDP'), dnsEgress(m, web, dns, 'UDP'));
  assert.equal(a(web, 'UDP').allowed, true);
  assert.equal(a(web, 'TCP').allowed, false);
  const other = model();
  const otherWeb = other.workloads.find((w) => w.id === 'shop/web')!;
  assert.notEqual(dnsEgressMemo(other, dnsWorkloads(other, DEFAULT_OPTIONS))(otherWeb, 'UDP'), a(web, 'UDP'), 'another model: its own verdicts');
  assert.notEqual(dnsEgressMemo(m, [])(web, 'UDP'), a(web, 'UDP'), 'other DNS pods: other verdicts');
});

test('a pod\'s UDP and TCP verdicts, computed together from shared egress evaluations, equal each computed alone', () => {
  // name -> policy, and [UDP allowed, TCP allowed, UDP through the node-local cache]
  const cases: Record<string, [string, [boolean, boolean, string | undefined]]> = {
    'UDP only': [UDP_ONLY, [true, false, undefined]],
    'both protocols': [UDP_ONLY.replace('ports: [{port: 53, protocol: UDP}]', 'ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]'), [true, true, undefined]],
    'node-local cache on UDP only': [UDP_ONLY.replace('- ports: [{port: 53, protocol: UDP}]', '- to: [{ipBlock: {cidr: 169.254.20.10/32}}]\n      ports: [{port: 53, protocol: UDP}]'), [true, false, '169.254.20.10']],
    'nothing': [UDP_ONLY.replace('ports: [{port: 53, protocol: UDP}]', 'ports: [{port: 80}]'), [false, false, undefined]],
  };
  for (const [name, [policy, expected]] of Object.entries(cases)) {
    const files = [parseFile('file:///a.yaml', deployment('shop', 'web', { app: 'web' }), DEFAULT_OPTIONS), parseFile('file:///np.yaml', policy, DEFAULT_OPTIONS)];
    const m = buildModel(files, DEFAULT_OPTIONS);
    const dns = dnsWorkloads(m, DEFAULT_OPTIONS);
    const web = m.workloads.find((w) => w.id === 'shop/web')!;
    const memo = dnsEgressMemo(m, dns);
    const udp = memo(web, 'UDP');
    assert.deepEqual(udp, dnsEgress(m, web, dns, 'UDP'), name);
    assert.deepEqual(memo(web, 'TCP'), dnsEgress(m, web, dns, 'TCP'), name);
    assert.equal(memo(web, 'UDP'), udp, `${name}: memoised`);
    assert.deepEqual([udp.allowed, memo(web, 'TCP').allowed, udp.viaNodeLocal], expected, name);
  }
});
