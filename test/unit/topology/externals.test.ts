// External blocks: which ip blocks become nodes, and the address that stands for each when asking the engine.
import { lowerNetworkPolicy } from '../../../server/src/core/kinds/networkpolicy/lower.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockLabel, collectBlocks, representativeAddress, type ExternalBlock } from '../../../server/src/core/topology/externals.ts';
import { policy, port, rule, sel } from './fixtures.ts';

const block = (cidr: string, except: string[] = []): ExternalBlock => ({ cidr, except, egress: true, ingress: false, internet: cidr.endsWith('/0') });

test('representative: outside the excepts, and outside nested blocks when possible', () => {
  assert.equal(representativeAddress(block('10.0.0.0/8', ['10.0.0.0/9']), []), '10.128.0.0');
  const wide = block('10.0.0.0/8');
  const host = block('10.0.1.10/32');
  assert.equal(representativeAddress(wide, [wide, host]), '10.0.0.0');
  assert.equal(representativeAddress(host, [wide, host]), '10.0.1.10');
  const first = block('10.0.0.0/24');
  assert.equal(representativeAddress(wide, [wide, first]), '10.0.1.0');
  // The same cidr with excepts is nested in the plain one: the plain node stands for the excepted ranges.
  const all = block('0.0.0.0/0');
  const pub = block('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
  assert.equal(representativeAddress(pub, [all, pub]), '0.0.0.0');
  assert.equal(representativeAddress(all, [all, pub]), '10.0.0.0');
  assert.equal(representativeAddress(block('fd00::/8', ['fd00::/9']), []), 'fd80::');
  assert.equal(representativeAddress(block('10.0.0.0/31', ['10.0.0.0/31']), []), undefined);
});

test('collectBlocks: ipBlocks of isolated directions, the internet for peerless rules, sorted and deduplicated', () => {
  const p = policy(
    'ns',
    'p',
    sel(),
    ['ingress', 'egress'],
    [rule([{ ipBlock: { cidr: '192.168.0.0/16', except: [] } }], [port(80)])],
    [rule(undefined, [port(443)]), rule([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '2001:db8::/32', except: [] } }]), rule([{ ipBlock: { cidr: 'not-a-cidr', except: [] } }])],
  );
  const blocks = collectBlocks([lowerNetworkPolicy(p)]);
  assert.deepEqual(
    blocks.map((b) => [blockLabel(b), b.egress, b.ingress]),
    [
      ['internet (0.0.0.0/0)', true, false],
      ['10.0.0.0/8 except 10.1.0.0/16', true, false],
      ['192.168.0.0/16', false, true],
      ['2001:db8::/32', true, false],
    ],
  );
});
