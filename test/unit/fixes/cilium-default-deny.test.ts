// "Add default-deny CiliumNetworkPolicy for namespace X" in a CNP: the explicit `none`-entity form, as a new
// document or file, comments and line endings kept; applied and re-analysed, the namespace is isolated per reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeWorkspace, codeActionsAt, DEFAULT_OPTIONS, optionsFromRaw, parseFile, parsePortSpec, reach, resolveEndpoint, type CodeActionItem, type Options,
} from '../../../server/src/core/index.ts';
import { applyEdits, deployment } from '../rules/workspace-harness.ts';

const URI = 'file:///w/cilium/web.yaml';
const APPS = deployment('shop', 'web', { app: 'web' }, ['http:8080']) + '---\n' + deployment('shop', 'api', { app: 'api' }, ['http:8080']);
const WEB = `# who may call web
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: web
  ingress:
  - fromEndpoints:
    - matchLabels:
        app: api
    toPorts:
    - ports:
      - port: "8080" # http
        protocol: TCP
`;
const NEW_DOC =
  '---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  endpointSelector: {}\n' +
  '  ingress:\n  - fromEntities:\n    - none\n  egress:\n  - toEntities:\n    - none\n';

function workspace(files: Record<string, string>, options: Options = DEFAULT_OPTIONS) {
  const parsed = [parseFile('file:///w/apps.yaml', APPS, options), ...Object.entries(files).map(([u, t]) => parseFile(u, t, options))];
  return { parsed, ...analyzeWorkspace(parsed, options) };
}

function actionsAt(text: string, marker: string, options: Options = DEFAULT_OPTIONS, extra: Record<string, string> = {}): CodeActionItem[] {
  const { parsed, model } = workspace({ [URI]: text, ...extra }, options);
  const at = text.indexOf(marker);
  assert.ok(at >= 0, marker);
  return codeActionsAt(parsed[1]!, { start: at, end: at }, model, options, { uriExists: (u) => u in extra });
}

function can(files: Record<string, string>, from: string, to: string, port = '8080'): boolean {
  const { model } = workspace(files);
  const f = resolveEndpoint(model, from);
  const t = resolveEndpoint(model, to);
  const p = parsePortSpec(port);
  if (!f.ok || !t.ok || 'error' in p) throw new Error('bad query');
  return reach(model, { from: f.endpoint, to: t.endpoint, port: p.port, protocol: p.protocol }).allowed;
}

const codes = (files: Record<string, string>): Record<string, string[]> => {
  const r = workspace(files);
  return Object.fromEntries(Object.keys(files).map((u) => [u, (r.findings.get(u) ?? []).map((f) => f.code)]));
};

test('in a CNP whose namespace is not default-deny: one action, a new document with the explicit none-entity rules', () => {
  const acts = actionsAt(WEB, 'endpointSelector');
  assert.deepEqual(acts.map((a) => [a.title, a.kind, a.uri]), [['Add default-deny CiliumNetworkPolicy for namespace shop', 'quickfix', undefined]]);
  assert.equal(applyEdits(WEB, acts[0]!), WEB + NEW_DOC);
});

test('applied and re-analysed: no empty-rule warning (only the DNS egress it now blocks), and every pod of shop is isolated both ways', () => {
  const out = applyEdits(WEB, actionsAt(WEB, 'kind:')[0]!);
  assert.deepEqual(codes({ [URI]: out })[URI], ['missing-dns-egress']); // the new default-deny blocks DNS: said, as it should be
  assert.equal(can({ [URI]: WEB }, 'shop/web', 'shop/api'), true, 'before: api is not selected by any policy');
  assert.equal(can({ [URI]: out }, 'shop/web', 'shop/api'), false, 'after: api ingress is default-deny');
  assert.equal(can({ [URI]: out }, 'shop/api', 'shop/web'), false, 'after: api egress is default-deny too');
  assert.equal(can({ [URI]: out }, 'shop/api', '1.1.1.1', '443'), false);
  // Every action is gone once the namespace is default-deny.
  assert.deepEqual(actionsAt(out, 'name: web'), []);
});

test('CRLF and a file without a final line break keep their style', () => {
  const crlf = WEB.replace(/\n/g, '\r\n');
  assert.equal(applyEdits(crlf, actionsAt(crlf, 'endpointSelector')[0]!), crlf + NEW_DOC.replace(/\n/g, '\r\n'));
  const bare = WEB.slice(0, -1);
  assert.equal(applyEdits(bare, actionsAt(bare, 'endpointSelector')[0]!), `${bare}\n${NEW_DOC}`);
});

test('only the missing direction, under a free name; a NetworkPolicy or CCNP default-deny of the namespace counts', () => {
  const ingressOnly = `${WEB}---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEntities: [none]}]\n`;
  const acts = actionsAt(ingressOnly, 'endpointSelector');
  assert.deepEqual(acts.map((a) => a.title), ['Add default-deny Egress CiliumNetworkPolicy for namespace shop']);
  assert.ok(applyEdits(ingressOnly, acts[0]!).endsWith('---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: default-deny-2\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toEntities:\n    - none\n'));
  const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dd, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n';
  assert.deepEqual(actionsAt(WEB, 'endpointSelector', DEFAULT_OPTIONS, { 'file:///w/np.yaml': np }), []);
  const ccnp = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: dd}\nspec:\n  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: shop}}\n  ingress: [{fromEntities: [none]}]\n  egress: [{toEntities: [none]}]\n';
  assert.deepEqual(actionsAt(WEB, 'endpointSelector', DEFAULT_OPTIONS, { 'file:///w/ccnp.yaml': ccnp }), []);
  // A CCNP for another namespace, or one selecting only some pods, does not.
  assert.equal(actionsAt(WEB, 'endpointSelector', DEFAULT_OPTIONS, { 'file:///w/ccnp.yaml': ccnp.replace(': shop}', ': shop, app: web}') }).length, 1);
});

test('as a new file next to the current one (netlens.quickFix.defaultDenyTarget: newFile)', () => {
  const options = optionsFromRaw({ quickFix: { defaultDenyTarget: 'newFile' } });
  const [dd] = actionsAt(WEB, 'endpointSelector', options, { 'file:///w/cilium/default-deny-cilium-shop.yaml': '# taken\n' });
  assert.equal(dd!.title, 'Add default-deny CiliumNetworkPolicy for namespace shop (new file default-deny-cilium-shop-2.yaml)');
  assert.equal(dd!.uri, 'file:///w/cilium/default-deny-cilium-shop-2.yaml');
  assert.equal(dd!.createFile, true);
  assert.equal(applyEdits('', dd!), NEW_DOC.slice(4));
});

test('the NetworkPolicy "Add default-deny" is not offered where a CNP already isolates the whole namespace (isolation combines)', () => {
  const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress: [{}]\n';
  const npUri = 'file:///w/np.yaml';
  const titles = (extra: Record<string, string>) => {
    const { parsed, model } = workspace({ [npUri]: np, ...extra });
    return codeActionsAt(parsed[1]!, { start: np.indexOf('podSelector'), end: np.indexOf('podSelector') }, model, DEFAULT_OPTIONS).map((a) => a.title);
  };
  assert.deepEqual(titles({}), ['Add default-deny policy for namespace shop']);
  const dd = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: dd, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEntities: [none]}]\n`;
  assert.deepEqual(titles({ [URI]: dd }), ['Add default-deny Egress policy for namespace shop']);
  assert.deepEqual(titles({ [URI]: `${dd}  egress: [{toEntities: [none]}]\n` }), []);
});

const DNS_CCNP = `# DNS for every pod
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: allow-dns
spec:
  endpointSelector: {}
  egress:
  - toEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: kube-system
        k8s-app: kube-dns
    toPorts:
    - ports:
      - port: "53"
        protocol: ANY
      rules:
        dns:
        - matchPattern: "*"
`;
const CLUSTER_DOC =
  '---\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  endpointSelector:\n    matchExpressions:\n' +
  '    - key: io.kubernetes.pod.namespace\n      operator: Exists\n    - key: io.kubernetes.pod.namespace\n      operator: NotIn\n      values:\n      - kube-system\n' +
  '  ingress:\n  - fromEntities:\n    - none\n  egress:\n  - toEntities:\n    - none\n';

test('in a CCNP: one cluster-wide default-deny for every pod outside kube-system, for the directions still open', () => {
  const acts = actionsAt(DNS_CCNP, 'endpointSelector');
  // The DNS CCNP isolates every pod for egress but allows DNS: not a default-deny, so both directions are offered.
  assert.deepEqual(acts.map((a) => [a.title, a.kind]), [['Add default-deny CiliumClusterwideNetworkPolicy for every namespace but kube-system', 'quickfix']]);
  const out = applyEdits(DNS_CCNP, acts[0]!);
  assert.equal(out, DNS_CCNP + CLUSTER_DOC);
  assert.deepEqual(codes({ [URI]: out })[URI], []);
  assert.equal(can({ [URI]: DNS_CCNP }, '1.1.1.1', 'shop/api'), true, 'before: ingress is open (the DNS CCNP isolates egress only)');
  assert.equal(can({ [URI]: out }, '1.1.1.1', 'shop/api'), false, 'api ingress is default-deny now');
  assert.equal(can({ [URI]: out }, 'shop/web', 'kube-system/kube-dns', '53/UDP'), true, 'kube-system is left alone; DNS still allowed (allows add up)');
  assert.deepEqual(actionsAt(out, 'name: allow-dns'), []);
  // The namespace is isolated whole: a CNP there is offered nothing either.
  assert.deepEqual(actionsAt(WEB, 'endpointSelector', DEFAULT_OPTIONS, { 'file:///w/ccnp.yaml': out }), []);
});

test('the cluster-wide default-deny as a new file; no action when every namespace is isolated already', () => {
  const options = optionsFromRaw({ quickFix: { defaultDenyTarget: 'newFile' } });
  const isolated = `${DNS_CCNP}---\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: dd}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEntities: [none]}]\n  egress: [{toEntities: [none]}]\n`;
  assert.deepEqual(actionsAt(isolated, 'name: allow-dns', options), []);
  const [dd] = actionsAt(DNS_CCNP, 'endpointSelector', options);
  assert.equal(dd!.title, 'Add default-deny CiliumClusterwideNetworkPolicy for every namespace but kube-system (new file default-deny-cluster.yaml)');
  assert.equal(dd!.uri, 'file:///w/cilium/default-deny-cluster.yaml');
  assert.equal(applyEdits('', dd!), CLUSTER_DOC.slice(4));
});

test('the requireDefaultDeny convention offers the CNP form in a namespace governed by Cilium; applied, the convention is met', () => {
  const options = optionsFromRaw({ conventions: { requireDefaultDeny: 'both' } });
  const { parsed, findings } = workspace({ [URI]: WEB }, options);
  const f = (findings.get(URI) ?? []).filter((x) => x.code === 'missing-default-deny');
  assert.deepEqual(
    f.map((x) => [WEB.slice(x.span.start, x.span.end), x.message]),
    [['web', 'Namespace shop has workloads but no default-deny policy for ingress and egress, which the team convention requires (netlens.conventions.requireDefaultDeny: "both"). ' +
      'Add a CiliumNetworkPolicy selecting every pod (endpointSelector: {}) with ingress [{fromEntities: [none]}] and egress [{toEntities: [none]}]. (reported on the namespace\'s first policy)']],
  );
  assert.equal(parsed.length, 2);
  const fix = f[0]!.fixes![0]!;
  assert.equal(fix.title, 'Add default-deny CiliumNetworkPolicy for namespace shop');
  const out = applyEdits(WEB, fix);
  assert.equal(out, WEB + NEW_DOC);
  const after = workspace({ [URI]: out }, options).findings.get(URI) ?? [];
  assert.deepEqual(after.filter((x) => x.code === 'missing-default-deny'), []);
});
