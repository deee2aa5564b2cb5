// The DNS rules after an edit of policies only (core/rejudge.ts carriedVerdicts, rules/ws-dns.ts): a pod's egress
// verdict reads the policies selecting it, so the verdicts of pods no policy of the edited documents selects (before
// or after the edit; stand-in pods too, other files too) are the previous analysis's, their rules' places moved, and
// the others are computed again; the findings equal a from-scratch analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsEgress, egressIsolatingPolicies } from '../../../server/src/core/rules/ws-dns.ts';
import { dnsEgressMemo, dnsVerdictsCarried } from '../../../server/src/core/rules/ws-dns-memo.ts';
import { dnsWorkloads } from '../../../server/src/core/rules/ws-policy.ts';
import { analyzeWorkspaceSteps, createWorkspaceCache, finish, analyzeWorkspace, fingerprint, parseFile, reparseFile, WORKSPACE_RULES, type Finding, type ParsedFile, type WorkspaceAnalysis } from '../../../server/src/core/index.ts';
import { apply } from './edits.ts';
import { opts, sequence } from './rejudge-seq.ts';
import { multiDocFile } from '../../fixtures/generate.ts';
import { movedRecord, neutralEdit } from '../../../server/src/lsp/remap.ts';

const deploy = (name: string, ns = 'shop'): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers: [{name: c, image: c}]\n`;
/** Isolates `app` for egress and lets it reach nothing but 443: its pods cannot resolve names. */
const isolate = (name: string, app: string, ns = 'shop'): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Egress]\n  egress:\n    - ports: [{port: 443}]\n`;
/** Lets `app` reach the cluster DNS on 53 (UDP only: dns-tcp-blocked reports at this rule). */
const allowDns = (name: string, app: string, ns = 'shop', udpOnly = false): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}\n      ports: [{port: 53, protocol: UDP}${udpOnly ? '' : ', {port: 53, protocol: TCP}'}]\n`;
const dnsPod = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: kube-dns, namespace: kube-system}\nspec:\n  selector: {matchLabels: {k8s-app: kube-dns}}\n  template:\n    metadata:\n      labels:\n        k8s-app: kube-dns\n    spec:\n      containers: [{name: c, image: c}]\n';

/** One edit of `file` replacing `from` (the first occurrence after `after`) with `to`: the reusing and the full analysis. */
function edited(file: ParsedFile, others: ParsedFile[], after: string, from: string, to: string): { first: WorkspaceAnalysis; got: WorkspaceAnalysis; want: WorkspaceAnalysis; carried: number } {
  const scope = new Set([file.uri, ...others.map((f) => f.uri)]);
  const all = (f: ParsedFile): ParsedFile[] => [...others, f];
  const first = analyzeWorkspace(all(file), opts, undefined, WORKSPACE_RULES, scope);
  fingerprint(file, opts);
  const at = file.text.indexOf(from, file.text.indexOf(after));
  assert.ok(at !== -1 && file.text.indexOf(after) !== -1, `${from} after ${after}`);
  const next = reparseFile(file, file.uri, apply(file.text, { start: at, end: at + from.length, text: to }), opts);
  const before = dnsVerdictsCarried();
  const got = analyzeWorkspace(all(next), opts, undefined, WORKSPACE_RULES, scope, first.rules);
  const carried = dnsVerdictsCarried() - before;
  return { first, got, want: analyzeWorkspace(all(next), opts, undefined, WORKSPACE_RULES, scope), carried };
}

/** Six isolated pods let reach DNS on UDP only (dns-tcp-blocked reports at their rules, whose places carried verdicts cite). */
const UDP_PODS = Array.from({ length: 6 }, (_, i) => `${deploy(`u-${i}`)}---\n${isolate(`iso-u-${i}`, `u-${i}`)}---\n${deploy(`gap-u-${i}`)}---\n${allowDns(`dns-u-${i}`, `u-${i}`, 'shop', true)}`).join('---\n');

/** Every egress-isolated pod's memoised DNS verdicts (carried or not) equal verdicts computed afresh on the model. */
function sameAsFresh(a: WorkspaceAnalysis): { pods: ReturnType<typeof dnsWorkloads>; memo: ReturnType<typeof dnsEgressMemo> } {
  const dnsPods = dnsWorkloads(a.model, opts);
  const memo = dnsEgressMemo(a.model, dnsPods);
  const pods = [...new Set(egressIsolatingPolicies(a.model, dnsPods).flatMap((pp) => pp.pods))];
  for (const w of pods) for (const protocol of ['UDP', 'TCP'] as const) assert.deepEqual(memo(w, protocol), dnsEgress(a.model, w, dnsPods, protocol), `${w.id} ${protocol}`);
  return { pods, memo };
}

const dns = (a: WorkspaceAnalysis): string[] =>
  [...a.findings.values()].flat().filter((f: Finding) => f.code === 'missing-dns-egress').map((f) => `${f.uri.replace('file:///', '')}:${f.span.start} ${f.message.slice(0, 60)}`);

// Many policies around the ones that matter: their pods' verdicts are carried over, the shared ones computed again.
const filler = Array.from({ length: 12 }, (_, i) => `${deploy(`fill-${i}`)}---\n${isolate(`fill-${i}`, `fill-${i}`)}`).join('---\n');

test("a policy now selecting another policy's pods lets them reach DNS: that policy's finding goes", () => {
  const text = [dnsPod, deploy('a'), isolate('deny-a', 'a'), filler, deploy('between'), allowDns('dns-x', 'x')].join('---\n');
  const file = parseFile('file:///w/all.yaml', text, opts);
  const { first, got, want, carried } = edited(file, [], 'name: dns-x', '      app: x', '      app: a');
  assert.deepEqual([...got.findings], [...want.findings]);
  // The twelve fillers' pods are carried over; deny-a's is computed again.
  assert.equal(carried, 12);
  // Not vacuous: deny-a's finding went, the fillers' stayed.
  assert.equal(dns(first).length, 13);
  assert.equal(dns(want).length, 12);
});

test('a policy that let pods reach DNS now selects others: the policy isolating those pods has a finding again', () => {
  const text = [dnsPod, deploy('a'), isolate('deny-a', 'a'), filler, deploy('between'), allowDns('dns-a', 'a')].join('---\n');
  const file = parseFile('file:///w/all.yaml', text, opts);
  const { first, got, want, carried } = edited(file, [], 'name: dns-a', '      app: a', '      app: x');
  assert.deepEqual([...got.findings], [...want.findings]);
  assert.equal(carried, 12);
  assert.equal(dns(first).length, 12);
  assert.equal(dns(want).length, 13);
});

test("a stand-in pod (a policy selecting no workload) shares the edited policy's labels: judged again", () => {
  const text = [dnsPod, isolate('deny-ghost', 'ghost'), filler, deploy('between'), allowDns('dns-x', 'x')].join('---\n');
  const file = parseFile('file:///w/all.yaml', text, opts);
  const { first, got, want, carried } = edited(file, [], 'name: dns-x', '      app: x', '      app: ghost');
  assert.deepEqual([...got.findings], [...want.findings]);
  assert.equal(carried, 12);
  assert.equal(dns(first).length, 13);
  assert.equal(dns(want).length, 12);
});

test('the policy sharing the pods lies in another file: its finding there is judged again', () => {
  const other = parseFile('file:///w/other.yaml', [deploy('a'), isolate('deny-a', 'a')].join('---\n'), opts);
  const text = [dnsPod, filler, deploy('between'), allowDns('dns-x', 'x')].join('---\n');
  const file = parseFile('file:///w/all.yaml', text, opts);
  const { first, got, want, carried } = edited(file, [other], 'name: dns-x', '      app: x', '      app: a');
  assert.deepEqual([...got.findings], [...want.findings]);
  assert.equal(carried, 12);
  assert.deepEqual(dns(first).filter((f) => f.startsWith('w/other.yaml')).length, 1);
  assert.deepEqual(dns(want).filter((f) => f.startsWith('w/other.yaml')).length, 0);
});

test('a namespace-wide policy of another namespace edited into this one: judged with the pods it reaches', () => {
  const text = [dnsPod, deploy('a'), isolate('deny-a', 'a'), filler, deploy('between'), allowDns('dns-x', 'x', 'other')].join('---\n');
  const file = parseFile('file:///w/all.yaml', text, opts);
  // The namespace changes: a policy identity change (judged whole), still equal.
  const moved = edited(file, [], 'name: dns-x', 'namespace: other', 'namespace: shop');
  assert.deepEqual([...moved.got.findings], [...moved.want.findings]);
  // An empty podSelector in its own namespace: every pod of `other` (none) -> nothing shared in shop.
  const { got, want } = edited(file, [], 'name: dns-x', '    matchLabels:\n      app: x', '    matchLabels: {}');
  assert.deepEqual([...got.findings], [...want.findings]);
  assert.equal(dns(want).length, 13);
});

test("an ipBlock rule of the edited policy no longer selecting a pod: that pod's verdict (caveat only, no rule cited) is computed again", () => {
  const maybe = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: maybe-a, namespace: shop}\nspec:\n  podSelector:\n    matchLabels:\n      app: a\n  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n      ports: [{port: 53, protocol: UDP}]\n`;
  const text = [dnsPod, deploy('a'), isolate('deny-a', 'a'), filler, deploy('between'), maybe].join('---\n');
  const file = parseFile('file:///w/all.yaml', text, opts);
  const { first, got, want, carried } = edited(file, [], 'name: maybe-a', '      app: a', '      app: x');
  assert.deepEqual([...got.findings], [...want.findings]);
  assert.equal(carried, 12);
  // Not vacuous: the finding's wording changed with the caveat.
  const said = (a: WorkspaceAnalysis): boolean => [...a.findings.values()].flat().some((f) => f.code === 'missing-dns-egress' && f.message.includes('isolates a (namespace shop)') && f.message.includes('Only an ipBlock rule'));
  assert.equal(said(first), true);
  assert.equal(said(want), false);
});

test('carried verdicts equal verdicts computed afresh, the places of the rules they cite moved', () => {
  const text = [dnsPod, deploy('a'), isolate('deny-a', 'a'), deploy('between'), allowDns('dns-x', 'x'), UDP_PODS].join('---\n');
  const file = parseFile('file:///w/all.yaml', text, opts);
  // The edited policy grows by three characters: every later rule's place moves. It selects no pod: all are carried.
  const { got, carried } = edited(file, [], 'name: dns-x', '      app: x', '      app: xyzw');
  assert.equal(carried, 7);
  const { pods, memo } = sameAsFresh(got);
  // a, the six u-* pods (carried) and the stand-in of dns-x (computed).
  assert.equal(pods.length, 8);
  assert.ok(pods.some((w) => memo(w, 'UDP').by.some((r) => (r.span?.start ?? 0) > text.indexOf('dns-x'))), 'a carried verdict cites a moved rule');
});

test('seeded policy, label, Service and random edits among DNS findings: analyses carrying verdicts equal full ones', () => {
  // Beside each generated Deployment, a policy isolating its pods; beside every other one, a policy letting them
  // reach DNS (edits of either change the other's finding), on UDP only for every fourth (dns-tcp-blocked reports at
  // that rule, whose place a carried verdict cites).
  const docs = multiDocFile(900, 5).split('---\n');
  const out: string[] = [dnsPod];
  for (const [i, d] of docs.entries()) {
    out.push(d);
    const app = /\n {8}app: (\S+)/.exec(d)?.[1];
    const ns = /\n {2}namespace: (\S+)/.exec(d)?.[1];
    if (!app || !ns || !d.includes('kind: Deployment')) continue;
    out.push(isolate(`iso-${i}`, app, ns));
    if (i % 2 === 0) out.push(deploy(`gap-${i}`, ns), allowDns(`dns-${i}`, app, ns, i % 4 === 0));
  }
  const big = out.join('---\n');
  const before = dnsVerdictsCarried();
  for (let seed = 720; seed < 724; seed++) sequence('file:///gen/dns.yaml', big, [], seed, 25);
  assert.ok(dnsVerdictsCarried() - before > 100, `verdicts carried: ${dnsVerdictsCarried() - before}`);
  const all = analyzeWorkspace([parseFile('file:///gen/dns.yaml', big, opts)], opts);
  // Ten Deployments, each isolated; half of them let reach DNS by another policy, some on UDP only.
  assert.equal(dns(all).length, 5, 'the file has DNS findings to keep or drop');
  assert.ok([...all.findings.values()].flat().some((f) => f.code === 'dns-tcp-blocked'));
});

test('after a neutral edit (its record moved, lsp/remap.ts), a policy edit still carries verdicts, moved over both edits', () => {
  const text = [dnsPod, deploy('a'), isolate('deny-a', 'a'), deploy('between'), allowDns('dns-x', 'x'), UDP_PODS].join('---\n');
  const uri = 'file:///w/all.yaml';
  const scope = new Set([uri]);
  const file = parseFile(uri, text, opts);
  const first = analyzeWorkspace([file], opts, undefined, WORKSPACE_RULES, scope);
  // A comment grows the first document: nothing the workspace reads changes, every later offset moves.
  fingerprint(file, opts);
  const at = text.indexOf('\n---');
  const neutral = reparseFile(file, uri, apply(text, { start: at, end: at, text: '\n# a note' }), opts);
  const region = neutralEdit(file, neutral, opts, undefined);
  assert.ok(region, 'a neutral edit');
  const moved = movedRecord(first.rules, region, [neutral]);
  assert.ok(moved);
  fingerprint(neutral, opts);
  const at2 = neutral.text.indexOf('      app: x', neutral.text.indexOf('name: dns-x'));
  const next = reparseFile(neutral, uri, apply(neutral.text, { start: at2, end: at2 + 12, text: '      app: xyzw' }), opts);
  const before = dnsVerdictsCarried();
  const got = analyzeWorkspace([next], opts, undefined, WORKSPACE_RULES, scope, moved);
  assert.equal(dnsVerdictsCarried() - before, 7);
  assert.deepEqual([...got.findings], [...analyzeWorkspace([next], opts, undefined, WORKSPACE_RULES, scope).findings]);
  sameAsFresh(got);
});

test('a kept model stays at most 64 edits behind: after 10 neutral edits verdicts carry, after 70 they are computed anew', () => {
  const text = [dnsPod, deploy('a'), isolate('deny-a', 'a'), deploy('between'), allowDns('dns-x', 'x'), UDP_PODS].join('---\n');
  const uri = 'file:///w/all.yaml';
  const scope = new Set([uri]);
  const policyEditAfter = (neutralEdits: number): { carried: number; got: WorkspaceAnalysis; next: ParsedFile } => {
    let file = parseFile(uri, text, opts);
    let record = analyzeWorkspace([file], opts, undefined, WORKSPACE_RULES, scope).rules;
    for (let i = 0; i < neutralEdits; i++) {
      // A comment line more before the first separator each time: every later offset moves.
      fingerprint(file, opts);
      const at = file.text.indexOf('\n---');
      const neutral = reparseFile(file, uri, apply(file.text, { start: at, end: at, text: `\n# note ${i}` }), opts);
      const region = neutralEdit(file, neutral, opts, undefined);
      assert.ok(region && record, `neutral edit ${i}`);
      record = movedRecord(record, region, [neutral]);
      file = neutral;
    }
    fingerprint(file, opts);
    const at2 = file.text.indexOf('      app: x', file.text.indexOf('name: dns-x'));
    const next = reparseFile(file, uri, apply(file.text, { start: at2, end: at2 + 12, text: '      app: xyzw' }), opts);
    const before = dnsVerdictsCarried();
    const got = analyzeWorkspace([next], opts, undefined, WORKSPACE_RULES, scope, record);
    return { carried: dnsVerdictsCarried() - before, got, next };
  };
  for (const [edits, carried] of [[10, 7], [70, 0]] as const) {
    const r = policyEditAfter(edits);
    assert.equal(r.carried, carried, `${edits} edits`);
    assert.deepEqual([...r.got.findings], [...analyzeWorkspace([r.next], opts, undefined, WORKSPACE_RULES, scope).findings]);
    sameAsFresh(r.got);
  }
});

test('after an edit of a Service (the DNS rules reused, not judged), a policy edit carries the verdicts of the model before', () => {
  const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: a}\n  ports: [{port: 80}]\n';
  const text = [dnsPod, svc, deploy('a'), isolate('deny-a', 'a'), deploy('between'), allowDns('dns-x', 'x'), UDP_PODS].join('---\n');
  const uri = 'file:///w/all.yaml';
  const scope = new Set([uri]);
  const file = parseFile(uri, text, opts);
  const first = analyzeWorkspace([file], opts, undefined, WORKSPACE_RULES, scope);
  fingerprint(file, opts);
  const at = text.indexOf('port: 80');
  const service = reparseFile(file, uri, apply(text, { start: at, end: at + 8, text: 'port: 8080' }), opts);
  const second = analyzeWorkspace([service], opts, undefined, WORKSPACE_RULES, scope, first.rules);
  assert.ok(second.reused?.includes('missing-dns-egress') && second.reused.includes('dns-tcp-blocked'), String(second.reused));
  fingerprint(service, opts);
  const at2 = service.text.indexOf('      app: x', service.text.indexOf('name: dns-x'));
  const next = reparseFile(service, uri, apply(service.text, { start: at2, end: at2 + 12, text: '      app: xyzw' }), opts);
  const before = dnsVerdictsCarried();
  const got = analyzeWorkspace([next], opts, undefined, WORKSPACE_RULES, scope, second.rules);
  assert.equal(dnsVerdictsCarried() - before, 7);
  assert.deepEqual([...got.findings], [...analyzeWorkspace([next], opts, undefined, WORKSPACE_RULES, scope).findings]);
  sameAsFresh(got);
});

test('two documents analysed over one model, each with its own previous analysis: both carries are offered, each used', () => {
  const a = parseFile('file:///w/a.yaml', [dnsPod, deploy('a'), isolate('deny-a', 'a'), deploy('between'), allowDns('dns-x', 'x'), UDP_PODS].join('---\n'), opts);
  const b = parseFile('file:///w/b.yaml', [deploy('b'), isolate('deny-b', 'b')].join('---\n'), opts);
  const cache = createWorkspaceCache();
  const files = [a, b];
  analyzeWorkspace(files, opts, cache, [], new Set());
  const a1 = analyzeWorkspace(files, opts, cache, WORKSPACE_RULES, new Set([a.uri]));
  // b's analysis over a model of its own (as the server's record of a document analysed earlier): its verdicts hold
  // b's pods only.
  const b1 = analyzeWorkspace(files, opts, undefined, WORKSPACE_RULES, new Set([b.uri]));
  fingerprint(a, opts);
  const at = a.text.indexOf('      app: x', a.text.indexOf('name: dns-x'));
  const next = reparseFile(a, a.uri, apply(a.text, { start: at, end: at + 12, text: '      app: xyzw' }), opts);
  const files2 = [next, b];
  // The model first (as the server builds it), then a's analysis offers its carry and stops before its rules, b's
  // offers its own and runs whole, and a's rules run last: they find both offers.
  analyzeWorkspace(files2, opts, cache, [], new Set());
  const steps = analyzeWorkspaceSteps(files2, opts, cache, WORKSPACE_RULES, new Set([a.uri]), a1.rules);
  steps.next();
  const b2 = analyzeWorkspace(files2, opts, cache, WORKSPACE_RULES, new Set([b.uri]), b1.rules);
  const before = dnsVerdictsCarried();
  const a2 = finish(steps);
  assert.equal(dnsVerdictsCarried() - before, 7, "a's pods: carried from a's previous analysis");
  assert.deepEqual([...a2.findings], [...analyzeWorkspace(files2, opts, undefined, WORKSPACE_RULES, new Set([a.uri])).findings]);
  assert.deepEqual([...b2.findings], [...analyzeWorkspace(files2, opts, undefined, WORKSPACE_RULES, new Set([b.uri])).findings]);
});
