// hoverAt: exact Markdown and spans for podSelector, rules (AND/OR, the extra `-`), ipBlock, named ports,
// policyTypes defaulting and field docs, on a small workspace (fixture.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, hoverAt, parseFile, type Span } from '../../../server/src/core/index.ts';
import { offsetOf, WORKLOADS, workspace } from './fixture.ts';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              team: data
        - podSelector:
            matchLabels:
              app: postgres
      ports:
        - port: pg
          protocol: TCP
    - to:
        - ipBlock:
            cidr: 10.0.0.0/8
            except: [10.1.0.0/16, 10.1.2.0/24]
  ingress:
    - from:
        - namespaceSelector: {}
          podSelector: {matchLabels: {app: web}}
      ports:
        - port: http
`;
const { file, model } = workspace(POLICY);
const linkFor = (uri: string, span: Span) => `${uri}#${span.start}`;
const hover = (needle: string, delta = 0, nth = 0) => hoverAt(file, offsetOf(POLICY, needle, delta, nth), model, { linkFor });
const spanOfText = (needle: string, len = needle.length, nth = 0) => ({ start: offsetOf(POLICY, needle, 0, nth), end: offsetOf(POLICY, needle, 0, nth) + len });

test('spec.podSelector: the selected workloads with links, and the isolation from effective policyTypes', () => {
  const h = hover('podSelector', 3)!;
  assert.deepEqual(h.span, spanOfText('podSelector'));
  const apiAt = offsetOf(WORKLOADS, 'name: api') + 6;
  assert.ok(h.markdown.startsWith(`**podSelector** selects 1 workload in \`shop\`: Deployment [\`api\`](file:///ws/apps.yaml#${apiAt}).`), h.markdown);
  assert.ok(h.markdown.includes('Their pods are isolated for ingress and egress'), h.markdown);
  // The field doc follows, after a rule.
  assert.ok(h.markdown.includes('\n\n---\n\n**podSelector** — The pods of this namespace the policy applies to'), h.markdown);
});

test('egress rule item: one sentence, the peers OR-ed, and the missing-dash note', () => {
  const h = hover('- to')!;
  assert.deepEqual(h.span, spanOfText('- to', 1));
  assert.ok(h.markdown.startsWith('Allows TCP port `pg` to any of 2 peers (1 workload in all):\n\n- every pod in namespaces `team=data` (`db`) — 1 workload\n- pods `app=postgres` in namespace `shop` — no workload in the workspace'), h.markdown);
  assert.ok(
    h.markdown.includes('`to[0]` and `to[1]` are separate items (OR): either peer is allowed. Without the `-` before `podSelector` they would be one peer (AND): pods `app=postgres` in namespaces `team=data` (`db`).'),
    h.markdown,
  );
  // Hovering the rule's first key says the same, plus the field doc.
  const k = hover('to:', 0, 0)!;
  assert.ok(k.markdown.startsWith('Allows TCP port `pg` to any of 2 peers'), k.markdown);
  assert.ok(k.markdown.includes('**to** — Destinations allowed'), k.markdown);
});

test('ingress rule with both selectors in one item: AND, with the workload count', () => {
  const h = hover('- from')!;
  assert.equal(
    h.markdown,
    'Allows TCP port `http` from pods `app=web` in every namespace — 1 workload.\n\n`from[0]` sets namespaceSelector and podSelector in one item: one peer, both must match (AND) — pods `app=web` in every namespace.',
  );
});

test('a peer item: what it matches, which workloads, and its OR neighbour', () => {
  const h = hover('- namespaceSelector')!;
  assert.ok(h.markdown.startsWith('**Peer** to every pod in namespaces `team=data` (`db`).\n\nMatches 1 workload: StatefulSet [`db/postgres`]('), h.markdown);
  assert.ok(h.markdown.includes('are separate items (OR)'), h.markdown);
});

test('ipBlock: range, size, class, excepts and what is left', () => {
  const h = hover('10.0.0.0/8', 2)!;
  assert.deepEqual(h.span, spanOfText('10.0.0.0/8'));
  assert.ok(h.markdown.startsWith('**ipBlock** `10.0.0.0/8`: 10.0.0.0 – 10.255.255.255, 16,777,216 addresses; private addresses'), h.markdown);
  assert.ok(h.markdown.includes('`except` removes:\n- `10.1.0.0/16`: 10.1.0.0 – 10.1.255.255, 65,536 addresses\n- `10.1.2.0/24`: 10.1.2.0 – 10.1.2.255, 256 addresses'), h.markdown);
  // The /24 lies inside the /16: it is not removed twice.
  assert.ok(h.markdown.includes('Leaves 16,711,680 addresses.'), h.markdown);
  assert.ok(hover('ipBlock')!.markdown.startsWith('**ipBlock** `10.0.0.0/8`'));
});

test('ipBlock: public, host bits, single address, IPv6 size', () => {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  egress:\n  - to:\n    - ipBlock: {cidr: 8.8.8.8/32}\n    - ipBlock: {cidr: 192.168.1.7/16}\n    - ipBlock: {cidr: '2001:db8::/32'}\n`;
  const w = workspace(text);
  const h = (needle: string) => hoverAt(w.file, offsetOf(text, needle, 1), w.model)!.markdown;
  assert.ok(h('8.8.8.8').startsWith('**ipBlock** `8.8.8.8/32`: 8.8.8.8, 1 address; public internet addresses.'), h('8.8.8.8'));
  assert.ok(!h('8.8.8.8').includes('pod IPs'), h('8.8.8.8'));
  assert.ok(h('192.168').includes('This range may hold pod IPs'), h('192.168'));
  assert.ok(h('192.168').includes('Written with host bits set: it means `192.168.0.0/16`.'), h('192.168'));
  assert.ok(h('2001').startsWith('**ipBlock** `2001:db8::/32`: 2001:db8:: – 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, 2^96 addresses; special-purpose'), h('2001'));
});

test('named port: resolved per destination workload (egress: the peers; ingress: the policy pods)', () => {
  const e = hover('port: pg', 7)!;
  assert.deepEqual(e.span, spanOfText('pg', 2, 0));
  assert.ok(e.markdown.includes("— here the peers' pods.\n\n- StatefulSet [`db/postgres`]("), e.markdown);
  assert.ok(e.markdown.includes('): 5432/TCP'), e.markdown);
  const i = hover('port: http', 7)!;
  assert.ok(i.markdown.includes("— here the policy's pods.\n\n- Deployment [`shop/api`]("), i.markdown);
  assert.ok(i.markdown.includes('): 8080/TCP'), i.markdown);
});

test('named port not declared by a destination says it matches nothing there', () => {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: metrics\n`;
  const w = workspace(text);
  const md = hoverAt(w.file, offsetOf(text, 'metrics', 1), w.model)!.markdown;
  assert.ok(md.includes('- Deployment `shop/api`: 9090/TCP\n- Deployment `shop/web`: not declared — matches nothing there'), md);
});

test('policyTypes absent: hover on spec explains the defaulting (egress rules add Egress, ingress still isolated)', () => {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec:\n  podSelector: {}\n  egress:\n  - {}\n`;
  const w = workspace(text);
  const h = hoverAt(w.file, offsetOf(text, 'spec:', 1), w.model)!;
  assert.deepEqual(h.span, { start: offsetOf(text, 'spec:'), end: offsetOf(text, 'spec:') + 4 });
  assert.ok(
    h.markdown.startsWith('**Effective policyTypes: Ingress and Egress** — `policyTypes` is not set, so the API server defaults it: always Ingress, plus Egress because `egress` has 1 rule.'),
    h.markdown,
  );
  assert.ok(h.markdown.includes('This defaulting also isolates ingress: with no `ingress` rules, all ingress to the selected pods is denied.'), h.markdown);
  // The rule `- {}` allows everything.
  assert.equal(hoverAt(w.file, offsetOf(text, '- {}'), w.model)!.markdown, 'Allows all ports and protocols to anywhere (every pod and every address).');
});

test('policyTypes written: the rules of a missing type have no effect', () => {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec:\n  podSelector: {matchLabels: {tier: nope}}\n  policyTypes: [Egress]\n  ingress:\n  - ports:\n    - port: 80\n`;
  const w = workspace(text);
  const h = hoverAt(w.file, offsetOf(text, 'Egress', 1), w.model)!;
  assert.ok(h.markdown.startsWith('**Effective policyTypes: Egress** (as written).\n\n- Ingress: not a policy type, so the rule in `ingress` has no effect.\n- Egress: the selected pods are isolated; no `egress` rules, so all egress is denied'), h.markdown);
  assert.ok(hoverAt(w.file, offsetOf(text, '- ports'), w.model)!.markdown.endsWith("**No effect:** Ingress is not in this policy's effective policyTypes."));
  assert.ok(hoverAt(w.file, offsetOf(text, 'podSelector', 1), w.model)!.markdown.startsWith('**podSelector** selects pods `tier=nope` in `shop`: no workload in the workspace matches.'));
});

test('other fields: the schema doc with type and allowed values; nothing outside NetworkPolicies', () => {
  const h = hover('protocol', 2)!;
  assert.equal(h.markdown, '**protocol** — TCP, UDP or SCTP (case-sensitive); TCP when omitted.\n\nExpects a string; one of `TCP`, `UDP`, `SCTP`.');
  const cm = workspace('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  assert.equal(hoverAt(cm.file, 20, cm.model), undefined);
  assert.equal(hoverAt(file, POLICY.length + 5, model), undefined);
});

test('inside a selector (a label, matchLabels): the selector hover, the label itself has no field doc', () => {
  const label = hover('app: api', 1)!;
  assert.deepEqual(label.span, spanOfText('app: api', 3));
  assert.ok(label.markdown.startsWith('**podSelector** selects 1 workload in `shop`'), label.markdown);
  assert.ok(!label.markdown.includes('---'), label.markdown);
  const peerLabel = hover('team: data', 1)!;
  assert.ok(peerLabel.markdown.startsWith('**Peer** to every pod in namespaces `team=data` (`db`).'), peerLabel.markdown);
  const ml = hover('matchLabels', 1, 0)!;
  assert.ok(ml.markdown.includes('\n\n---\n\n**matchLabels** — Labels that must be present with exactly these values'), ml.markdown);
});

test('a policy placed in two namespaces by kustomizations says which placement it shows', () => {
  const opts = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n';
  const files = [
    parseFile('file:///k/base/policy.yaml', policy, opts),
    parseFile('file:///k/a/kustomization.yaml', 'namespace: team-a\nresources: [../base]\n', opts),
    parseFile('file:///k/b/kustomization.yaml', 'namespace: team-b\nresources: [../base]\n', opts),
    parseFile('file:///k/base/kustomization.yaml', 'resources: [policy.yaml]\n', opts),
  ];
  const model = buildModel(files, opts);
  const md = hoverAt(files[0]!, offsetOf(policy, 'podSelector'), model)!.markdown;
  assert.ok(md.startsWith('**podSelector** selects every pod in `team-a`: no workload in the workspace matches.'), md);
  assert.ok(md.includes('Kustomizations place this policy in 2 namespaces (`team-a` and `team-b`); shown for `team-a`.'), md);
});

test('a document with a syntax error still gets field docs; List items get the full hover', () => {
  const broken = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [\n';
  const b = workspace(broken);
  assert.equal(
    hoverAt(b.file, offsetOf(broken, 'podSelector', 1), b.model)!.markdown,
    '**podSelector** — The pods of this namespace the policy applies to; `{}` (or omitting it) selects every pod in the namespace.\n\nExpects a map (LabelSelector).',
  );
  const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: p, namespace: db}\n  spec:\n    podSelector: {}\n';
  const l = workspace(list);
  assert.ok(hoverAt(l.file, offsetOf(list, 'podSelector', 1), l.model)!.markdown.startsWith('**podSelector** selects 1 workload in `db`: StatefulSet `postgres`.'));
});

test('the extra-dash trap in the other order: a podSelector item followed by a namespaceSelector item', () => {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: web}}\n    - namespaceSelector: {matchLabels: {team: data}}\n`;
  const w = workspace(text);
  const md = hoverAt(w.file, offsetOf(text, '- from'), w.model)!.markdown;
  assert.ok(
    md.endsWith('`from[0]` and `from[1]` are separate items (OR): either peer is allowed. Without the `-` before `namespaceSelector` they would be one peer (AND): pods `app=web` in namespaces `team=data` (`db`).'),
    md,
  );
});

test('podSelector matching no declared workload: hover names what runs undeclared pods in the namespace', () => {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: plex}}\n  policyTypes: [Ingress]\n`;
  const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: plex, namespace: flux-system}\nspec:\n  targetNamespace: shop\n  chart: {spec: {chart: plex}}\n';
  const files = [parseFile('file:///ws/apps.yaml', WORKLOADS, DEFAULT_OPTIONS), parseFile('file:///ws/hr.yaml', release, DEFAULT_OPTIONS), parseFile('file:///ws/np.yaml', text, DEFAULT_OPTIONS)];
  const model = buildModel(files, DEFAULT_OPTIONS);
  const np = files[2]!;
  const at = offsetOf(text, 'podSelector', 1);
  const md = hoverAt(np, at, model, { workspace: { files: new Map(files.map((f) => [f.uri, f])), options: DEFAULT_OPTIONS } })!.markdown;
  assert.ok(md.startsWith('**podSelector** selects pods `app=plex` in `shop`: no workload in the workspace matches. `HelmRelease flux-system/plex` runs pods in `shop` that the workspace does not declare; it may select those.\n\n'), md);
  // Without the workspace's files (or without such an object), as before.
  assert.ok(hoverAt(np, at, model)!.markdown.startsWith('**podSelector** selects pods `app=plex` in `shop`: no workload in the workspace matches.\n\n'));
  // A kustomization that puts a remote base in the namespace.
  const kust = parseFile('file:///ws/shop/kustomization.yaml', 'namespace: shop\nresources: [https://example.com/install.yaml, ../apps.yaml]\n', DEFAULT_OPTIONS);
  const withKust = [files[0]!, kust, np];
  const km = buildModel(withKust, DEFAULT_OPTIONS);
  const kmd = hoverAt(np, at, km, { workspace: { files: new Map(withKust.map((f) => [f.uri, f])), options: DEFAULT_OPTIONS } })!.markdown;
  assert.ok(kmd.startsWith('**podSelector** selects pods `app=plex` in `shop`: no workload in the workspace matches. `kustomization ws/shop` runs pods in `shop` that the workspace does not declare; it may select those.\n\n'), kmd);
});
