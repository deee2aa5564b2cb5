// The pathological inputs of the `hostile` bench section (issue 14), generated deterministically: a multi-document
// file near the 5 MB size limit, a 60,000-key map, deep nesting, a 1 MB single line, many long lines; plus the
// small document hovered meanwhile and where each input's one-character edit goes.
import { multiDocFile } from './generate.mjs';

const POLICY_HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: hostile\n  namespace: shop\n';

/** ~`bytes` of Deployments, Services and NetworkPolicies, one per `---` document (multiDocFile, grown). */
export function nearLimitFile(bytes = 4_900_000) {
  // multiDocFile grows by whole documents: estimate the lines from a sample, then trim whole documents.
  const sample = multiDocFile(2000);
  const lines = Math.ceil((2200 * bytes) / sample.length);
  const docs = multiDocFile(lines).split('---\n');
  let text = '';
  for (const d of docs) {
    if (text.length + d.length + 4 > bytes) break;
    text += (text ? '---\n' : '') + d;
  }
  return text;
}

/** A NetworkPolicy whose podSelector.matchLabels holds `keys` keys (the yaml library's duplicate check was quadratic). */
export function hugeMap(keys = 60_000) {
  const out = [POLICY_HEAD, 'spec:\n  podSelector:\n    matchLabels:\n'];
  for (let i = 0; i < keys; i++) out.push(`      label-${String(i).padStart(5, '0')}: value-${i % 97}\n`);
  out.push('  policyTypes: [Ingress]\n');
  return out.join('');
}

/** A NetworkPolicy followed by a document nested `depth` flow sequences deep (past the 128-level limit). */
export function deepNesting(depth = 200_000) {
  return `${POLICY_HEAD}spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n---\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

/** A minified (JSON, one line) NetworkPolicy of about `bytes` with many ingress rules: a 1 MB single line. */
export function longLine(bytes = 1_000_000) {
  const rule = (i) => ({ from: [{ ipBlock: { cidr: `10.${(i >> 8) & 255}.${i & 255}.0/24` } }, { podSelector: { matchLabels: { app: `client-${i}` } } }], ports: [{ protocol: 'TCP', port: 1024 + (i % 60000) }] });
  const one = JSON.stringify(rule(0)).length + 1;
  const ingress = Array.from({ length: Math.floor(bytes / one) }, (_, i) => rule(i));
  return `${JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'minified', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress } })}\n`;
}

/** A Deployment and a NetworkPolicy whose annotations hold `count` lines of `width` characters each. */
export function longLines(count = 1000, width = 2000) {
  const out = [POLICY_HEAD.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n')];
  for (let i = 0; i < count; i++) out.push(`    note-${i}: "${'x'.repeat(width - 14 - String(i).length)}${String(i % 10)}"\n`);
  out.push('spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n');
  return out.join('');
}

/** The small document hovered while the big one is processed, and where: `podSelector` of its policy. */
export const SMALL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: api:1
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
`;
export const SMALL_HOVER_AT = SMALL.indexOf('podSelector') + 2;

/** Offset of a digit near the middle of `text`, which the keystroke changes (a value, never structure). */
export function editOffset(text) {
  const mid = Math.floor(text.length / 2);
  for (let i = mid; i < text.length; i++) if (/[0-9]/.test(text[i]) && /[\s:"0-9a-z.-]/.test(text[i - 1])) return i;
  // No digit after the middle (the deep document): the policy's name.
  return text.indexOf('hostile');
}

/** The cases: name, what, text. */
export function hostileCases() {
  return [
    ['near-limit', 'multi-document file of ~4.9 MB (Deployments, Services, NetworkPolicies)', nearLimitFile()],
    ['map-60k', 'NetworkPolicy with a 60,000-key matchLabels map', hugeMap()],
    ['deep', 'flow sequences nested 200,000 deep after a NetworkPolicy', deepNesting()],
    ['line-1mb', 'minified NetworkPolicy on one 1 MB line', longLine()],
    ['long-lines', 'NetworkPolicy with 1,000 annotation lines of 2,000 characters', longLines()],
  ];
}
