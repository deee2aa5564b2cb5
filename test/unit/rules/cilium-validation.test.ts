// Cilium structural validation: what the API server (CRD schema) or the agent rejects, with exact ranges and fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { isRejected } from '../../../server/src/core/validate/index.ts';
import { applyFix, codes, findings } from './rule-harness.ts';

const cnp = (spec: string, kind = 'CiliumNetworkPolicy') => `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: p\n  namespace: app\nspec:\n${spec}`;
const rejected = (text: string): boolean => isRejected(parseFile('file:///c.yaml', text, DEFAULT_OPTIONS).objects[0]!, DEFAULT_OPTIONS);

test('a valid CNP and CCNP give no finding and are not rejected', () => {
  const text = cnp(`  endpointSelector: {matchLabels: {app: web}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: api}}]
    toPorts:
    - ports: [{port: "8080", protocol: TCP}]
      rules: {http: [{method: GET, path: /}]}
  egress:
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]
    toPorts:
    - ports: [{port: "53", protocol: ANY}]
      rules: {dns: [{matchPattern: "*"}]}
  - toFQDNs: [{matchName: api.example.com}]
  - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]
  - toEntities: [kube-apiserver]
    icmps: [{fields: [{type: 8, family: IPv4}]}]
`);
  assert.deepEqual(codes(text), []);
  assert.equal(rejected(text), false);
  const ccnp = cnp('  nodeSelector: {}\n  ingress: [{fromEntities: [cluster]}]\n', 'CiliumClusterwideNetworkPolicy');
  assert.deepEqual(codes(ccnp), []);
});

test('cilium-subject: neither, both, and nodeSelector in a CNP', () => {
  const none = findings(cnp('  ingress: [{fromEntities: [world]}]\n'), 'cilium-subject');
  assert.deepEqual(none.map((f) => f.at), ['ingress']);
  assert.match(none[0]!.message, /^spec: a rule must select its subject with endpointSelector \(pods\); /);
  const both = findings(cnp('  endpointSelector: {}\n  nodeSelector: {}\n  ingress: [{}]\n', 'CiliumClusterwideNetworkPolicy'), 'cilium-subject');
  assert.deepEqual(both.map((f) => [f.at, f.message]), [['nodeSelector', 'spec: a rule cannot have both endpointSelector and nodeSelector; split it into one rule for pods and one for nodes. Cilium rejects the policy.']]);
  const node = findings(cnp('  nodeSelector: {}\n  ingress: [{}]\n'), 'cilium-subject');
  assert.deepEqual(node.map((f) => f.at), ['nodeSelector']);
  assert.ok(rejected(cnp('  nodeSelector: {}\n  ingress: [{}]\n')));
  // The CRD's one-of says the same: reported once, by cilium-subject.
  assert.deepEqual(codes(cnp('  ingress: [{fromEntities: [world]}]\n')), ['cilium-subject']);
});

test('cilium-empty-policy: no spec and no specs', () => {
  const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\n';
  assert.deepEqual(findings(text, 'cilium-empty-policy').map((f) => f.at), ['kind']);
  assert.ok(rejected(text));
});

test('cilium-combined-selectors: two peer kinds in one rule, with a split fix that keeps comments', () => {
  const text = cnp(`  endpointSelector: {}
  egress:
  # allow the API and the database
  - toEndpoints:
    - matchLabels: {app: db}  # the database
    toCIDR:
    - 10.0.0.0/8
    toPorts:
    - ports: [{port: "5432"}]
`);
  const [f, ...rest] = findings(text, 'cilium-combined-selectors');
  assert.equal(rest.length, 0);
  assert.equal(f!.at, 'toCIDR');
  assert.equal(f!.message, 'spec.egress[0]: combining toEndpoints and toCIDR in one rule is not supported; Cilium rejects the policy. Write one rule per peer kind (the rules add up).');
  assert.ok(rejected(text));
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.equal(
    fixed,
    cnp(`  endpointSelector: {}
  egress:
  # allow the API and the database
  - toEndpoints:
    - matchLabels: {app: db}  # the database
    toPorts:
    - ports: [{port: "5432"}]
  - toCIDR:
    - 10.0.0.0/8
    toPorts:
    - ports: [{port: "5432"}]
`),
  );
  assert.deepEqual(codes(fixed), []);
  // An empty list is no peer kind (Cilium counts items), so this is fine.
  assert.deepEqual(codes(cnp('  endpointSelector: {}\n  egress: [{toEndpoints: [{}], toCIDR: []}]\n')), []);
});

test('cilium-combined-selectors: CRLF line endings survive the split', () => {
  const text = cnp('  endpointSelector: {}\n  ingress:\n  - fromEntities: [world]\n    fromCIDR: [1.2.3.4/32]\n').replace(/\n/g, '\r\n');
  const [f] = findings(text, 'cilium-combined-selectors');
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.endsWith('  - fromEntities: [world]\r\n  - fromCIDR: [1.2.3.4/32]\r\n'), JSON.stringify(fixed));
  assert.deepEqual(codes(fixed), []);
});

test('cilium-combined-selectors: toServices with toPorts is rejected before Cilium 1.17 only', () => {
  const text = cnp('  endpointSelector: {}\n  egress:\n  - toServices: [{k8sService: {serviceName: api, namespace: app}}]\n    toPorts: [{ports: [{port: "80"}]}]\n');
  assert.deepEqual(findings(text, 'cilium-combined-selectors'), [], 'the default (1.18) accepts it');
  assert.equal(rejected(text), false);
  const old = { ...DEFAULT_OPTIONS, ciliumVersion: '1.16' };
  const f = analyzeText('test.yaml', text, old).findings.filter((x) => x.code === 'cilium-combined-selectors');
  assert.deepEqual(f.map((x) => [text.slice(x.span.start, x.span.end), x.message]), [
    ['toPorts', 'spec.egress[0]: before Cilium 1.17 (netlens.ciliumVersion is 1.16) toServices cannot be combined with toPorts; the agent rejects the policy. Remove toPorts, select the backends with toEndpoints, or upgrade (1.17 allows it).'],
  ]);
  assert.equal(isRejected(parseFile('file:///c.yaml', text, old).objects[0]!, old), true);
});

test('cilium-l7-protocol: an L7 port without protocol (ANY) or with UDP; fix adds protocol: TCP', () => {
  const text = cnp(`  endpointSelector: {}
  ingress:
  - toPorts:
    - ports:
      - port: "80"
      rules:
        http: [{method: GET}]
`);
  const [f] = findings(text, 'cilium-l7-protocol');
  assert.equal(f!.at, 'port: "80"');
  assert.equal(f!.message, 'spec.ingress[0].toPorts[0].ports[0]: L7 rules (http) apply only to TCP, and this port sets no protocol, which means ANY; Cilium rejects the policy. Set `protocol: TCP`.');
  const fixed = applyFix(text, f!.fixes[0]!);
  assert.ok(fixed.includes('      - port: "80"\n        protocol: TCP\n'), fixed);
  assert.deepEqual(codes(fixed), []);
  const udp = cnp('  endpointSelector: {}\n  ingress:\n  - toPorts: [{ports: [{port: "80", protocol: UDP}], rules: {http: [{}]}}]\n');
  const [g] = findings(udp, 'cilium-l7-protocol');
  assert.equal(g!.at, 'UDP');
  assert.deepEqual(codes(applyFix(udp, g!.fixes[0]!)), []);
  // DNS rules may use ANY.
  assert.deepEqual(codes(cnp('  endpointSelector: {}\n  egress:\n  - toPorts: [{ports: [{port: "53"}], rules: {dns: [{matchPattern: "*"}]}}]\n')), []);
});

test('cilium-dns-rule: ingress, no ports, port ranges', () => {
  const ingress = cnp('  endpointSelector: {}\n  ingress:\n  - toPorts: [{ports: [{port: "53"}], rules: {dns: [{matchName: a.b}]}}]\n');
  assert.deepEqual(findings(ingress, 'cilium-dns-rule').map((f) => f.at), ['dns']);
  const noPorts = cnp('  endpointSelector: {}\n  egress:\n  - toPorts: [{rules: {dns: [{matchName: a.b}]}}]\n');
  assert.match(findings(noPorts, 'cilium-dns-rule')[0]!.message, /need the DNS port in `ports`/);
  const range = cnp('  endpointSelector: {}\n  egress:\n  - toPorts: [{ports: [{port: "53", endPort: 60}], rules: {dns: [{matchName: a.b}]}}]\n');
  assert.deepEqual(findings(range, 'cilium-dns-rule').map((f) => [f.at, f.message]), [['endPort', 'spec.egress[0].toPorts[0].ports[0].endPort: DNS rules do not support port ranges; list the DNS port alone. Cilium rejects the policy.']]);
});

test('cilium-icmps-with-ports and cilium-except-outside-cidr', () => {
  const icmp = cnp('  endpointSelector: {}\n  egress:\n  - icmps: [{fields: [{type: 8}]}]\n    toPorts: [{ports: [{port: "80"}]}]\n');
  assert.deepEqual(findings(icmp, 'cilium-icmps-with-ports').map((f) => f.at), ['icmps']);
  const except = cnp('  endpointSelector: {}\n  egress:\n  - toCIDRSet: [{cidr: 10.0.0.0/8, except: [11.0.0.0/16, 10.0.0.0/8, "2001:db8::/64"]}]\n');
  const seen = findings(except, 'cilium-except-outside-cidr');
  assert.deepEqual(seen.map((f) => f.at), ['11.0.0.0/16', '"2001:db8::/64"']);
  assert.equal(seen[0]!.message, 'spec.egress[0].toCIDRSet[0].except[0]: "11.0.0.0/16" is not inside the cidr "10.0.0.0/8"; Cilium rejects the policy (an exception must carve a range out of its own CIDR).');
  assert.match(seen[1]!.message, /\(it is IPv6, the cidr IPv4\)/);
});

test('schema: integer ports, unknown entities, both matchName and matchPattern, more than 40 ports, lowercase operators', () => {
  const port = cnp('  endpointSelector: {}\n  ingress:\n  - toPorts: [{ports: [{port: 80}]}]\n');
  const [w] = findings(port, 'wrong-type');
  assert.deepEqual([w!.at, w!.message], ['80', 'spec.ingress[0].toPorts[0].ports[0].port must be a string, not a number; quote it to make it a string.']);
  const quoted = applyFix(port, w!.fixes[0]!);
  assert.ok(quoted.includes('port: "80"'));
  assert.deepEqual(codes(quoted), []);
  assert.ok(rejected(port));
  const entity = findings(cnp('  endpointSelector: {}\n  egress: [{toEntities: [world, internet]}]\n'), 'cilium-schema');
  assert.deepEqual(entity.map((f) => f.at), ['internet']);
  assert.match(entity[0]!.message, /^spec\.egress\[0\]\.toEntities\[1\]: "internet" is not one of all, world, cluster, host, /);
  const fqdn = findings(cnp('  endpointSelector: {}\n  egress: [{toFQDNs: [{matchName: a.com, matchPattern: "*.a.com"}]}]\n'), 'cilium-schema');
  assert.deepEqual(fqdn.map((f) => [f.at, f.message]), [['matchPattern', 'spec.egress[0].toFQDNs[0]: must set only one of matchName, matchPattern, not matchName and matchPattern; the API server rejects the CiliumNetworkPolicy.']]);
  const many = Array.from({ length: 41 }, (_, i) => `{port: "${i + 1}"}`).join(', ');
  const tooMany = findings(cnp(`  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [${many}]}]}]\n`), 'cilium-schema');
  assert.equal(tooMany.length, 1);
  assert.match(tooMany[0]!.message, /ports: has 41 items; at most 40 are allowed/);
  const op = findings(cnp('  endpointSelector: {matchExpressions: [{key: a, operator: in, values: [x]}]}\n  ingress: [{}]\n'), 'cilium-schema');
  assert.deepEqual(op.map((f) => f.at), ['in']);
});

test('deny rules: toFQDNs and L7 are explained as unknown fields', () => {
  const text = cnp('  endpointSelector: {}\n  egressDeny:\n  - toFQDNs: [{matchName: a.com}]\n  - toPorts: [{ports: [{port: "80"}], rules: {http: [{}]}}]\n');
  const seen = findings(text, 'unknown-field');
  assert.deepEqual(seen.map((f) => f.at), ['toFQDNs', 'rules']);
  assert.match(seen[0]!.message, /Deny rules cannot match DNS names/);
  assert.match(seen[1]!.message, /Deny rules carry ports only/);
});

test('cilium-requires-deprecated: a warning before 1.19, the removal from 1.19 on', () => {
  const text = cnp('  endpointSelector: {}\n  ingress:\n  - fromRequires: [{matchLabels: {env: prod}}]\n');
  const before = findings(text, 'cilium-requires-deprecated');
  assert.deepEqual(before.map((f) => [f.at, f.severity]), [['fromRequires', 'warning']]);
  assert.match(before[0]!.message, /deprecated since Cilium 1\.17/);
  const after = analyzeText('file:///c.yaml', text, { ...DEFAULT_OPTIONS, ciliumVersion: '1.19' }).findings.filter((f) => f.code === 'cilium-requires-deprecated');
  assert.match(after[0]!.message, /removed in Cilium 1\.19 \(your netlens\.ciliumVersion is 1\.19\)/);
  assert.deepEqual(after[0]!.tags, ['deprecated']);
});

test('cilium-l7-rule: host policies, two L7 types, port 0, l7 without l7proto', () => {
  const hostText = cnp('  nodeSelector: {}\n  ingress:\n  - toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{}]}}]\n', 'CiliumClusterwideNetworkPolicy');
  assert.deepEqual(findings(hostText, 'cilium-l7-rule').map((f) => f.at), ['rules']);
  assert.ok(rejected(hostText));
  const two = findings(cnp('  endpointSelector: {}\n  egress:\n  - toPorts: [{ports: [{port: "53", protocol: TCP}], rules: {http: [{}], dns: [{matchName: a.b}]}}]\n'), 'cilium-l7-rule');
  assert.deepEqual(two.map((f) => f.message), ['spec.egress[0].toPorts[0].rules: http and dns in one port rule; one L7 protocol per port rule, so Cilium rejects the policy. Use a separate toPorts item per protocol.']);
  const zero = findings(cnp('  endpointSelector: {}\n  ingress:\n  - toPorts: [{ports: [{port: "0", protocol: TCP}], rules: {http: [{}]}}]\n'), 'cilium-l7-rule');
  assert.deepEqual(zero.map((f) => f.at), ['port']);
  const l7 = findings(cnp('  endpointSelector: {}\n  ingress:\n  - toPorts: [{ports: [{port: "9000", protocol: TCP}], rules: {l7: [{a: b}]}}]\n'), 'cilium-l7-rule');
  assert.deepEqual(l7.map((f) => f.at), ['l7']);
});

test('cidrGroupSelector (Cilium 1.17) is one of the three CIDRSet forms, in allow and deny rules, in spec and specs', () => {
  const text = cnp(`  endpointSelector: {}
  ingress: [{fromCIDRSet: [{cidrGroupSelector: {matchLabels: {role: vpn}}}]}]
  ingressDeny: [{fromCIDRSet: [{cidrGroupSelector: {matchExpressions: [{key: zone, operator: In, values: [dmz]}]}}]}]
  egress: [{toCIDRSet: [{cidrGroupRef: internet}, {cidrGroupSelector: {}}]}]
  egressDeny: [{toCIDRSet: [{cidrGroupSelector: {matchLabels: {role: bad}}, except: [1.1.1.1/32]}]}]
`);
  assert.deepEqual(codes(text), []);
  assert.equal(rejected(text), false);
  const specs = `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: p}\nspecs:\n- endpointSelector: {}\n  egress: [{toCIDRSet: [{cidrGroupSelector: {matchLabels: {role: vpn}}}]}]\n`;
  assert.deepEqual(codes(specs), []);
  const both = findings(cnp('  endpointSelector: {}\n  egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, cidrGroupSelector: {matchLabels: {a: b}}}]}]\n'), 'cilium-schema');
  assert.deepEqual(both.map((f) => [f.at, f.message]), [['cidrGroupSelector', 'spec.egress[0].toCIDRSet[0]: must set only one of cidr, cidrGroupRef, cidrGroupSelector, not cidr and cidrGroupSelector; the API server rejects the CiliumNetworkPolicy.']]);
  const none = findings(cnp('  endpointSelector: {}\n  egress: [{toCIDRSet: [{except: [10.0.0.0/8]}]}]\n'), 'cilium-schema');
  assert.deepEqual(none.map((f) => f.message), ['spec.egress[0].toCIDRSet[0]: must set exactly one of cidr, cidrGroupRef, cidrGroupSelector; the API server rejects the CiliumNetworkPolicy.']);
  const op = findings(cnp('  endpointSelector: {}\n  egress: [{toCIDRSet: [{cidrGroupSelector: {matchExpressions: [{key: a, operator: in, values: [b]}]}}]}]\n'), 'cilium-schema');
  assert.equal(op.length, 1, JSON.stringify(op.map((f) => f.message)));
});

test('cilium-cidr-group-selector: before Cilium 1.17 the field is unknown, the entry fails the one-of, the policy is rejected', () => {
  const text = cnp(`  endpointSelector: {}
  ingressDeny: [{fromCIDRSet: [{cidr: 10.0.0.0/8}, {cidrGroupSelector: {matchLabels: {role: bad}}}]}]
  egress:
  - toCIDRSet:
    - cidrGroupRef: internet
    - cidrGroupSelector: {}
      except: [1.1.1.1/32]
`);
  const old = { ...DEFAULT_OPTIONS, ciliumVersion: '1.16' };
  const f = analyzeText('test.yaml', text, old).findings.filter((x) => x.code === 'cilium-cidr-group-selector');
  const rest = ' (netlens.ciliumVersion is 1.16): this release\'s API server refuses the unknown field under strict field validation (kubectl\'s default), and otherwise drops it, leaving the entry without cidr or cidrGroupRef, which the CRD\'s one-of rejects. Name the group with cidrGroupRef, or upgrade.';
  assert.deepEqual(f.map((x) => [text.slice(x.span.start, x.span.end), x.severity, x.message]), [
    ['cidrGroupSelector', 'error', `spec.ingressDeny[0].fromCIDRSet[1]: cidrGroupSelector is new in Cilium 1.17${rest}`],
    ['cidrGroupSelector', 'error', `spec.egress[0].toCIDRSet[1]: cidrGroupSelector is new in Cilium 1.17${rest}`],
  ]);
  assert.equal(text.slice(0, f[1]!.span.start).split('\n').length, 12, 'the second finding is on the block-style entry');
  assert.equal(isRejected(parseFile('file:///c.yaml', text, old).objects[0]!, old), true);
  // From 1.17 (and with the default, 1.18) the same policy is fine; a cidrGroupRef alone never needs 1.17.
  for (const v of ['1.17', '1.18']) assert.deepEqual(analyzeText('test.yaml', text, { ...DEFAULT_OPTIONS, ciliumVersion: v }).findings.filter((x) => x.code === 'cilium-cidr-group-selector'), []);
  assert.deepEqual(findings(text, 'cilium-cidr-group-selector'), []);
  const withCidr = cnp('  endpointSelector: {}\n  egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, cidrGroupSelector: {matchLabels: {a: b}}}]}]\n');
  assert.match(analyzeText('test.yaml', withCidr, old).findings.find((x) => x.code === 'cilium-cidr-group-selector')?.message ?? '', /otherwise drops it and keeps the rest of the entry\. Name the group/);
  const ref = cnp('  endpointSelector: {}\n  egress: [{toCIDRSet: [{cidrGroupRef: internet}]}]\n');
  assert.deepEqual(analyzeText('test.yaml', ref, old).findings.filter((x) => x.code === 'cilium-cidr-group-selector'), []);
});

test('cilium-cidr-group: a group without spec.externalCIDRs, or with an entry that is not a CIDR, is rejected', () => {
  const group = (body: string, api = 'cilium.io/v2alpha1') => `apiVersion: ${api}\nkind: CiliumCIDRGroup\nmetadata:\n  name: office\n${body}`;
  const why = 'the API server rejects the CiliumCIDRGroup, so policies naming it (cidrGroupRef) or selecting it (cidrGroupSelector) match none of its addresses.';
  const bad = group('spec:\n  externalCIDRs:\n  - 192.0.2.0/24\n  - 198.51.100.7\n  - 10.0.0.0/33\n');
  assert.deepEqual(findings(bad, 'cilium-cidr-group').map((f) => [f.at, f.line, f.message]), [
    ['198.51.100.7', 7, `spec.externalCIDRs[1]: "198.51.100.7" is not a CIDR (address/prefix-length, e.g. 192.0.2.0/24); ${why}`],
    ['10.0.0.0/33', 8, `spec.externalCIDRs[2]: "10.0.0.0/33" is not a CIDR (address/prefix-length, e.g. 192.0.2.0/24); ${why}`],
  ]);
  assert.equal(rejected(bad), true);
  assert.deepEqual(findings(group('spec: {}\n', 'cilium.io/v2'), 'cilium-cidr-group').map((f) => [f.at, f.message]), [['spec', `spec.externalCIDRs is required (an empty list is allowed); ${why}`]]);
  assert.deepEqual(findings(group(''), 'cilium-cidr-group').map((f) => [f.at, f.message]), [['kind', `spec.externalCIDRs is required: the group has no spec; ${why}`]]);
  assert.deepEqual(findings(group('spec: {externalCIDRs: 10.0.0.0/8}\n'), 'cilium-cidr-group').map((f) => f.at), ['externalCIDRs']);
  // Fine: an empty list, IPv6, host bits (format cidr is Go's ParseCIDR), another API group's kind of that name.
  assert.deepEqual(codes(group('spec: {externalCIDRs: []}\n')), []);
  assert.deepEqual(codes(group('spec: {externalCIDRs: ["2001:db8::/32", 10.0.0.1/8]}\n')), []);
  assert.deepEqual(findings(group('spec: {}\n', 'example.com/v1'), 'cilium-cidr-group'), []);
});

test('cilium-cidr-group: cilium.io/v2 CiliumCIDRGroup before Cilium 1.18 is not served; v2alpha1 is, and the default (1.18) serves both', () => {
  const text = 'apiVersion: cilium.io/v2\nkind: CiliumCIDRGroup\nmetadata: {name: office}\nspec: {externalCIDRs: [192.0.2.0/24]}\n';
  assert.deepEqual(findings(text, 'cilium-cidr-group'), []);
  const old = { ...DEFAULT_OPTIONS, ciliumVersion: '1.17' };
  const f = analyzeText('test.yaml', text, old).findings.filter((x) => x.code === 'cilium-cidr-group');
  assert.deepEqual(f.map((x) => [text.slice(x.span.start, x.span.end), x.message]), [
    ['cilium.io/v2', 'cilium.io/v2 CiliumCIDRGroup is served from Cilium 1.18 (netlens.ciliumVersion is 1.17): the API server answers "no matches for kind", so policies naming the group match none of its addresses. Use cilium.io/v2alpha1.'],
  ]);
  const alpha = text.replace('cilium.io/v2\n', 'cilium.io/v2alpha1\n');
  assert.deepEqual(analyzeText('test.yaml', alpha, old).findings.filter((x) => x.code === 'cilium-cidr-group'), []);
});
