// Host policies (a CCNP with nodeSelector): NetLens does not model node traffic, so a node on either side of a
// verdict is "not analysed" with a caveat naming the policies, never "never isolated".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, ccnp, cilium, cnp } from './harness.ts';

const HFW = ccnp('hfw', 'nodeSelector: {}\ningress:\n- fromEntities: [world]');

test('the ingress of the host and of remote nodes under a host policy: not analysed, caveat names the policy', () => {
  const m = cilium(HFW);
  const v = ask(m, 'app/web', 'entity:host', '10250/TCP');
  assert.equal(v.ingress.unmodelled, 'host policies with a nodeSelector (hfw) may govern it, and NetLens does not model node traffic');
  assert.deepEqual(v.caveats, [
    "The ingress of the local node is not analysed: host policies (nodeSelector) hfw govern the traffic of the nodes they select when Cilium's host firewall is enabled, and NetLens does not model them; this verdict leaves them out.",
  ]);
  const r = ask(m, 'app/web', 'entity:remote-node', '10250/TCP');
  assert.match(r.caveats[0] ?? '', /^The ingress of the other nodes is not analysed: host policies \(nodeSelector\) hfw /);
});

test('only policies with rules or isolation in that direction count; pod policies and other entities are unaffected', () => {
  const m = cilium(HFW);
  const fromHost = ask(m, 'entity:host', 'app/web', '8080/TCP');
  assert.deepEqual([fromHost.egress.unmodelled, fromHost.caveats], [undefined, []]);
  assert.deepEqual(ask(m, 'app/web', 'entity:world', '443/TCP').caveats, []);
  const pods = cilium(cnp('p', 'endpointSelector: {}\ningress:\n- fromEntities: [world]'));
  assert.deepEqual([ask(pods, 'app/web', 'entity:host', '10250/TCP').ingress.unmodelled], [undefined]);
});
