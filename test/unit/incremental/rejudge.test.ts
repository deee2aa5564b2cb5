// Narrowed re-judging (core/rejudge.ts): after each edit of seeded sequences (Service renames, selectors, ports and
// namespaces; pod labels; policy fields; random typing), the analysis that reuses the previous one's rule findings
// equals a from-scratch analysis in every file, scoped as the editor asks; and rules that read a changed table
// (or a Service through a `toServices` peer) are judged again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeWorkspace, DEFAULT_OPTIONS, fingerprint, parseFile, reparseFile, WORKSPACE_RULES, type ParsedFile, type WorkspaceAnalysis } from '../../../server/src/core/index.ts';
import { apply, randomEdit, rng, ROOT, yamlFiles, type Edit } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;

/** A Cilium policy whose egress names a generated Service: its Services are read through the connectivity engine. */
const TO_SERVICES = `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: to-services
  namespace: shop
spec:
  endpointSelector: {}
  egress:
    - toServices:
        - k8sService: {serviceName: api-1, namespace: shop}
`;

/** Pods declaring 8080, Services mapping 80 to it, a policy admitting 80: port-not-exposed's hint names a Service. */
function hinted(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: shop}
spec:
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
        - name: c
          image: c
          ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: shop
spec:
  selector:
    app: app-${i}
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: in-${i}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: app-${i}}}
  ingress:
    - ports: [{port: 80}]
`);
  }
  return out.join('---\n');
}

/** An edit of a Service (name, selector value, port, namespace), a pod label, a policy field, or a random one. */
function editOf(text: string, r: () => number): { edit: Edit; what: string } {
  const pick = r();
  const near = (needle: string): number => {
    const at = text.indexOf(needle, Math.floor(r() * text.length));
    return at !== -1 ? at : text.indexOf(needle);
  };
  if (pick < 0.45) {
    const svc = near('kind: Service\n');
    if (svc !== -1) {
      const what = ['name: ', 'app: ', 'port: ', 'namespace: '][Math.floor(r() * 4)] as string;
      const at = text.indexOf(what, svc) + what.length;
      return { edit: { start: at, end: at + 1, text: String.fromCharCode(97 + Math.floor(r() * 26)) }, what: `service ${what}` };
    }
  }
  if (pick < 0.6) {
    const at = near('        app: ');
    if (at !== -1) return { edit: { start: at + 13, end: at + 13, text: 'x' }, what: 'pod label' };
  }
  if (pick < 0.7) {
    const at = near('port: ');
    if (at !== -1) return { edit: { start: at + 6, end: at + 7, text: String(1 + Math.floor(r() * 9)) }, what: 'a port' };
  }
  return { edit: randomEdit(text, r), what: 'random' };
}

/**
 * Edits `uri` among `others` step by step (the previous parse's fingerprint taken before the re-parse, as the editor
 * does); each step's analysis reuses the previous one's and must equal a from-scratch analysis. Returns the rules
 * reused per kind of edit.
 */
function sequence(uri: string, start: string, others: ParsedFile[], seed: number, steps: number): Map<string, number> {
  const r = rng(seed);
  let text = start;
  let file = parseFile(uri, text, opts);
  const sorted = (f: ParsedFile): ParsedFile[] => [...others, f].sort((a, b) => (a.uri < b.uri ? -1 : 1));
  const scope = new Set([uri]);
  let prev: WorkspaceAnalysis = analyzeWorkspace(sorted(file), opts, undefined, WORKSPACE_RULES, scope);
  const reused = new Map<string, number>();
  for (let i = 0; i < steps; i++) {
    const { edit, what } = editOf(text, r);
    text = apply(text, edit);
    const before = file;
    fingerprint(before, opts);
    file = reparseFile(before, uri, text, opts);
    const inputs = sorted(file);
    const got = analyzeWorkspace(inputs, opts, undefined, WORKSPACE_RULES, scope, prev.rules);
    const want = analyzeWorkspace(inputs, opts, undefined, WORKSPACE_RULES, scope);
    assert.deepEqual([...got.findings], [...want.findings], `${uri}, seed ${seed}, edit ${i} (${what}): ${JSON.stringify(edit)}; reused ${got.reused?.join(', ')}`);
    reused.set(what, (reused.get(what) ?? 0) + (got.reused?.length ?? 0));
    prev = got;
  }
  return reused;
}

test('a generated multi-document file: reusing rules after Service, label, port and random edits equals a full analysis', () => {
  const big = multiDocFile(1200, 5);
  const others = yamlFiles(path.join(ROOT, 'examples/shop')).map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  const total = new Map<string, number>();
  for (let seed = 300; seed < 304; seed++) {
    for (const [k, v] of sequence('file:///gen/big.yaml', big, others, seed, 30)) total.set(k, (total.get(k) ?? 0) + v);
  }
  // Service edits leave the policy rules standing (not vacuous: most steps reuse them).
  assert.ok((total.get('service name: ') ?? 0) >= 20, JSON.stringify([...total]));
});

test('Services that findings name (port-not-exposed hints): edits of them are judged again, and equal a full analysis', () => {
  const total = new Map<string, number>();
  for (let seed = 500; seed < 504; seed++) {
    for (const [k, v] of sequence('file:///gen/hinted.yaml', hinted(8), [], seed, 30)) total.set(k, (total.get(k) ?? 0) + v);
  }
  assert.ok((total.get('service port: ') ?? 0) > 0, JSON.stringify([...total]));
});

test('examples/: every file edited; reused findings equal a full analysis', () => {
  const files = yamlFiles(path.join(ROOT, 'examples'));
  const parsed = files.map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  let seed = 400;
  let reused = 0;
  for (const [i, f] of files.entries()) {
    const others = parsed.filter((_, j) => j !== i);
    for (const v of sequence(`file://${f}`, fs.readFileSync(f, 'utf8'), others, seed++, 12).values()) reused += v;
  }
  assert.ok(reused > 50, `only ${reused} rules were reused`);
});

test('a Service named by a toServices peer counts as a policy change: the policy rules are judged again', () => {
  const uri = 'file:///gen/svc.yaml';
  const text = `${multiDocFile(300, 7)}${TO_SERVICES}`;
  const file = parseFile(uri, text, opts);
  const first = analyzeWorkspace([file], opts, undefined, WORKSPACE_RULES, new Set([uri]));
  fingerprint(file, opts);
  const at = text.indexOf('kind: Service\n');
  const nameAt = text.indexOf('name: ', at) + 6;
  const next = reparseFile(file, uri, apply(text, { start: nameAt, end: nameAt + 1, text: 'q' }), opts);
  const got = analyzeWorkspace([next], opts, undefined, WORKSPACE_RULES, new Set([uri]), first.rules);
  const policyRules = WORKSPACE_RULES.filter((r) => r.reads?.includes('policy')).map((r) => r.code);
  assert.ok(policyRules.length >= 12 && !got.reused?.some((c) => policyRules.includes(c)), String(got.reused));
  // Without the Cilium policy the same edit keeps every rule that reads no Service.
  const plain = parseFile(uri, multiDocFile(300, 7), opts);
  const base = analyzeWorkspace([plain], opts, undefined, WORKSPACE_RULES, new Set([uri]));
  fingerprint(plain, opts);
  const t = plain.text;
  const n = t.indexOf('name: ', t.indexOf('kind: Service\n')) + 6;
  const after = analyzeWorkspace([reparseFile(plain, uri, apply(t, { start: n, end: n + 1, text: 'q' }), opts)], opts, undefined, WORKSPACE_RULES, new Set([uri]), base.rules);
  assert.ok(after.reused?.includes('missing-dns-egress') && after.reused?.includes('peer-selects-nothing'), String(after.reused));
  // Services only word port-not-exposed's findings (there are none), and no routing object exists.
  assert.ok(after.reused?.includes('port-not-exposed') && after.reused.includes('unknown-backend') && after.reused.includes('gateway-traffic-blocked'), String(after.reused));
});

/** Renames the first Service of `uri` among `files` and returns the reusing analysis and a full one. */
function renameService(files: ParsedFile[], uri: string): { got: WorkspaceAnalysis; want: WorkspaceAnalysis } {
  const scope = new Set([uri]);
  const first = analyzeWorkspace(files, opts, undefined, WORKSPACE_RULES, scope);
  const file = files.find((f) => f.uri === uri) as ParsedFile;
  fingerprint(file, opts);
  const n = file.text.indexOf('name: ', file.text.indexOf('kind: Service\n')) + 6;
  const next = reparseFile(file, uri, apply(file.text, { start: n, end: n + 1, text: 'q' }), opts);
  const inputs = files.map((f) => (f === file ? next : f));
  return { got: analyzeWorkspace(inputs, opts, undefined, WORKSPACE_RULES, scope, first.rules), want: analyzeWorkspace(inputs, opts, undefined, WORKSPACE_RULES, scope) };
}

test('with routes in the workspace, a Service edit judges the routing rules again; with findings, port-not-exposed too', () => {
  // The routes' backend Service frontend (shop), renamed: a missing backend.
  const paths = [...yamlFiles(path.join(ROOT, 'examples/gateway')), path.join(ROOT, 'examples/shop/frontend.yaml')];
  const gateway = paths.map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  const routes = gateway.find((f) => f.uri.endsWith('routes.yaml')) as ParsedFile;
  const frontend = gateway.find((f) => f.uri.endsWith('frontend.yaml')) as ParsedFile;
  const a = renameService(gateway, frontend.uri);
  assert.ok(a.got.reused?.includes('missing-dns-egress'), String(a.got.reused));
  assert.ok(!a.got.reused?.includes('unknown-backend') && !a.got.reused?.includes('gateway-traffic-blocked'), String(a.got.reused));
  assert.deepEqual([...a.got.findings], [...a.want.findings]);
  const b0 = analyzeWorkspace(a.got.rules?.files as ParsedFile[], opts, undefined, WORKSPACE_RULES, new Set([routes.uri]));
  assert.ok((b0.findings.get(routes.uri) ?? []).some((f) => f.code === 'unknown-backend'), 'the renamed Service is a missing backend now');
  const hintedUri = 'file:///gen/hinted.yaml';
  const b = renameService([parseFile(hintedUri, hinted(2), opts)], hintedUri);
  assert.ok(!b.got.reused?.includes('port-not-exposed'), String(b.got.reused));
  assert.deepEqual([...b.got.findings], [...b.want.findings]);
  assert.ok((b.want.findings.get(hintedUri) ?? []).some((f) => f.code === 'port-not-exposed'));
});
