// Hover on an egress rule to a link-local CIDR on port 53: says the DNS rules count it as DNS through a node-local
// cache (NetworkPolicy ipBlock and Cilium toCIDR), and nothing of the kind for other ports or addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile } from '../../../server/src/core/index.ts';

const NOTE =
  'Port 53 to 169.254.20.10 is DNS through a node-local cache (NodeLocal DNSCache listens on 169.254.20.10 by default, ' +
  "kubespray's on 169.254.25.10, and the kubelet points pods' resolv.conf at it): missing-dns-egress and dns-tcp-blocked count this rule as the pods' DNS.";

function hover(text: string, needle: string): string | undefined {
  const file = parseFile('file:///ws/p.yaml', text, DEFAULT_OPTIONS);
  return hoverAt(file, text.indexOf(needle), buildModel([file], DEFAULT_OPTIONS))?.markdown;
}

const np = (cidr: string, ports: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dns, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: ${cidr}}}]\n${ports}`;

test('NetworkPolicy: an egress rule to 169.254.20.10/32 on 53 says it counts as node-local DNS', () => {
  assert.equal(hover(np('169.254.20.10/32', '    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n'), '- to'), `Allows UDP 53 and TCP 53 to addresses in \`169.254.20.10/32\`.\n\n${NOTE}`);
  assert.equal(hover(np('169.254.20.10/32', ''), '- to'), `Allows all ports and protocols to addresses in \`169.254.20.10/32\`.\n\n${NOTE}`);
});

test('NetworkPolicy: another port, or a non-link-local block on 53, gets no such note', () => {
  assert.equal(hover(np('169.254.20.10/32', '    ports: [{port: 80}]\n'), '- to'), 'Allows TCP 80 to addresses in `169.254.20.10/32`.');
  assert.equal(hover(np('0.0.0.0/0', '    ports: [{port: 53, protocol: UDP}]\n'), '- to'), 'Allows UDP 53 to addresses in `0.0.0.0/0`.');
  // The metadata service, and a custom address without port 53 named, are not taken for a DNS cache.
  assert.equal(hover(np('169.254.169.254/32', ''), '- to'), 'Allows all ports and protocols to addresses in `169.254.169.254/32`.');
  assert.equal(hover(np('169.254.10.10/32', ''), '- to'), 'Allows all ports and protocols to addresses in `169.254.10.10/32`.');
  assert.match(hover(np('169.254.10.10/32', '    ports: [{port: 53, protocol: UDP}]\n'), '- to') ?? '', /^Allows UDP 53 to addresses in `169\.254\.10\.10\/32`\.\n\nPort 53 to 169\.254\.10\.10 is DNS through a node-local cache/);
});

const cnp = (rule: string): string =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: dns, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress:\n${rule}`;

test('Cilium: toCIDR to the cache on 53 says so, and that a Local Redirect Policy needs toEndpoints instead', () => {
  const h = hover(cnp('  - toCIDR: [169.254.20.10/32]\n    toPorts: [{ports: [{port: "53", protocol: ANY}]}]\n'), '- toCIDR');
  assert.equal(
    h,
    `**egress[0]** Allows traffic to addresses in 169.254.20.10/32 (never pods of the cluster) on any protocol 53. ${NOTE} ` +
      "Under Cilium's Local Redirect Policy for the cache the queries reach its pods instead, which CIDR rules never select: allow those with toEndpoints.",
  );
  assert.equal(hover(cnp('  - toCIDR: [169.254.20.10/32]\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]\n'), '- toCIDR'), '**egress[0]** Allows traffic to addresses in 169.254.20.10/32 (never pods of the cluster) on TCP 443.');
});

test('Cilium: a toCIDRSet naming a CiliumCIDRGroup that holds the cache address says so too; a group without it does not', () => {
  const group = (cidrs: string): string => `apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: dns-cache}\nspec:\n  externalCIDRs: [${cidrs}]\n`;
  const rule = '  - toCIDRSet: [{cidrGroupRef: dns-cache}]\n    toPorts: [{ports: [{port: "53", protocol: ANY}]}]\n';
  const at = (g: string): string | undefined => hover(`${cnp(rule)}---\n${group(g)}`, '- toCIDRSet');
  assert.ok(at('10.0.0.0/8, 169.254.20.10/32')?.endsWith(`${NOTE} Under Cilium's Local Redirect Policy for the cache the queries reach its pods instead, which CIDR rules never select: allow those with toEndpoints.`), at('10.0.0.0/8, 169.254.20.10/32'));
  assert.doesNotMatch(at('10.0.0.0/8') ?? '', /node-local/);
  assert.match(at('10.0.0.0/8') ?? '', /^\*\*egress\[0\]\*\* Allows traffic to /);
});
