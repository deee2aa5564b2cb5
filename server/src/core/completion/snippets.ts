// Whole-policy snippets for an empty document: the four policies people write first in every namespace.
import type { Model } from '../model/types.ts';
import { DEFAULT_KUBE_DNS, type ClusterWorkload } from '../options.ts';
import type { Span } from '../source.ts';
import type { CompletionEntry } from './types.ts';

function namespaceChoice(model: Model, fallback: string): string {
  const names = [...model.namespaces.keys()].filter((n) => !n.startsWith('kube-')).sort();
  if (names.length === 0 || names.length > 15) return `\${2:${fallback}}`;
  const first = names.includes(fallback) ? [fallback, ...names.filter((n) => n !== fallback)] : names;
  return `\${2|${first.join(',')}|}`;
}

function header(name: string, ns: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: \${1:${name}}\n  namespace: ${ns}\nspec:\n`;
}

function labelLines(labels: Record<string, string>, indent: string): string {
  return Object.entries(labels).map(([k, v]) => `${indent}${k}: ${v}`).join('\n');
}

export function policySnippets(model: Model, span: Span, defaultNamespace: string, clusterWorkloads: readonly ClusterWorkload[]): CompletionEntry[] {
  const ns = namespaceChoice(model, defaultNamespace);
  const dns = clusterWorkloads.find((w) => w.name === 'kube-dns') ?? DEFAULT_KUBE_DNS;
  const dnsLabels = Object.keys(dns.labels).length > 0 ? dns.labels : DEFAULT_KUBE_DNS.labels;
  const bodies: [string, string, string][] = [
    [
      'default-deny',
      'Deny all ingress and egress to every pod of a namespace (then allow what is needed, DNS first).',
      `${header('default-deny', ns)}  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n`,
    ],
    [
      'allow-dns',
      `Let every pod of a namespace resolve names: egress to ${dns.namespace}/${dns.name} on UDP and TCP 53.`,
      `${header('allow-dns', ns)}  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${dns.namespace}\n          podSelector:\n            matchLabels:\n${labelLines(dnsLabels, '              ')}\n      ports:\n        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n`,
    ],
    [
      'allow-from-ingress-controller',
      'Let the ingress controller reach the selected pods (one peer: namespace AND pod labels).',
      `${header('allow-from-ingress-controller', ns)}  podSelector:\n    matchLabels:\n      \${3:app}: \${4:web}\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: \${5:ingress-nginx}\n          podSelector:\n            matchLabels:\n              app.kubernetes.io/name: \${6:ingress-nginx}\n      ports:\n        - protocol: TCP\n          port: \${7:http}\n`,
    ],
    [
      'allow-prometheus',
      'Let Prometheus scrape the metrics port of the selected pods.',
      `${header('allow-prometheus', ns)}  podSelector: {}\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: \${3:monitoring}\n          podSelector:\n            matchLabels:\n              app.kubernetes.io/name: \${4:prometheus}\n      ports:\n        - protocol: TCP\n          port: \${5:metrics}\n`,
    ],
  ];
  return bodies.map(([label, doc, body]) => ({
    label: `NetworkPolicy: ${label}`,
    kind: 'snippet',
    insertText: body,
    snippet: true,
    detail: 'NetLens snippet',
    documentation: `${doc}\n\n\`\`\`yaml\n${body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1')}\`\`\``,
    span,
  }));
}
