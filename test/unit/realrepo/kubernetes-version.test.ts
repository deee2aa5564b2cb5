// netlens.kubernetesVersion decides version-dependent validation: strict CIDR parsing rejects a policy only from 1.36.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, buildModel, DEFAULT_OPTIONS, optionsFromRaw, parseFile, reach, type Model } from '../../../server/src/core/index.ts';

const NP = (cidr: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: ${cidr}}\n`;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\n';

const model = (version: string | undefined, cidr: string): Model => {
  const o = optionsFromRaw(version ? { kubernetesVersion: version } : {});
  return buildModel([parseFile('file:///r/np.yaml', NP(cidr), o), parseFile('file:///r/pod.yaml', POD, o)], o);
};

test('the default is the newest stable release; the setting is read from settings and tolerates a v prefix', () => {
  assert.equal(DEFAULT_OPTIONS.kubernetesVersion, '1.35');
  assert.equal(optionsFromRaw({ kubernetesVersion: 'v1.36' }).kubernetesVersion, '1.36');
  assert.equal(optionsFromRaw({ kubernetesVersion: 'latest' }).kubernetesVersion, '1.35');
});

test('host bits and leading zeros: accepted before 1.36 (the policy isolates), rejected from 1.36 (it never exists)', () => {
  for (const cidr of ['10.0.0.1/8', '010.0.0.0/8']) {
    assert.deepEqual(model('1.35', cidr).policies.map((p) => p.invalid ?? []), [[]], cidr);
    assert.equal(model('1.36', cidr).policies[0]?.invalid?.length, 1, cidr);
    const ask = (m: Model) => {
      const web = m.workloads.find((w) => w.id === 'shop/web');
      assert.ok(web);
      return reach(m, { from: { kind: 'workload', workload: web }, to: { kind: 'ip', address: '192.168.1.1' }, port: 443, protocol: 'TCP' }).allowed;
    };
    // 1.35: the policy isolates egress and allows only 10.0.0.0/8; 1.36: it does not exist, egress is open.
    assert.equal(ask(model('1.35', cidr)), false, cidr);
    assert.equal(ask(model('1.36', cidr)), true, cidr);
  }
  const o = optionsFromRaw({ kubernetesVersion: '1.36' });
  const msg = analyzeText('x.yaml', NP('10.0.0.1/8'), o).findings.find((f) => f.code === 'cidr-host-bits')?.message;
  assert.match(msg ?? '', /Kubernetes 1\.36 \(netlens\.kubernetesVersion\) rejects it, so the policy never takes effect\.$/);
});
