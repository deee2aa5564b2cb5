// Reference codes (unknown-backend, unknown-backend-port, invalid-backend-kind, backend-ref-not-permitted,
// certificate-ref-not-permitted, invalid-certificate-ref, unused-reference-grant) and listener-conflict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wsFindings, type Files } from '../rules/workspace-harness.ts';
import { GATEWAY, NAMESPACES, SECRET, grant, route, service } from './fixtures.ts';

const base: Files = { 'file:///gw.yaml': GATEWAY, 'file:///ns.yaml': NAMESPACES, 'file:///secret.yaml': SECRET, 'file:///svc.yaml': service('apps', 'web') + '---\n' + service('backend', 'api') };
const PARENT = '{name: edge, namespace: infra, sectionName: http}';
const CODES = ['unknown-backend', 'unknown-backend-port', 'invalid-backend-kind', 'backend-ref-not-permitted', 'certificate-ref-not-permitted', 'invalid-certificate-ref', 'unused-reference-grant', 'listener-conflict'];

function seen(extra: Files): [string, string, string, number, string][] {
  const files = { ...base, ...extra };
  return CODES.flatMap((code) => wsFindings(files, code).map((f) => [code, f.uri, f.at, f.line, f.severity] as [string, string, string, number, string]));
}

test('backend-ref-not-permitted: cross-namespace Service without a grant, with a grant one field off', () => {
  const r = route('apps', 'web', PARENT, '{name: api, namespace: backend, port: 80}');
  assert.deepEqual(wsFindings({ ...base, 'file:///r.yaml': r }, 'backend-ref-not-permitted').map((f) => [f.at, f.line, f.message]), [
    ['api', 10, 'HTTPRoute "web" in namespace "apps" refers to Service "api" in namespace "backend", and no ReferenceGrant in "backend" permits it (from HTTPRoute in "apps" to Service "api"): without one the controller reports RefNotPermitted.'],
  ]);
  for (const wrong of [grant('backend', 'HTTPRoute', 'app'), grant('backend', 'GRPCRoute', 'apps'), grant('backend', 'HTTPRoute', 'apps', 'Service', 'other'), grant('apps', 'HTTPRoute', 'apps'), grant('backend', 'HTTPRoute', 'apps', 'Secret')]) {
    assert.deepEqual(seen({ 'file:///r.yaml': r, 'file:///g.yaml': wrong }), [
      ['backend-ref-not-permitted', 'file:///r.yaml', 'api', 10, 'warning'],
      ['unused-reference-grant', 'file:///g.yaml', 'allow', 3, 'information'],
    ], wrong);
  }
});

// Gateway API ReferenceGrant: from.group/to.group must be the kind's API group ("" is core). An entry with another
// group matches no reference; before, the grant was skipped as "not analysed" and nothing was said.
test('unused-reference-grant: an entry whose group is not its kind\'s is a warning at that entry', () => {
  const r = route('apps', 'web', PARENT, '{name: api, namespace: backend, port: 80}');
  const coreFrom = grant('backend', 'HTTPRoute', 'apps').replace('  - group: gateway.networking.k8s.io\n', '  - group: ""\n');
  assert.deepEqual(seen({ 'file:///r.yaml': r, 'file:///g.yaml': coreFrom }), [
    ['backend-ref-not-permitted', 'file:///r.yaml', 'api', 10, 'warning'],
    ['unused-reference-grant', 'file:///g.yaml', '""', 7, 'warning'],
  ]);
  assert.deepEqual(wsFindings({ ...base, 'file:///r.yaml': r, 'file:///g.yaml': coreFrom }, 'unused-reference-grant').map((f) => f.message), [
    'ReferenceGrant "allow" from[0] names kind HTTPRoute in group "", but HTTPRoute belongs to group "gateway.networking.k8s.io": no reference matches this entry, so it permits nothing.',
  ]);
  // `group: core` on the Service end: the core group is the empty string.
  const coreTo = grant('backend', 'HTTPRoute', 'apps').replace('  - group: ""\n', '  - group: core\n');
  assert.deepEqual(wsFindings({ ...base, 'file:///r.yaml': r, 'file:///g.yaml': coreTo }, 'unused-reference-grant').map((f) => [f.at, f.line, f.message]), [
    ['core', 11, 'ReferenceGrant "allow" to[0] names kind Service in group "core", but Service belongs to group "" (the core group is written as an empty string): no reference matches this entry, so it permits nothing.'],
  ]);
  // A used grant with one misgrouped extra entry: that entry is still reported, the grant itself is not unused.
  const extra = grant('backend', 'HTTPRoute', 'apps').replace('  to:\n', '  - group: ""\n    kind: GRPCRoute\n    namespace: apps\n  to:\n');
  assert.deepEqual(seen({ 'file:///r.yaml': r, 'file:///g.yaml': extra }), [['unused-reference-grant', 'file:///g.yaml', '""', 10, 'warning']]);
});

test('backend-ref-not-permitted is information when the workspace holds nothing of the target namespace', () => {
  const r = route('apps', 'web', PARENT, '{name: ext, namespace: elsewhere, port: 80}');
  assert.deepEqual(wsFindings({ ...base, 'file:///r.yaml': r }, 'backend-ref-not-permitted').map((f) => [f.severity, f.message]), [
    ['information', 'HTTPRoute "web" in namespace "apps" refers to Service "ext" in namespace "elsewhere", and the workspace holds no ReferenceGrant (nor the Service) of "elsewhere" (from HTTPRoute in "apps" to Service "ext"): without one the controller reports RefNotPermitted.'],
  ]);
});

test('a matching grant (all Services or this one by name) permits it and is used', () => {
  const r = route('apps', 'web', PARENT, '{name: api, namespace: backend, port: 80}');
  assert.deepEqual(seen({ 'file:///r.yaml': r, 'file:///g.yaml': grant('backend', 'HTTPRoute', 'apps') }), []);
  assert.deepEqual(seen({ 'file:///r.yaml': r, 'file:///g.yaml': grant('backend', 'HTTPRoute', 'apps', 'Service', 'api') }), []);
});

test('unknown-backend (information), unknown-backend-port (on the port), invalid-backend-kind (on the kind)', () => {
  assert.deepEqual(seen({ 'file:///r.yaml': route('apps', 'web', PARENT, '{name: nope, port: 80}') }), [['unknown-backend', 'file:///r.yaml', 'nope', 10, 'information']]);
  assert.deepEqual(wsFindings({ ...base, 'file:///r.yaml': route('apps', 'web', PARENT, '{name: web, port: 8080}') }, 'unknown-backend-port').map((f) => [f.at, f.message]), [
    ['8080', 'Service "apps/web" has no port 8080 (its ports: 80): requests to this backend fail.'],
  ]);
  assert.deepEqual(wsFindings({ ...base, 'file:///r.yaml': route('apps', 'web', PARENT, '{group: apps, kind: Deployment, name: web}') }, 'invalid-backend-kind').map((f) => [f.at, f.message]), [
    ['Deployment', 'HTTPRoute "web" rules[0].backendRefs[0] refers to Deployment.apps, which is not a kind a Gateway can route to (a core Service): the controller reports InvalidKind and requests to this backend fail.'],
  ]);
  // An implementation's own backend kind is not judged.
  assert.deepEqual(seen({ 'file:///r.yaml': route('apps', 'web', PARENT, '{group: gateway.envoyproxy.io, kind: Backend, name: ext}') }), []);
  assert.deepEqual(seen({ 'file:///r.yaml': route('apps', 'web', PARENT, '{group: agentgateway.dev, kind: AgentgatewayBackend, name: llm}') }), []);
  assert.deepEqual(seen({ 'file:///r.yaml': route('apps', 'web', PARENT, '{group: networking.istio.io, kind: Hostname, name: api.example.com, port: 443}') }), []);
  // AWS's controller: ServiceImport written without a group.
  assert.deepEqual(seen({ 'file:///r.yaml': route('apps', 'web', PARENT, '{kind: ServiceImport, name: svc1}') }), []);
});

test('a RequestMirror backendRef is resolved like the others', () => {
  const r = route('apps', 'web', PARENT).replace('  - backendRefs:', '  - filters:\n    - type: RequestMirror\n      requestMirror:\n        backendRef: {name: api, namespace: backend, port: 80}\n    backendRefs:');
  assert.deepEqual(seen({ 'file:///r.yaml': r }), [['backend-ref-not-permitted', 'file:///r.yaml', 'api', 12, 'warning']]);
});

const gw = (listeners: string): string => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g, namespace: infra}\nspec:\n  gatewayClassName: eg\n  listeners:\n${listeners}`;

test('certificate refs: cross-namespace without grant, wrong kind, unusable Secret, Secret not in the workspace', () => {
  const cross = gw('  - name: https\n    protocol: HTTPS\n    port: 443\n    tls:\n      certificateRefs: [{name: c, namespace: certs}]\n');
  // Nothing of "certs" in the workspace: its grants may live elsewhere (information); with the Secret seen, a warning.
  assert.deepEqual(seen({ 'file:///gw.yaml': cross }), [['certificate-ref-not-permitted', 'file:///gw.yaml', '{name: c, namespace: certs}', 10, 'information']]);
  const secretC = 'apiVersion: v1\nkind: Secret\nmetadata: {name: c, namespace: certs}\nstringData: {tls.crt: x, tls.key: y}\n';
  assert.deepEqual(wsFindings({ ...base, 'file:///gw.yaml': cross, 'file:///c.yaml': secretC }, 'certificate-ref-not-permitted').map((f) => [f.severity, f.message]), [
    ['warning', 'Listener "https" uses Secret "c" from namespace "certs", and no ReferenceGrant in "certs" permits Gateways of "infra" to use it: without one the controller reports RefNotPermitted.'],
  ]);
  const granted = `${grant('certs', 'Gateway', 'infra', 'Secret', 'c')}---\napiVersion: v1\nkind: Secret\nmetadata: {name: c, namespace: certs}\nstringData: {tls.crt: x, tls.key: y}\n`;
  assert.deepEqual(wsFindings({ ...base, 'file:///gw.yaml': cross, 'file:///g.yaml': granted }, 'invalid-certificate-ref').map((f) => f.message), [
    'Secret "certs/c" cannot serve listener "https": tls.crt does not hold a PEM certificate (InvalidCertificateRef).',
  ]);
  const kind = gw('  - name: https\n    protocol: HTTPS\n    port: 443\n    tls:\n      certificateRefs: [{kind: ConfigMap, name: c}]\n');
  assert.deepEqual(seen({ 'file:///gw.yaml': kind }), [['invalid-certificate-ref', 'file:///gw.yaml', '{kind: ConfigMap, name: c}', 10, 'warning']]);
  const missing = gw('  - name: https\n    protocol: HTTPS\n    port: 443\n    tls:\n      certificateRefs: [{name: absent}]\n');
  assert.deepEqual(seen({ 'file:///gw.yaml': missing }), [['invalid-certificate-ref', 'file:///gw.yaml', '{name: absent}', 10, 'information']]);
  // A cert-manager Certificate provides its secretName; Passthrough listeners use no certificate.
  const cert = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: absent, namespace: infra}\nspec: {secretName: absent}\n';
  assert.deepEqual(seen({ 'file:///gw.yaml': missing, 'file:///cert.yaml': cert }), []);
});

test('listener-conflict: same port and hostname across HTTPS/TLS, TCP beside HTTP, distinct hostnames are fine', () => {
  // (HTTPS must terminate TLS: a Passthrough HTTPS listener is rejected by the CRD and never stored.)
  const host = gw('  - {name: a, protocol: HTTPS, port: 443, hostname: x.example.com, tls: {certificateRefs: [{name: c}]}}\n  - {name: b, protocol: TLS, port: 443, hostname: x.example.com, tls: {mode: Passthrough}}\n');
  assert.deepEqual(wsFindings({ ...base, 'file:///gw.yaml': host }, 'listener-conflict').map((f) => [f.at, f.message]), [
    ['a', 'Listener "a" shares port 443 and hostname x.example.com with "b" (TLS x.example.com): the controller marks every such listener Conflicted (HostnameConflict) and serves none of them.'],
    ['b', 'Listener "b" shares port 443 and hostname x.example.com with "a" (HTTPS x.example.com): the controller marks every such listener Conflicted (HostnameConflict) and serves none of them.'],
  ]);
  const proto = gw('  - {name: web, protocol: HTTP, port: 8080}\n  - {name: raw, protocol: TCP, port: 8080}\n  - {name: dns, protocol: UDP, port: 8080}\n');
  assert.deepEqual(wsFindings({ ...base, 'file:///gw.yaml': proto }, 'listener-conflict').map((f) => f.message), [
    'Listener "web" shares port 8080 with "raw" (TCP), whose protocol cannot be served on the same port: the controller marks every such listener Conflicted (ProtocolConflict) and serves none of them (a controller that does not support TCP listeners rejects the TCP one alone, and may then accept the others).',
    'Listener "raw" shares port 8080 with "web" (HTTP), whose protocol cannot be served on the same port: the controller marks every such listener Conflicted (ProtocolConflict) and serves none of them (a controller that does not support TCP listeners rejects the TCP one alone, and may then accept the others).',
  ]);
  const fine = gw('  - {name: a, protocol: HTTP, port: 80, hostname: a.example.com}\n  - {name: b, protocol: HTTP, port: 80, hostname: "*.example.com"}\n  - {name: c, protocol: HTTP, port: 80}\n');
  assert.deepEqual(wsFindings({ ...base, 'file:///gw.yaml': fine }, 'listener-conflict'), []);
});
