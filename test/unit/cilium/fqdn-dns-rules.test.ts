// toFQDNs against the pod's own DNS rules: Cilium's proxy refuses names its rules.dns do not allow, so the pod
// never learns their addresses; and the pattern overlap NetLens uses to judge a toFQDNs matchPattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, can, cilium, cnp } from './harness.ts';
import { fqdnPatternsOverlap } from '../../../server/src/core/connectivity/entities.ts';

const policy = (dns: string) =>
  cilium(cnp('p', `endpointSelector: {matchLabels: {role: web}}\negress:\n- toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]\n  toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [${dns}]}}]\n- toFQDNs: [{matchName: api.example.com}, {matchPattern: "*.cdn.example.com"}]\n  toPorts: [{ports: [{port: "443", protocol: TCP}]}]`));

test('a name the DNS rules refuse: denied, with the rules and the node-wide cache in the caveat', () => {
  const v = ask(policy('{matchPattern: "*.other.com"}'), 'app/web', 'fqdn:api.example.com', '443/TCP');
  assert.equal(v.allowed, false);
  assert.deepEqual(v.caveats, [
    "app/p egress[1] names api.example.com in toFQDNs, but the DNS rules of app/web (lookups of *.other.com) do not allow looking it up: Cilium's DNS proxy refuses the query, so the pod never learns the name's addresses and the rule allows nothing for it. Only a lookup of the name by another pod on the same node could still open it, since Cilium's FQDN cache is shared by the node's pods; NetLens does not count on that.",
  ]);
});

test('a name the DNS rules allow (matchName, * one label, ** any depth) is allowed by the toFQDNs rule', () => {
  const byName = ask(policy('{matchName: api.example.com}'), 'app/web', 'fqdn:api.example.com', '443/TCP');
  assert.deepEqual([byName.allowed, byName.egress.allowedBy.map((r) => `${r.policy} ${r.section}[${r.ruleIndex}]`), byName.caveats], [true, ['app/p egress[1]'], []]);
  const m = policy('{matchPattern: "*.cdn.example.com"}, {matchPattern: "**.example.com"}');
  assert.equal(can(m, 'app/web', 'fqdn:a.cdn.example.com', '443/TCP'), true);
  const narrow = policy('{matchPattern: "*.example.com"}');
  assert.equal(can(narrow, 'app/web', 'fqdn:a.cdn.example.com', '443/TCP'), false, '* is one label in DNS rules too');
  assert.match(ask(narrow, 'app/web', 'fqdn:a.cdn.example.com', '443/TCP').caveats[0] ?? '', /do not allow looking it up/);
});

test('pattern overlap: * within one label, ** any depth but not the apex, case and trailing dot ignored', () => {
  const cases: [string, string, boolean][] = [
    ['*.other.com', 'api.example.com', false],
    ['*.example.com', '**.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['**.example.com', 'a.b.example.com', true],
    ['**.example.com', 'example.com', false],
    ['api.*.com', '*.example.com', true],
    ['a*b.com', '*c.com', false],
    ['**.x.com', '**.y.com', false],
    ['**.com', '*.*.com', true],
    ['*.com', '*.*.com', false],
    ['Api.Example.COM.', 'api.example.com', true],
    ['*', 'anything.at.all', true],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(fqdnPatternsOverlap(a, b), want, `${a} / ${b}`);
    assert.equal(fqdnPatternsOverlap(b, a), want, `${b} / ${a}`);
  }
});
