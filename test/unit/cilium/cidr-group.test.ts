// CiliumCIDRGroup references (cidrGroupRef / cidrGroupSelector) are not resolved: the verdict says which way that
// can be wrong (an allow under-allows, a deny under-denies), and `check` lists the group objects as not analysed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile, skippedSummary } from '../../../server/src/core/index.ts';
import { ask, cilium, cnp } from './harness.ts';

test('a deny rule naming a CIDR group: the verdict carries the caveat that it may be shown as allowed', () => {
  const m = cilium(cnp('deny-ext', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toEntities: [all]\negressDeny:\n- toCIDRSet:\n  - cidrGroupRef: ext\n    except: [1.0.0.1/32]'));
  const v = ask(m, 'app/web', '1.2.3.4', '443');
  assert.equal(v.allowed, true);
  assert.deepEqual(v.caveats, [
    'app/deny-ext egressDeny[0]: toCIDRSet[0] names CiliumCIDRGroup "ext", whose addresses NetLens does not read: it is treated as matching nothing, so traffic this rule denies to those addresses may be shown as allowed.',
  ]);
});

test('an allow rule selecting CIDR groups by label: the caveat says allowed traffic may be shown as denied', () => {
  const m = cilium(cnp('from-vpn', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- fromCIDRSet:\n  - cidrGroupSelector: {matchLabels: {role: vpn}}'));
  const v = ask(m, '10.48.0.7', 'app/web', '8080');
  assert.equal(v.allowed, false);
  assert.ok(
    v.caveats.includes('app/from-vpn ingress[0]: fromCIDRSet[0] names CiliumCIDRGroups by label (cidrGroupSelector), whose addresses NetLens does not read: it is treated as matching nothing, so traffic this rule allows from those addresses may be shown as denied.'),
    JSON.stringify(v.caveats),
  );
});

test('CiliumCIDRGroup objects (v2alpha1 and v2) are listed as not analysed', () => {
  const text = 'apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: ext}\nspec: {externalCIDRs: [1.0.0.0/8]}\n---\napiVersion: cilium.io/v2\nkind: CiliumCIDRGroup\nmetadata: {name: vpn}\nspec: {externalCIDRs: [10.48.0.0/24]}\n';
  const s = skippedSummary([parseFile('file:///ws/groups.yaml', text, DEFAULT_OPTIONS)]);
  assert.deepEqual([...s.kinds].map(([k, items]) => [k, items.map((i) => i.what)]), [['CiliumCIDRGroup', ['CiliumCIDRGroup ext', 'CiliumCIDRGroup vpn']]]);
});
