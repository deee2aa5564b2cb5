// The seeded edit sequences of the re-judging tests (core/rejudge.ts): Service, pod-label, policy and random edits
// of one file among others; after each, the analysis reusing the previous one's rule findings must equal a
// from-scratch one. Counts per kind of edit the rules reused whole and those judged over the edited policies only.
import assert from 'node:assert/strict';
import { analyzeWorkspace, DEFAULT_OPTIONS, fingerprint, parseFile, reparseFile, WORKSPACE_RULES, type Options, type ParsedFile, type WorkspaceAnalysis } from '../../../server/src/core/index.ts';
import { apply, randomEdit, rng, type Edit } from './edits.ts';

export const opts = DEFAULT_OPTIONS;

/** A Cilium policy whose egress names a generated Service: its Services are read through the connectivity engine. */
export const TO_SERVICES = `---
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
export function hinted(n: number): string {
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
export function editOf(text: string, r: () => number): { edit: Edit; what: string } {
  const pick = r();
  const near = (needle: string): number => {
    const at = text.indexOf(needle, Math.floor(r() * text.length));
    return at !== -1 ? at : text.indexOf(needle);
  };
  if (pick < 0.35) {
    const svc = near('kind: Service\n');
    if (svc !== -1) {
      const what = ['name: ', 'app: ', 'port: ', 'namespace: '][Math.floor(r() * 4)] as string;
      const at = text.indexOf(what, svc) + what.length;
      return { edit: { start: at, end: at + 1, text: String.fromCharCode(97 + Math.floor(r() * 26)) }, what: `service ${what}` };
    }
  }
  if (pick < 0.45) {
    const at = near('        app: ');
    if (at !== -1) return { edit: { start: at + 13, end: at + 13, text: 'x' }, what: 'pod label' };
  }
  if (pick < 0.75) {
    // Inside one NetworkPolicy: its podSelector's or a peer's label value, a port, a policy type, its name.
    const np = near('kind: NetworkPolicy\n');
    const end = text.indexOf('\n---', np);
    const what = ['      app: ', '              app: ', 'port: ', 'policyTypes: [', '  name: '][Math.floor(r() * 5)] as string;
    const at = np === -1 ? -1 : text.indexOf(what, np);
    if (at !== -1 && (end === -1 || at < end)) {
      const c = at + what.length;
      const text2 = what === 'port: ' ? String(1 + Math.floor(r() * 9)) : what === 'policyTypes: [' ? 'Egress, ' : 'q';
      return { edit: { start: c, end: what === 'policyTypes: [' ? c : c + 1, text: text2 }, what: `policy ${what.trim()}` };
    }
  }
  if (pick < 0.8) {
    const at = near('port: ');
    if (at !== -1) return { edit: { start: at + 6, end: at + 7, text: String(1 + Math.floor(r() * 9)) }, what: 'a port' };
  }
  return { edit: randomEdit(text, r), what: 'random' };
}

/**
 * Edits `uri` among `others` step by step (the previous parse's fingerprint taken before the re-parse, as the editor
 * does); each step's analysis reuses the previous one's and must equal a from-scratch analysis. Returns the rules
 * reused per kind of edit; `narrowed` counts the rules judged over the edited documents' policies only; `options`
 * default to DEFAULT_OPTIONS.
 */
export function sequence(uri: string, start: string, others: ParsedFile[], seed: number, steps: number, extra: { narrowed?: Map<string, number>; options?: Options; whole?: boolean } = {}): Map<string, number> {
  const { narrowed, options: o = opts, whole = false } = extra;
  const r = rng(seed);
  let text = start;
  let file = parseFile(uri, text, o);
  const sorted = (f: ParsedFile): ParsedFile[] => [...others, f].sort((a, b) => (a.uri < b.uri ? -1 : 1));
  // `whole`: every file's findings, as the Problems panel's results and the CLI ask (no scope).
  const scope = whole ? undefined : new Set([uri]);
  let prev: WorkspaceAnalysis = analyzeWorkspace(sorted(file), o, undefined, WORKSPACE_RULES, scope);
  const reused = new Map<string, number>();
  for (let i = 0; i < steps; i++) {
    const { edit, what } = editOf(text, r);
    text = apply(text, edit);
    const before = file;
    fingerprint(before, o);
    file = reparseFile(before, uri, text, o);
    const inputs = sorted(file);
    const got = analyzeWorkspace(inputs, o, undefined, WORKSPACE_RULES, scope, prev.rules);
    const want = analyzeWorkspace(inputs, o, undefined, WORKSPACE_RULES, scope);
    assert.deepEqual([...got.findings], [...want.findings], `${uri}, seed ${seed}, edit ${i} (${what}): ${JSON.stringify(edit)}; reused ${got.reused?.join(', ')}`);
    reused.set(what, (reused.get(what) ?? 0) + (got.reused?.length ?? 0));
    narrowed?.set(what, (narrowed.get(what) ?? 0) + (got.narrowed?.length ?? 0));
    prev = got;
  }
  return reused;
}

