// Truth tables ported from the Kubernetes netpol e2e suite (test/e2e/network/netpol/network_policy.go) and
// the cyclonus/policy-assistant probe style: every ordered pod pair over namespaces x, y, z and pods a, b, c.
import { test } from 'node:test';
import { assertMatrix, modelWith, np, ns, pod } from './harness.ts';

const join = (...docs: string[]) => docs.join('---\n');

test('no policies: everything reaches everything, on every protocol', () => {
  const m = modelWith('');
  for (const proto of ['TCP', 'UDP', 'SCTP', 'ICMP'] as const) assertMatrix(m, 80, proto, () => true);
});

test("default-deny-ingress in x: nothing reaches x, x still reaches out", () => {
  const m = modelWith(np('deny-ingress', 'podSelector: {}\ningress: []\n'));
  assertMatrix(m, 80, 'TCP', (_f, t) => ns(t) !== 'x');
});

test("default-deny-all (ingress + egress) in x", () => {
  const m = modelWith(np('deny-all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]\n'));
  assertMatrix(m, 80, 'TCP', (f, t) => ns(t) !== 'x' && ns(f) !== 'x');
});

test('x/a allows x/b only (podSelector alone = the policy namespace)', () => {
  const m = modelWith(np('x-a-allows-x-b', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{podSelector: {matchLabels: {pod: b}}}]\n'));
  assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || f === 'x/b');
});

test('deny-all plus allow-all-to-a: policies are additive', () => {
  const m = modelWith(join(np('deny-all', 'podSelector: {}\ningress: []\n'), np('allow-all-to-a', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{podSelector: {}, namespaceSelector: {}}]\n')));
  assertMatrix(m, 80, 'TCP', (_f, t) => ns(t) !== 'x' || t === 'x/a');
});

test('namespaceSelector {} = pods of every namespace', () => {
  const m = modelWith(np('allow-from-another-ns', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{namespaceSelector: {}}]\n'));
  assertMatrix(m, 80, 'TCP', () => true);
});

test('namespaceSelector on kubernetes.io/metadata.name, with matchLabels and with In', () => {
  for (const sel of ['{matchLabels: {kubernetes.io/metadata.name: y}}', '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [y]}]}']) {
    const m = modelWith(np('allow-y', `podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{namespaceSelector: ${sel}}]\n`));
    assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || ns(f) === 'y');
  }
});

test('podSelector with matchExpressions In', () => {
  const m = modelWith(np('x-a-allows-x-b', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{podSelector: {matchExpressions: [{key: pod, operator: In, values: [b]}]}}]\n'));
  assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || f === 'x/b');
});

test('separate peer items are OR: namespace NotIn x, or pod b of x', () => {
  const m = modelWith(np('or', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from:\n      - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}\n      - podSelector: {matchLabels: {pod: b}}\n'));
  assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || ns(f) !== 'x' || f === 'x/b');
});

test('both selectors in one item are AND: namespace NotIn x and pod b', () => {
  const m = modelWith(np('and', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from:\n      - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}\n        podSelector: {matchLabels: {pod: b}}\n'));
  assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || (ns(f) !== 'x' && pod(f) === 'b'));
});

test('multiple pod values in an AND peer: namespace NotIn x and pod In (b, c)', () => {
  const m = modelWith(np('and-in', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from:\n      - namespaceSelector: {matchExpressions: [{key: ns, operator: NotIn, values: [x]}]}\n        podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}\n'));
  assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || (ns(f) !== 'x' && pod(f) !== 'a'));
});

test('NotIn and DoesNotExist match pods without the key; Exists does not', () => {
  const notIn = modelWith(np('notin', 'podSelector: {matchExpressions: [{key: missing, operator: NotIn, values: [v]}]}\ningress: []\n'));
  assertMatrix(notIn, 80, 'TCP', (_f, t) => ns(t) !== 'x');
  const dne = modelWith(np('dne', 'podSelector: {matchExpressions: [{key: missing, operator: DoesNotExist}]}\ningress: []\n'));
  assertMatrix(dne, 80, 'TCP', (_f, t) => ns(t) !== 'x');
  const exists = modelWith(np('exists', 'podSelector: {matchExpressions: [{key: missing, operator: Exists}]}\ningress: []\n'));
  assertMatrix(exists, 80, 'TCP', () => true);
});

test('ingress on a named port: only serve-81-tcp from everywhere', () => {
  const m = modelWith(np('named', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - ports: [{port: serve-81-tcp}]\n'));
  assertMatrix(m, 80, 'TCP', (_f, t) => t !== 'x/a');
  assertMatrix(m, 81, 'TCP', () => true);
  assertMatrix(m, 81, 'UDP', (_f, t) => t !== 'x/a'); // name and protocol must both match
});

test('egress named ports resolve against the destination pod', () => {
  const m = modelWith(np('egress-named', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: serve-80-udp, protocol: UDP}]\n'));
  assertMatrix(m, 80, 'UDP', () => true);
  assertMatrix(m, 81, 'UDP', (f) => f !== 'x/a');
  assertMatrix(m, 80, 'TCP', (f) => f !== 'x/a');
});

test('port ranges with endPort (egress 80-81 TCP)', () => {
  const m = modelWith(np('range', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: 80, endPort: 81, protocol: TCP}]\n'));
  assertMatrix(m, 80, 'TCP', () => true);
  assertMatrix(m, 81, 'TCP', () => true);
  assertMatrix(m, 82, 'TCP', (f) => f !== 'x/a');
  assertMatrix(m, 80, 'SCTP', (f) => f !== 'x/a');
});

test('UDP and SCTP are distinct protocols; a port without protocol is TCP', () => {
  const udp = modelWith(np('udp', 'podSelector: {}\ningress:\n  - ports: [{port: 80, protocol: UDP}]\n'));
  assertMatrix(udp, 80, 'UDP', () => true);
  assertMatrix(udp, 80, 'TCP', (_f, t) => ns(t) !== 'x');
  assertMatrix(udp, 80, 'SCTP', (_f, t) => ns(t) !== 'x');
  const tcp = modelWith(np('tcp', 'podSelector: {}\ningress:\n  - ports: [{port: 81}]\n'));
  assertMatrix(tcp, 81, 'TCP', () => true);
  assertMatrix(tcp, 81, 'UDP', (_f, t) => ns(t) !== 'x');
});

test('an egress-only policy without policyTypes still isolates ingress', () => {
  const m = modelWith(np('egress-only', 'podSelector: {matchLabels: {pod: a}}\negress: [{}]\n'));
  assertMatrix(m, 80, 'TCP', (_f, t) => t !== 'x/a');
});

test('policyTypes: [] defaults like an absent one', () => {
  const m = modelWith(np('empty-types', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: []\ningress:\n  - from: [{podSelector: {matchLabels: {pod: b}}}]\n'));
  assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || f === 'x/b');
});

test('ingress: [{}] allows all; policyTypes [Ingress] with no ingress allows nothing', () => {
  const all = modelWith(np('allow-all', 'podSelector: {}\ningress: [{}]\n'));
  assertMatrix(all, 80, 'TCP', () => true);
  const none = modelWith(np('none', 'podSelector: {}\npolicyTypes: [Ingress]\n'));
  assertMatrix(none, 80, 'TCP', (_f, t) => ns(t) !== 'x');
});

test('egress allow to namespace y only, plus ingress deny in y: both sides are needed', () => {
  const m = modelWith(join(
    np('x-egress-to-y', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {matchLabels: {ns: y}}}]\n'),
    np('y-deny-from-x', 'podSelector: {matchLabels: {pod: b}}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {ns: z}}}]\n', 'y'),
  ));
  assertMatrix(m, 80, 'TCP', (f, t) => (ns(f) !== 'x' || ns(t) === 'y') && (t !== 'y/b' || ns(f) === 'z'));
});

test('ICMP: only rules without ports admit it', () => {
  const noPorts = modelWith(np('l3', 'podSelector: {}\ningress:\n  - from: [{namespaceSelector: {}}]\n'));
  assertMatrix(noPorts, 8, 'ICMP', () => true);
  const withPorts = modelWith(np('l4', 'podSelector: {}\ningress:\n  - from: [{namespaceSelector: {}}]\n    ports: [{protocol: TCP}]\n'));
  assertMatrix(withPorts, 8, 'ICMP', (_f, t) => ns(t) !== 'x');
  assertMatrix(withPorts, 80, 'TCP', () => true);
});

test('two policies on the same pods add up per port: b on 80, c on 81', () => {
  const m = modelWith(join(
    np('b-80', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{podSelector: {matchLabels: {pod: b}}}]\n    ports: [{port: 80}]\n'),
    np('c-81', 'podSelector: {matchLabels: {pod: a}}\ningress:\n  - from: [{podSelector: {matchLabels: {pod: c}}}]\n    ports: [{port: 81}]\n'),
  ));
  assertMatrix(m, 80, 'TCP', (f, t) => t !== 'x/a' || f === 'x/b');
  assertMatrix(m, 81, 'TCP', (f, t) => t !== 'x/a' || f === 'x/c');
});

test('a policy in another namespace never isolates: policies only select pods of their own namespace', () => {
  const m = modelWith(np('deny-in-y', 'podSelector: {}\ningress: []\n', 'y'));
  assertMatrix(m, 80, 'TCP', (_f, t) => ns(t) !== 'y');
});
