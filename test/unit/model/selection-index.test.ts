// Indexed selection (label posting lists, policies inverted per workload) gives exactly what testing every
// workload against every selector gives, on a generated workspace with every selector form and both label spaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, DEFAULT_OPTIONS, parseFile, type Model, type Options } from '../../../server/src/core/index.ts';
import { endpointPeerMatches, irPeerWorkloads, policiesSelecting, selectedWorkloads, subjectSelects, isValidIR, matchesSelector } from '../../../server/src/core/policy/select.ts';
import { serviceWorkloads } from '../../../server/src/core/routing/dataplane-reach.ts';
import type { Workload } from '../../../server/src/core/model/types.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NS = ['a', 'b', 'c', 'd'];
const APPS = ['web', 'api', 'db', 'cache'];
const TIERS = ['front', 'back', 'data'];

function workspace(seed: number): string {
  const r = rng(seed);
  const pick = <T>(l: readonly T[]): T => l[Math.floor(r() * l.length)] as T;
  const docs: string[] = [];
  for (const ns of NS) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: ${pick(['x', 'y'])}}}`);
  for (let i = 0; i < 60; i++) {
    const labels = [`app: ${pick(APPS)}`, ...(r() < 0.7 ? [`tier: ${pick(TIERS)}`] : []), ...(r() < 0.3 ? ['canary: "true"'] : [])];
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${pick(NS)}, labels: {${labels.join(', ')}}}\nspec: {containers: [{name: c, image: i}]}`);
  }
  const selector = (): string => {
    const parts: string[] = [];
    if (r() < 0.6) parts.push(`matchLabels: {app: ${pick(APPS)}${r() < 0.3 ? `, tier: ${pick(TIERS)}` : ''}}`);
    const exprs: string[] = [];
    if (r() < 0.3) exprs.push(`{key: tier, operator: In, values: [${pick(TIERS)}, ${pick(TIERS)}]}`);
    if (r() < 0.2) exprs.push(`{key: tier, operator: NotIn, values: [${pick(TIERS)}]}`);
    if (r() < 0.2) exprs.push('{key: canary, operator: Exists}');
    if (r() < 0.2) exprs.push('{key: canary, operator: DoesNotExist}');
    if (r() < 0.05) exprs.push('{key: tier, operator: In, values: []}'); // invalid: matches nothing
    if (exprs.length > 0) parts.push(`matchExpressions: [${exprs.join(', ')}]`);
    return `{${parts.join(', ')}}`;
  };
  for (let i = 0; i < 40; i++) {
    const ns = pick(NS);
    const peer = r() < 0.5 ? `{podSelector: ${selector()}}` : `{namespaceSelector: {matchLabels: {team: ${pick(['x', 'y'])}}}, podSelector: ${selector()}}`;
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np${i}, namespace: ${ns}}\nspec:\n  podSelector: ${selector()}\n  ingress: [{from: [${peer}]}]`);
  }
  for (let i = 0; i < 20; i++) {
    const ns = pick(NS);
    docs.push(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: cnp${i}, namespace: ${ns}}\nspec:\n  endpointSelector: ${selector()}\n  ingress: [{fromEndpoints: [${selector()}]}]`);
  }
  // Services: one or two selector labels, an empty selector (selects nothing as a backend set) and none.
  for (let i = 0; i < 24; i++) {
    const sel = i % 12 === 0 ? '{}' : i % 12 === 1 ? '' : `{app: ${pick(APPS)}${r() < 0.4 ? `, tier: ${pick(TIERS)}` : ''}}`;
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${pick(NS)}}\nspec: {${sel ? `selector: ${sel}, ` : ''}ports: [{port: 80}]}`);
  }
  for (let i = 0; i < 5; i++) {
    docs.push(`apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ccnp${i}}\nspec:\n  endpointSelector: ${selector()}\n  egress: [{toEndpoints: [${selector()}]}]`);
  }
  return docs.join('\n---\n');
}

function model(seed: number): Model {
  const opts: Options = { ...DEFAULT_OPTIONS, clusterWorkloads: [] };
  return buildModel([parseFile('file:///w/all.yaml', workspace(seed), opts)], opts);
}

const ids = (ws: readonly Workload[]): string[] => ws.map((w) => w.id);

for (const seed of [1, 2, 3, 4, 5]) {
  test(`indexed selection equals the naive scan (seed ${seed})`, () => {
    const m = model(seed);
    // The generator must exercise what it claims: selections that are neither empty nor everything.
    assert.ok(m.workloads.length === 60 && m.policyIR.length === 65, `${m.workloads.length} workloads, ${m.policyIR.length} policies`);
    let nonEmpty = 0;
    for (const p of m.policyIR) {
      const naive = m.workloads.filter((w) => subjectSelects(m, p.subject, w));
      assert.deepEqual(ids(selectedWorkloads(m, p)), ids(naive), `subject of ${p.id}`);
      if (naive.length > 0 && naive.length < m.workloads.length) nonEmpty++;
      for (const rule of p.rules) {
        for (const peer of rule.peers ?? []) {
          if (peer.kind !== 'endpoints') continue;
          assert.deepEqual(ids(irPeerWorkloads(m, peer)), ids(m.workloads.filter((w) => endpointPeerMatches(m, peer, w))), `peer of ${p.id}`);
        }
      }
    }
    assert.ok(nonEmpty > 10, `only ${nonEmpty} policies select a proper subset`);
    for (const w of m.workloads) {
      const naive = [...(m.policyIndex.byNamespace.get(w.namespace) ?? []), ...m.policyIndex.clusterwide].filter((p) => isValidIR(p) && subjectSelects(m, p.subject, w));
      assert.deepEqual(policiesSelecting(m, w).map((p) => p.id), naive.map((p) => p.id), `policies of ${w.id}`);
    }
    // A pod that is not in the model (a stand-in) is asked of the policies its labels can match (policy/policy-index.ts):
    // the same policies, in the same order, as testing every policy of its namespace and the cluster-wide ones.
    let selectedStandIns = 0;
    for (const w of m.workloads) {
      const standIn: Workload = { ...w, id: `${w.namespace}/stand-in-${w.name}` };
      const naive = [...(m.policyIndex.byNamespace.get(w.namespace) ?? []), ...m.policyIndex.clusterwide].filter((p) => isValidIR(p) && subjectSelects(m, p.subject, standIn));
      const got = policiesSelecting(m, standIn);
      assert.equal(got.length, naive.length, `stand-in of ${w.id}`);
      got.forEach((p, i) => assert.equal(p, naive[i], `stand-in of ${w.id}, policy ${i}`));
      if (naive.length > 0) selectedStandIns++;
    }
    assert.ok(selectedStandIns > 20, `only ${selectedStandIns} stand-ins are selected`);
    // A Service's pods (routing/dataplane-reach.ts), narrowed by the label index: the namespace's workloads that
    // carry every pair of its selector, in model order; none for an empty or missing selector.
    assert.equal(m.services.length, 24);
    let backed = 0;
    for (const svc of m.services) {
      const sel = svc.selector;
      const naive = !sel || Object.keys(sel).length === 0 ? [] : m.workloads.filter((w) => w.namespace === svc.namespace && Object.entries(sel).every(([k, v]) => w.podLabels[k] === v));
      assert.deepEqual(ids(serviceWorkloads(m, svc)), ids(naive), `pods of ${svc.namespace}/${svc.name}`);
      if (naive.length > 0) backed++;
    }
    assert.ok(backed > 5, `only ${backed} Services select pods`);
    const w0 = m.workloads[0] as Workload;
    const direct = (m.policyIndex.byNamespace.get(w0.namespace) ?? []).filter((p) => isValidIR(p) && matchesSelector(p.subject.selector, w0.podLabels) && p.subject.labels === 'pod');
    for (const p of direct) assert.ok(policiesSelecting(m, { ...w0, id: 'x/y' }).includes(p), `stand-in selected by ${p.id}`);
  });
}
