// Connection matrix and coverage reports: exact rows, formats, statuses and gaps on the Brokkr model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopology } from '../../../server/src/core/topology/graph.ts';
import { connectionMatrix, matrixCsv, matrixJson, matrixMarkdown } from '../../../server/src/core/reports/matrix.ts';
import { coverageReport } from '../../../server/src/core/reports/coverage.ts';
import { coverageMarkdown } from '../../../server/src/core/reports/format.ts';
import { csvCell, mdCell, mdText } from '../../../server/src/core/reports/table.ts';
import { allowedTraffic } from '../../../server/src/core/connectivity/traffic.ts';
import { model, policy, port, rule, sel, workload } from '../topology/fixtures.ts';
import { brokkrModel } from '../topology/sample.ts';

const matrixOf = (m = brokkrModel()) => connectionMatrix(buildTopology(m, { externalPeers: true }, { kind: 'workspace' }, allowedTraffic));

test('matrix: one row per flow and protocol, with the deciding policies', () => {
  const m = matrixOf();
  assert.deepEqual(
    m.rows.map((r) => [r.source, r.destination, r.port, r.protocol, r.allowedBy.join('; ')]),
    [
      ['brokkr/brokkr-agent', 'brokkr/brokkr-broker', '3000', 'TCP', 'brokkr/brokkr-agent (egress); brokkr/brokkr-broker (ingress)'],
      ['brokkr/brokkr-agent', 'kube-system/kube-dns', '53', 'UDP', 'brokkr/brokkr-agent (egress)'],
      ['brokkr/brokkr-agent', 'internet (0.0.0.0/0)', '443, 3000, 6443', 'TCP', 'brokkr/brokkr-agent (egress)'],
      ['brokkr/brokkr-agent', 'internet (0.0.0.0/0) except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16', '443, 3000, 6443', 'TCP', 'brokkr/brokkr-agent (egress)'],
      ['brokkr/brokkr-broker', 'brokkr/postgresql', '5432', 'TCP', 'brokkr/brokkr-broker (egress); brokkr/postgresql (ingress)'],
      ['brokkr/brokkr-broker', 'kube-system/kube-dns', '53', 'UDP', 'brokkr/brokkr-broker (egress)'],
      ['brokkr/brokkr-broker', 'internet (0.0.0.0/0) except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16', '443', 'TCP', 'brokkr/brokkr-broker (egress)'],
      ['ingress-nginx/ingress-nginx-controller', 'brokkr/brokkr-broker', '3000', 'TCP', 'brokkr/brokkr-broker (ingress)'],
      ['monitoring/prometheus', 'brokkr/brokkr-broker', '3000', 'TCP', 'brokkr/brokkr-broker (ingress)'],
    ],
  );
  assert.deepEqual(m.openWorkloads, ['ingress-nginx/ingress-nginx-controller', 'monitoring/prometheus']);
});

test('matrix formats: markdown table, CSV with quoting, JSON with rule references', () => {
  const m = matrixOf();
  const md = matrixMarkdown(m);
  assert.match(md, /^## Connection matrix\n\n\| Source \| Destination \| Port \| Protocol \| Allowed by \|\n\| --- \| --- \| --- \| --- \| --- \|\n/);
  assert.ok(md.includes('| brokkr/brokkr-broker | brokkr/postgresql | 5432 | TCP | brokkr/brokkr-broker (egress), brokkr/postgresql (ingress) |\n'));
  assert.match(md, /Not isolated by any NetworkPolicy .*`monitoring\/prometheus`/);
  const csv = matrixCsv(m).split('\r\n');
  assert.equal(csv[0], 'Source,Destination,Port,Protocol,Allowed by');
  assert.equal(csv[3], 'brokkr/brokkr-agent,internet (0.0.0.0/0),"443, 3000, 6443",TCP,brokkr/brokkr-agent (egress)');
  const json = matrixJson(m);
  assert.deepEqual(json.rows[4]?.allowedBy, [
    { policy: 'brokkr/brokkr-broker', direction: 'egress', ruleIndex: 0, uri: 'file:///ws/brokkr-policies.yaml' },
    { policy: 'brokkr/postgresql', direction: 'ingress', ruleIndex: 0, uri: 'file:///ws/brokkr-policies.yaml' },
  ]);
  assert.equal(mdCell('a|b\\c\nd'), 'a\\|b\\\\c d');
  assert.equal(csvCell('say "hi", ok'), '"say ""hi"", ok"');
  // running text: emphasis, code and link syntax from YAML names is shown, not rendered; pipes need no escape
  assert.equal(mdText('*a*_b_`c`[d](e)|f<g>'), '\\*a\\*\\_b\\_\\`c\\`\\[d\\](e)|f&lt;g&gt;');
  assert.equal(mdText('a\\|b'), 'a\\\\|b');
});

test('coverage Markdown: workload names in the gaps list are escaped like table cells', () => {
  const odd = workload('pay', '*w*<b>_x_', { app: 'worker' });
  const gwOnly = policy('pay', 'gw-ingress', sel({ app: 'gw' }), ['ingress'], [rule([{ podSelector: sel({ app: 'worker' }) }], [port(443)])]);
  const md = coverageMarkdown(coverageReport(model([odd], [gwOnly]), allowedTraffic));
  assert.ok(md.includes('(medium): No default-deny ingress policy; not isolated for ingress: \\*w\\*&lt;b&gt;\\_x\\_.\n'), md);
  assert.ok(!md.includes('<b>'), md);
});

test('coverage: statuses, default-deny detection, open workloads and gaps', () => {
  const shop = [workload('shop', 'web', { app: 'web' }, [[80]]), workload('shop', 'api', { app: 'api' }, [[8080]])];
  const dns = workload('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, [[53, 'UDP']], 'ClusterWorkload');
  const loose = workload('legacy', 'cron', { app: 'cron' });
  const denyAll = policy('shop', 'default-deny', sel(), ['ingress', 'egress']);
  const allowDns = policy('shop', 'allow-dns', sel({ app: 'web' }), ['egress'], [], [rule([{ namespaceSelector: sel(), podSelector: sel({ 'k8s-app': 'kube-dns' }) }], [port(53, 'UDP')])]);
  const partial = workload('pay', 'gateway', { app: 'gw' });
  const other = workload('pay', 'worker', { app: 'worker' });
  const gwOnly = policy('pay', 'gw-ingress', sel({ app: 'gw' }), ['ingress'], [rule([{ podSelector: sel({ app: 'worker' }) }], [port(443)])]);
  const r = coverageReport(model([...shop, dns, loose, partial, other], [denyAll, allowDns, gwOnly]), allowedTraffic);
  assert.deepEqual(
    r.namespaces.map((n) => [n.namespace, n.workloads, n.policies, n.ingressDefaultDeny, n.egressDefaultDeny, n.status, n.openWorkloads.map((o) => `${o.workload}:${o.open.join('+')}`)]),
    [
      ['legacy', 1, 0, false, false, 'no policies', ['cron:ingress+egress']],
      ['pay', 2, 1, false, false, 'partially covered', ['gateway:egress', 'worker:ingress+egress']],
      ['shop', 2, 2, true, true, 'covered', []],
    ],
  );
  assert.deepEqual(
    r.gaps.map((g) => [g.namespace, g.priority, g.kind, g.workloads]),
    [
      ['legacy', 'high', 'no-policies', ['cron']],
      ['shop', 'high', 'missing-dns-egress', ['api']],
      ['pay', 'medium', 'missing-default-deny-ingress', ['worker']],
      ['pay', 'medium', 'missing-default-deny-egress', ['gateway', 'worker']],
    ],
  );
  const md = coverageMarkdown(r);
  assert.ok(md.includes('| legacy | 1 | 0 | no | no | **No policies** | cron (ingress, egress) |\n'), md);
  assert.ok(md.includes('| shop | 2 | 2 | yes | yes | Covered | - |\n'), md);
  assert.match(md, /2\. \*\*shop\*\* \(high\): Egress-isolated without DNS: api cannot reach kube-system\/kube-dns on UDP 53/);
});
