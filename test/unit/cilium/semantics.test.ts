// Cilium semantics on the one policy engine: isolation, namespaces, peers, ports, ICMP, L7, deny over allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, can, ccnp, cilium, cnp } from './harness.ts';
import { coverageOf, DEFAULT_OPTIONS } from '../../../server/src/core/index.ts';

test('isolation: a rule with ingress isolates its endpoints; enableDefaultDeny false does not; the other direction stays open', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEndpoints: [{matchLabels: {role: web}}]'));
  assert.equal(can(m, 'app/web', 'app/api', '8080'), true);
  assert.equal(can(m, 'other/api', 'app/api', '8080'), false, 'CNP peers are pinned to the policy namespace');
  assert.equal(can(m, 'app/api', 'other/api', '8080'), true, 'egress is not isolated');
  const open = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\nenableDefaultDeny: {ingress: false}\ningress:\n- fromEndpoints: [{matchLabels: {role: web}}]'));
  assert.equal(can(open, 'other/api', 'app/api', '8080'), true);
});

test('a deny-only rule isolates too, and deny wins over a NetworkPolicy allow on the same endpoint', () => {
  const m = cilium(cnp('d', 'endpointSelector: {matchLabels: {role: api}}\ningressDeny:\n- fromEndpoints: [{matchLabels: {role: web}}]') + '---\n' +
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: app}\nspec:\n  podSelector: {}\n  ingress: [{}]\n');
  const v = ask(m, 'app/web', 'app/api', '8080');
  assert.equal(v.allowed, false);
  assert.deepEqual(v.ingress.deniedBy.map((r) => [r.policy, r.kind, r.section, r.action, r.ruleIndex]), [['app/d', 'CiliumNetworkPolicy', 'ingressDeny', 'deny', 0]]);
  assert.equal(can(m, 'other/api', 'app/api', '8080'), true, 'the NetworkPolicy allows everyone else');
});

test('namespace pinning: k8s:io.kubernetes.pod.namespace (with or without k8s:) reaches another namespace; CCNP peers match every namespace', () => {
  for (const key of ['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace']) {
    const m = cilium(cnp('p', `endpointSelector: {matchLabels: {role: web}}\negress:\n- toEndpoints: [{matchLabels: {"${key}": other, role: api}}]`));
    assert.equal(can(m, 'app/web', 'other/api', '8080'), true, key);
    assert.equal(can(m, 'app/web', 'app/api', '8080'), false, key);
  }
  const c = cilium(ccnp('c', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toEndpoints: [{matchLabels: {role: api}}]'));
  assert.equal(can(c, 'app/web', 'other/api', '8080'), true);
  assert.equal(can(c, 'app/web', '1.1.1.1', '443'), false, 'fromEndpoints never matches world');
  const byLabels = cilium(ccnp('c', 'endpointSelector: {}\ningress:\n- fromEndpoints: [{matchLabels: {"k8s:io.cilium.k8s.namespace.labels.team": blue}}]'));
  assert.equal(can(byLabels, 'app/web', 'other/api', '8080'), true);
  assert.equal(can(byLabels, 'other/api', 'app/web', '8080'), false);
});

test('CNP subjects stay in the policy namespace even when the endpointSelector names another', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {"k8s:io.kubernetes.pod.namespace": other, role: api}}\ningress: [{}]'));
  assert.equal(can(m, 'app/web', 'app/api', '8080'), false);
  assert.equal(can(m, 'app/web', 'other/api', '8080'), true);
});

test('specs: every rule of the list applies; service accounts select through io.cilium.k8s.policy.serviceaccount', () => {
  const body = (edd: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: s, namespace: app}\nspecs:\n- endpointSelector: {matchLabels: {role: api}}\n  ingress: [{fromEndpoints: [{matchLabels: {io.cilium.k8s.policy.serviceaccount: web-sa}}]}]\n- endpointSelector: {matchLabels: {role: web}}\n${edd}  egress: [{toEntities: [world]}]\n`;
  const m = cilium(body(''));
  assert.equal(can(m, 'app/web', 'app/api', '8080'), false, 'web is egress-isolated by the second rule');
  assert.equal(can(m, 'app/web', '1.1.1.1', '443'), true);
  assert.equal(can(m, 'other/api', 'app/api', '8080'), false, 'service account default is not web-sa');
  const open = cilium(body('  enableDefaultDeny: {egress: false}\n'));
  assert.equal(can(open, 'app/web', 'app/api', '8080'), true, 'web-sa is admitted; web is no longer egress-isolated');
});

test('CIDR rules never match cluster endpoints; except carves holes; IPs outside the cluster are world', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]'));
  assert.equal(can(m, 'app/web', '1.1.1.1', '443'), true);
  assert.equal(can(m, 'app/web', '10.1.2.3', '443'), false);
  assert.equal(can(m, 'app/web', 'app/api', '8080'), false);
  assert.equal(can(m, 'app/web', 'entity:world', '443'), false, 'with an except, the block is not the whole world');
});

test('entities: cluster covers pods and the ingress identity, world covers addresses and names, all covers everything', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEntities: [cluster]'));
  assert.equal(can(m, 'other/api', 'app/api', '8080'), true);
  assert.equal(can(m, 'entity:ingress', 'app/api', '8080'), true);
  assert.equal(can(m, '1.1.1.1', 'app/api', '8080'), false);
  const w = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toEntities: [world]'));
  assert.equal(can(w, 'app/web', 'fqdn:example.com', '443'), true);
  assert.equal(can(w, 'app/web', 'app/api', '8080'), false);
});

test('an explicit empty list selects nothing; a rule with only toPorts allows every peer on those ports; - {} allows nothing', () => {
  const empty = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEntities: []'));
  assert.equal(can(empty, 'app/web', 'app/api', '8080'), false);
  const portsOnly = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- toPorts: [{ports: [{port: "8080", protocol: TCP}]}]'));
  assert.equal(can(portsOnly, 'other/api', 'app/api', '8080'), true);
  assert.equal(can(portsOnly, '1.1.1.1', 'app/api', '8080'), true);
  assert.equal(can(portsOnly, 'other/api', 'app/api', '9090'), false);
  const trap = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- {}'));
  assert.equal(can(trap, 'app/web', 'app/api', '8080'), false);
});

test('ports: strings, named ports on the destination, endPort ranges, ANY covers TCP and UDP', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- toPorts: [{ports: [{port: "http"}, {port: "9000", endPort: 9100}]}]'));
  assert.equal(can(m, 'app/api', 'app/web', '8080/TCP'), true, 'named port http, protocol ANY');
  assert.equal(can(m, 'app/api', 'app/web', '9050/UDP'), true);
  assert.equal(can(m, 'app/api', 'app/web', '9101/TCP'), false);
  assert.equal(can(m, 'app/api', 'app/web', '8/ICMP'), false, 'port rules never admit ICMP');
});

// PortProtocol.Sanitize lower-cases a port that is an IANA service name ("Normalize for case insensitive comparison").
test('named ports are compared in lower case, in allow and deny rules, with no unresolved-port caveat', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- toPorts: [{ports: [{port: "HTTP"}]}]'));
  const v = ask(m, 'app/api', 'app/web', '8080/TCP');
  assert.equal(v.allowed, true);
  assert.deepEqual(v.caveats, []);
  assert.deepEqual(v.ingress.allowedBy.map((r) => [r.policy, r.section, r.ruleIndex]), [['app/p', 'ingress', 0]]);
  assert.equal(can(m, 'app/api', 'app/web', '9090/TCP'), false);
  const deny = cilium(cnp('d', 'endpointSelector: {matchLabels: {role: web}}\ningressDeny:\n- toPorts: [{ports: [{port: "Http", protocol: TCP}]}]'));
  assert.deepEqual(ask(deny, 'app/api', 'app/web', '8080/TCP').ingress.deniedBy.map((r) => [r.policy, r.section]), [['app/d', 'ingressDeny']]);
});

test('an endPort below its port is the port alone (Cilium neither rejects it nor reads a range)', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- toPorts: [{ports: [{port: "8080", endPort: 80, protocol: TCP}]}]'));
  assert.equal(can(m, 'app/api', 'app/web', '8080/TCP'), true);
  assert.equal(can(m, 'app/api', 'app/web', '8079/TCP'), false);
  assert.equal(can(m, 'app/api', 'app/web', '80/TCP'), false);
  assert.equal(can(m, 'app/api', 'app/web', '8081/TCP'), false);
});

test('icmps: numbers and names, IPv4 and IPv6', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- icmps: [{fields: [{type: EchoRequest}, {type: 128, family: IPv6}]}]'));
  assert.equal(can(m, 'app/api', 'app/web', '8/ICMP'), true);
  assert.equal(can(m, 'app/api', 'app/web', '0/ICMP'), false);
  assert.equal(can(m, 'app/api', 'app/web', '128/ICMPv6'), true);
  assert.equal(can(m, 'app/api', 'app/web', '8080'), false);
});

test('L7 narrows an allowed port: allowed at L4, the reasons say what the proxy lets through', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET, path: /health}]}}]'));
  const v = ask(m, 'app/web', 'app/api', '8080');
  assert.equal(v.allowed, true);
  assert.deepEqual(v.l7, ['HTTP: GET /health']);
});

// The agent turns the entry into a generated toEndpoints (or toCIDRSet) and adds no port (pkg/policy/k8s/service.go
// processRule; the old rule_translate.go left "TODO: generateToPortsFromEndpoint"): the rule's own ports apply.
test('toServices: the backing pods, on every port (no port comes from the Service)', () => {
  const m = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toServices: [{k8sService: {serviceName: api, namespace: app}}]'));
  assert.equal(can(m, 'app/web', 'app/api', '8080'), true);
  assert.equal(can(m, 'app/web', 'app/api', '9090'), true, 'not only the target port');
  assert.equal(can(m, 'app/web', 'app/api', '53/UDP'), true);
  assert.equal(can(m, 'app/web', 'other/api', '8080'), false);
  const bySel = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toServices: [{k8sServiceSelector: {selector: {matchLabels: {expose: "yes"}}, namespace: app}}]'));
  assert.equal(can(bySel, 'app/web', 'app/api', '8080'), true);
});

test('toFQDNs: matchName and matchPattern (* one label, ** any depth), only with a rules.dns rule', () => {
  const dns = '- toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]\n  toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]';
  const m = cilium(cnp('p', `endpointSelector: {matchLabels: {role: web}}\negress:\n- toFQDNs: [{matchName: api.example.com}, {matchPattern: "*.cdn.example.com"}, {matchPattern: "**.svc.example.org"}]\n${dns}`));
  assert.equal(can(m, 'app/web', 'fqdn:api.example.com', '443'), true);
  assert.equal(can(m, 'app/web', 'fqdn:a.cdn.example.com', '443'), true);
  assert.equal(can(m, 'app/web', 'fqdn:a.b.cdn.example.com', '443'), false, '* is one label');
  assert.equal(can(m, 'app/web', 'fqdn:a.b.svc.example.org', '443'), true, '** is any depth');
  assert.equal(can(m, 'app/web', 'fqdn:other.com', '443'), false);
  assert.equal(can(m, 'app/web', 'kube-system/kube-dns', '53/UDP'), true);
  const noDns = cilium(cnp('p', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toFQDNs: [{matchName: api.example.com}]'));
  const v = ask(noDns, 'app/web', 'fqdn:api.example.com', '443');
  assert.equal(v.allowed, false);
  assert.match(v.caveats.join('\n'), /no egress rule of app\/web sends its DNS through Cilium's proxy/);
});

test('a CCNP without namespace selects pods of every namespace', () => {
  const m = cilium(ccnp('deny-all', 'endpointSelector: {}\ningress: [{}]'));
  assert.equal(can(m, 'app/web', 'other/api', '8080'), false);
  assert.equal(can(m, 'other/api', 'app/web', '8080'), false);
  const v = ask(m, 'app/web', 'other/api', '8080');
  assert.deepEqual(v.ingress.isolatedBy.map((r) => [r.policy, r.kind]), [['deny-all', 'CiliumClusterwideNetworkPolicy']]);
});

test('coverage counts Cilium policies: a namespace under a CNP default-deny (the - {} form) is covered, a CCNP covers every namespace', () => {
  const m = cilium(cnp('deny', 'endpointSelector: {}\ningress:\n- {}\negress:\n- {}'));
  const app = coverageOf(m).namespaces.find((n) => n.namespace === 'app')!;
  assert.deepEqual([app.policies, app.ingressDefaultDeny, app.egressDefaultDeny, app.status], [1, true, true, 'covered']);
  assert.equal(coverageOf(m).namespaces.find((n) => n.namespace === 'other')!.status, 'no policies');
  const wide = cilium(ccnp('deny', 'endpointSelector: {}\ningress: [{}]\negress: [{}]'));
  assert.deepEqual(coverageOf(wide).namespaces.map((n) => [n.namespace, n.status]), [['app', 'covered'], ['other', 'covered']]);
});

test('mutual authentication is not modelled, and the verdict says so: the handshake it depends on (or always fails)', () => {
  const m = cilium(cnp('mtls', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEndpoints: [{matchLabels: {role: web}}]\n  authentication: {mode: required}'));
  const v = ask(m, 'app/web', 'app/api', '8080');
  assert.equal(v.allowed, true);
  assert.ok(v.caveats.includes('app/mtls ingress[0]: authentication mode "required": Cilium lets this traffic through only after a mutual-authentication handshake between the two endpoints succeeds; NetLens assumes it does.'), v.caveats.join('\n'));
  const fail = ask(cilium(cnp('mtls', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEndpoints: [{matchLabels: {role: web}}]\n  authentication: {mode: test-always-fail}')), 'app/web', 'app/api', '8080');
  assert.ok(fail.caveats.some((c) => c.includes('Cilium drops the traffic this rule allows')), fail.caveats.join('\n'));
  // Without authentication there is no such caveat.
  const plain = ask(cilium(cnp('plain', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEndpoints: [{matchLabels: {role: web}}]')), 'app/web', 'app/api', '8080');
  assert.ok(!plain.caveats.some((c) => c.includes('authentication')), plain.caveats.join('\n'));
});

test('a rule whose only L3 part is fromRequires/toRequires allows nothing (requirements grant no access by themselves)', () => {
  const inOnly = cilium(cnp('r', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromRequires: [{matchLabels: {role: web}}]\n  toPorts: [{ports: [{port: "8080"}]}]'));
  assert.equal(can(inOnly, 'app/web', 'app/api', '8080'), false);
  const outOnly = cilium(cnp('r', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toRequires: [{matchLabels: {role: api}}]'));
  assert.equal(can(outOnly, 'app/web', 'app/api', '8080'), false);
  // With fromEndpoints next to it the rule allows its peers that meet the requirement.
  const both = cilium(cnp('r', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEndpoints: [{matchLabels: {role: web}}]\n  fromRequires: [{matchLabels: {role: web}}]'));
  assert.equal(can(both, 'app/web', 'app/api', '8080'), true);
});

// Up to Cilium 1.18, resolveL4IngressPolicy / resolveL4EgressPolicy (pkg/policy rules.go) gather the requirements of
// every rule selecting the endpoint and AND them into each endpoint selector of every rule; removed in 1.19.
const OPEN_TO_APP = cnp('open', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEndpoints: [{}]\n  toPorts: [{ports: [{port: "8080", protocol: TCP}]}]');
const REQUIRE_API = cnp('req', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromRequires: [{matchLabels: {role: api}}]');

test('fromRequires of one policy narrows the fromEndpoints of another selecting the same pods (Cilium up to 1.18)', () => {
  const m = cilium(`${OPEN_TO_APP}---\n${REQUIRE_API}`);
  const v = ask(m, 'app/web', 'app/api', '8080/TCP');
  assert.equal(v.allowed, false);
  assert.ok(v.caveats.includes('app/open ingress[0] would match app/web, but Cilium adds the fromRequires of app/req ingress[0] to every endpoint selector of the allow rules selecting this endpoint, and app/web does not meet them.'), v.caveats.join('\n'));
  assert.equal(can(cilium(OPEN_TO_APP), 'app/web', 'app/api', '8080/TCP'), true, 'without the requirement');
  assert.equal(can(cilium(`${OPEN_TO_APP}---\n${REQUIRE_API}`, { ...DEFAULT_OPTIONS, ciliumVersion: '1.19' }), 'app/web', 'app/api', '8080/TCP'), true, 'removed in 1.19');
});

test('fromRequires narrows NetworkPolicy peers too, but not entities, CIDRs or port-only rules; deny requirements narrow deny rules only', () => {
  const knp = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: app}\nspec:\n  podSelector: {matchLabels: {role: api}}\n  ingress:\n  - from: [{podSelector: {}}]\n';
  assert.equal(can(cilium(`${knp}---\n${REQUIRE_API}`), 'app/web', 'app/api', '8080/TCP'), false);
  const entity = cnp('ent', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- fromEntities: [cluster]');
  assert.equal(can(cilium(`${entity}---\n${REQUIRE_API}`), 'app/web', 'app/api', '8080/TCP'), true);
  const portOnly = cnp('ports', 'endpointSelector: {matchLabels: {role: api}}\ningress:\n- toPorts: [{ports: [{port: "8080", protocol: TCP}]}]');
  assert.equal(can(cilium(`${portOnly}---\n${REQUIRE_API}`), 'app/web', 'app/api', '8080/TCP'), true);
  const denyReq = cnp('dreq', 'endpointSelector: {matchLabels: {role: api}}\ningressDeny:\n- fromRequires: [{matchLabels: {role: api}}]');
  assert.equal(can(cilium(`${OPEN_TO_APP}---\n${denyReq}`), 'app/web', 'app/api', '8080/TCP'), true, 'a deny rule\'s requirement leaves allow rules alone');
  const denyWeb = cnp('dweb', 'endpointSelector: {matchLabels: {role: api}}\ningressDeny:\n- fromEndpoints: [{}]\n  toPorts: [{ports: [{port: "8080", protocol: TCP}]}]');
  assert.equal(can(cilium(`${OPEN_TO_APP}---\n${denyWeb}`), 'app/web', 'app/api', '8080/TCP'), false);
  assert.equal(can(cilium(`${OPEN_TO_APP}---\n${denyWeb}---\n${denyReq}`), 'app/web', 'app/api', '8080/TCP'), true, 'the deny is narrowed to role=api sources');
});

test('a CNP requirement carries the policy\'s namespace: it keeps out pods of other namespaces', () => {
  const fromAll = ccnp('all', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- fromEndpoints: [{matchLabels: {role: api}}]');
  const req = cnp('req', 'endpointSelector: {matchLabels: {role: web}}\ningress:\n- fromRequires: [{matchLabels: {role: api}}]');
  assert.equal(can(cilium(fromAll), 'other/api', 'app/web', '8080/TCP'), true);
  const m = cilium(`${fromAll}---\n${req}`);
  assert.equal(can(m, 'other/api', 'app/web', '8080/TCP'), false);
  assert.equal(can(m, 'app/api', 'app/web', '8080/TCP'), true);
});

test('toRequires narrows toEndpoints of every egress rule of the pods it selects, toServices peers included', () => {
  const out = cnp('out', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toEndpoints: [{}]');
  const req = cnp('req', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toRequires: [{matchLabels: {role: web}}]');
  assert.equal(can(cilium(out), 'app/web', 'app/api', '8080/TCP'), true);
  assert.equal(can(cilium(`${out}---\n${req}`), 'app/web', 'app/api', '8080/TCP'), false);
  // From 1.17 a toServices entry becomes a generated toEndpoints with the Service's selector: narrowed too.
  const svc = cnp('svc', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toServices: [{k8sService: {serviceName: api, namespace: app}}]');
  assert.equal(can(cilium(svc), 'app/web', 'app/api', '8080/TCP'), true);
  assert.equal(can(cilium(`${svc}---\n${req}`), 'app/web', 'app/api', '8080/TCP'), false);
  const keepApi = cnp('req', 'endpointSelector: {matchLabels: {role: web}}\negress:\n- toRequires: [{matchLabels: {role: api}}]');
  assert.equal(can(cilium(`${svc}---\n${keepApi}`), 'app/web', 'app/api', '8080/TCP'), true);
});
