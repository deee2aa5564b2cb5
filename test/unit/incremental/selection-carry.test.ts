// Selection memos carried from one model to the next (core/policy/carry.ts): after each edit of seeded sequences
// (Services, pod labels, policies, random), the analysis through the cache must select exactly what a fresh
// analysis selects, and give its findings; policy edits must carry (or the test proves nothing), and edits of
// pods, Services or namespace labels must not carry what they change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkspace, createWorkspaceCache, fingerprint, irPeerWorkloads, isValidPolicy, parseFile, reparseFile, selectedWorkloads, WORKSPACE_RULES, type Model, type ParsedFile } from '../../../server/src/core/index.ts';
import { apply, rng } from './edits.ts';
import { editOf, hinted, opts, TO_SERVICES } from './rejudge-seq.ts';

/** Every valid policy's selection and every endpoint or service peer's pods, as ids. */
function selections(m: Model): string[] {
  const out: string[] = [];
  for (const p of m.policyIR) {
    if (!isValidPolicy(p)) continue;
    out.push(`${p.kind} ${p.id}: ${selectedWorkloads(m, p).map((w) => w.id).join(',')}`);
    for (const [i, r] of p.rules.entries()) {
      for (const [j, peer] of (r.peers ?? []).entries()) out.push(`  ${r.direction} ${i}.${j}: ${irPeerWorkloads(m, peer).map((w) => w.id).join(',')}`);
    }
  }
  return out;
}

const NAMESPACE = (team: string): string => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: ${team}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-team, namespace: shop}
spec:
  podSelector: {}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {team: core}}}]
`;

test('after every edit of seeded sequences the carried selections equal a fresh analysis; policy edits carry, Service edits share no Service peer pods', () => {
  const uri = 'file:///ws/edited.yaml';
  const others = [parseFile('file:///ws/a.yaml', hinted(6) + TO_SERVICES, opts), parseFile('file:///ws/ns.yaml', NAMESPACE('core'), opts)];
  let carried = 0;
  let fresh = 0;
  let serviceEdits = 0;
  for (const seed of [3, 11, 29]) {
    const r = rng(seed);
    let text = hinted(8) + TO_SERVICES;
    let file = parseFile(uri, text, opts);
    const cache = createWorkspaceCache();
    const inputs = (f: ParsedFile): ParsedFile[] => [...others, f].sort((a, b) => (a.uri < b.uri ? -1 : 1));
    let prev = analyzeWorkspace(inputs(file), opts, cache, WORKSPACE_RULES, new Set([uri]));
    for (let i = 0; i < 40; i++) {
      const { edit, what } = editOf(text, r);
      text = apply(text, edit);
      fingerprint(file, opts);
      file = reparseFile(file, uri, text, opts);
      const got = analyzeWorkspace(inputs(file), opts, cache, WORKSPACE_RULES, new Set([uri]), prev.rules);
      const want = analyzeWorkspace(inputs(parseFile(uri, text, opts)), opts, undefined, WORKSPACE_RULES, new Set([uri]));
      const where = `seed ${seed}, edit ${i} (${what}): ${JSON.stringify(edit)}`;
      const shared = got.model.memo?.labelIndex !== undefined && got.model.memo.labelIndex === prev.model.memo?.labelIndex;
      if (shared) carried++;
      else fresh++;
      assert.deepEqual(selections(got.model), selections(want.model), where);
      assert.deepEqual([...got.findings], [...want.findings], where);
      // A Service edited: the content memo (which holds Service peers' pods) is a filtered copy, never shared.
      if (shared && what.startsWith('service') && got.model.services.some((s, k) => s !== prev.model.services[k])) {
        serviceEdits++;
        assert.ok(got.model.memo?.byContent && got.model.memo.byContent !== prev.model.memo?.byContent, `${where}: content memo shared over a Service edit`);
      }
      prev = got;
    }
  }
  assert.ok(carried >= 20, `only ${carried} of 120 analyses carried selections`);
  assert.ok(fresh >= 10, `only ${fresh} of 120 analyses selected anew`);
  assert.ok(serviceEdits >= 5, `only ${serviceEdits} Service edits carried selections`);
});

test('a policy edit that moves nothing carries the label indexes and the unchanged policies\' selections', () => {
  const uri = 'file:///ws/one.yaml';
  const text = hinted(5);
  const cache = createWorkspaceCache();
  let file = parseFile(uri, text, opts);
  const first = analyzeWorkspace([file], opts, cache, WORKSPACE_RULES, new Set([uri]));
  const selectedBefore = first.model.memo?.selected;
  assert.ok(first.model.memo?.labelIndex, 'the rules built no label index');
  // in-3's port 80 -> 81: same length, nothing moves; workloads and Services equal the previous ones.
  const at = text.indexOf('ports: [{port: 80}]', text.indexOf('name: in-3'));
  fingerprint(file, opts);
  file = reparseFile(file, uri, apply(text, { start: at + 15, end: at + 17, text: '81' }), opts);
  const second = analyzeWorkspace([file], opts, cache, WORKSPACE_RULES, new Set([uri]), first.rules);
  assert.notEqual(second.model, first.model);
  assert.equal(second.model.memo?.labelIndex, first.model.memo?.labelIndex);
  assert.equal(second.model.memo?.selected, selectedBefore);
  // The workload objects are the previous model's (the edited file's were read anew and found equal).
  assert.deepEqual(second.model.workloads.map((w, i) => w === first.model.workloads[i]), first.model.workloads.map(() => true));
  // The inverted selection depends on the policy list: built anew.
  assert.notEqual(second.model.memo?.policiesOf, undefined);
  assert.notEqual(second.model.memo?.policiesOf, first.model.memo?.policiesOf);
});

test('a namespace label edit carries nothing: a namespaceSelector peer selects anew', () => {
  const uri = 'file:///ws/ns.yaml';
  const app = parseFile('file:///ws/app.yaml', hinted(2), opts);
  const cache = createWorkspaceCache();
  let file = parseFile(uri, NAMESPACE('core'), opts);
  const first = analyzeWorkspace([app, file], opts, cache, WORKSPACE_RULES, new Set([uri]));
  const peer = (m: Model): string[] => {
    const p = m.policyIR.find((x) => x.id === 'shop/from-team')!;
    return irPeerWorkloads(m, p.rules[0]!.peers![0]!).map((w) => w.id);
  };
  assert.deepEqual(peer(first.model), ['shop/app-0', 'shop/app-1']);
  fingerprint(file, opts);
  // team: core -> team: cord (same length): the peer's namespaceSelector no longer admits shop.
  const text = NAMESPACE('cord');
  file = reparseFile(file, uri, text, opts);
  const second = analyzeWorkspace([app, file], opts, cache, WORKSPACE_RULES, new Set([uri]), first.rules);
  assert.notEqual(second.model.memo?.labelIndex, first.model.memo?.labelIndex);
  assert.deepEqual(peer(second.model), []);
});

test('the content-keyed memos start anew after 50 carries; the label indexes stay carried', () => {
  const uri = 'file:///ws/renew.yaml';
  let text = hinted(3);
  const cache = createWorkspaceCache();
  let file = parseFile(uri, text, opts);
  let prev = analyzeWorkspace([file], opts, cache, WORKSPACE_RULES, new Set([uri]));
  const index = prev.model.memo?.labelIndex;
  const renewedAt: number[] = [];
  for (let i = 1; i <= 60; i++) {
    const at = text.indexOf('ports: [{port: 8', text.indexOf('name: in-1'));
    text = apply(text, { start: at + 16, end: at + 17, text: String(i % 10) });
    fingerprint(file, opts);
    file = reparseFile(file, uri, text, opts);
    const got = analyzeWorkspace([file], opts, cache, WORKSPACE_RULES, new Set([uri]), prev.rules);
    assert.equal(got.model.memo?.labelIndex, index, `edit ${i}`);
    if (got.model.memo?.byContent !== prev.model.memo?.byContent) renewedAt.push(i);
    prev = got;
  }
  assert.deepEqual(renewedAt, [51]);
});
