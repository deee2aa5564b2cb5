// core/diff: port-set arithmetic and the flows a change opens, including those of pods that lose isolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectivityDiff } from '../../../server/src/core/diff/index.ts';
import { subtractRanges } from '../../../server/src/core/diff/ports.ts';
import { model, policy, port, rule, sel, workload } from '../topology/fixtures.ts';

test('subtractRanges cuts holes and keeps the rest', () => {
  assert.deepEqual(subtractRanges([{ from: 1, to: 65535 }], [{ from: 80, to: 80 }]), [
    { from: 1, to: 79 },
    { from: 81, to: 65535 },
  ]);
  assert.deepEqual(subtractRanges([{ from: 8000, to: 8080 }], [{ from: 7000, to: 9000 }]), []);
  assert.deepEqual(subtractRanges([{ from: 80, to: 80 }, { from: 443, to: 443 }], [{ from: 443, to: 443 }]), [{ from: 80, to: 80 }]);
});

const side = (m: ReturnType<typeof model>) => ({ model: m, findings: new Map() });

test('widening a rule from port 80 to every port opens exactly the other ports', () => {
  const web = workload('shop', 'web', { app: 'web' }, [[80]]);
  const api = workload('shop', 'api', { app: 'api' }, [[80]]);
  const deny = policy('shop', 'deny', sel(), ['ingress', 'egress'], [], [rule([{ podSelector: sel({ app: 'api' }) }])]);
  const narrow = policy('shop', 'api-in', sel({ app: 'api' }), ['ingress'], [rule([{ podSelector: sel({ app: 'web' }) }], [port(80)])]);
  const wide = policy('shop', 'api-in', sel({ app: 'api' }), ['ingress'], [rule([{ podSelector: sel({ app: 'web' }) }])]);
  const d = connectivityDiff(side(model([web, api], [deny, narrow])), side(model([web, api], [deny, wide])));
  assert.deepEqual(
    d.added.map((c) => [c.from.name, c.to.name, c.protocol, c.port, c.rules.map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`)]),
    [
      ['shop/web', 'shop/api', 'TCP', '1-79', ['shop/api-in ingress[0]', 'shop/deny egress[0]']],
      ['shop/web', 'shop/api', 'TCP', '81-65535', ['shop/api-in ingress[0]', 'shop/deny egress[0]']],
      ['shop/web', 'shop/api', 'UDP', 'any', ['shop/api-in ingress[0]', 'shop/deny egress[0]']],
      ['shop/web', 'shop/api', 'SCTP', 'any', ['shop/api-in ingress[0]', 'shop/deny egress[0]']],
      ['shop/web', 'shop/api', 'ICMP/other', '-', ['shop/api-in ingress[0]', 'shop/deny egress[0]']],
    ],
  );
  assert.deepEqual(d.removed, []);
});

test('deleting a default-deny opens every flow of the pods it isolated, internet included, with no deciding rule', () => {
  const a = workload('ns', 'a', { app: 'a' });
  const b = workload('ns', 'b', { app: 'b' });
  const deny = policy('ns', 'deny', sel(), ['ingress', 'egress']);
  const d = connectivityDiff(side(model([a, b], [deny])), side(model([a, b], [])));
  const pairs = [...new Set(d.added.map((c) => `${c.from.name} -> ${c.to.name}`))];
  assert.deepEqual(pairs, ['ns/a -> ns/b', 'ns/a -> internet (0.0.0.0/0)', 'ns/b -> ns/a', 'ns/b -> internet (0.0.0.0/0)', 'internet (0.0.0.0/0) -> ns/a', 'internet (0.0.0.0/0) -> ns/b']);
  assert.ok(d.added.every((c) => c.rules.length === 0));
  assert.deepEqual(d.removed, []);
});

test('an unchanged workspace has no changes, and its decided flows stay as unchanged pairs', () => {
  const web = workload('shop', 'web', { app: 'web' });
  const api = workload('shop', 'api', { app: 'api' }, [[80]]);
  const p = policy('shop', 'api-in', sel({ app: 'api' }), ['ingress'], [rule([{ podSelector: sel({ app: 'web' }) }], [port(80)])]);
  const d = connectivityDiff(side(model([web, api], [p])), side(model([web, api], [p])));
  assert.deepEqual([d.added, d.removed], [[], []]);
  const decided = d.pairs.filter((x) => x.decided);
  assert.deepEqual(decided.map((x) => [x.from.name, x.to.name, x.unchanged.byProtocol.TCP]), [['shop/web', 'shop/api', { all: false, ranges: [{ from: 80, to: 80 }] }]]);
});
