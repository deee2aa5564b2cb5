// Convention (netlens.conventions.forbidAllNamespaces): no peer may stand for every namespace —
// `namespaceSelector: {}`, a rule without peers, or Cilium's cluster-wide entities.
import { conventionPolicies, type ConventionPeer } from '../conventions/view.ts';
import { headSpan, objectAt } from '../conventions/report.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { dedupe } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

const CLUSTER_ENTITIES = new Set(['all', 'cluster']);

function allNamespaces(peer: ConventionPeer): string | undefined {
  if (peer.kind === 'endpoints' && peer.allNamespaces) return `selects pods in every namespace (${peer.how ?? 'namespaceSelector: {}'})`;
  if (peer.kind === 'entity' && CLUSTER_ENTITIES.has(peer.entity)) return `is the \`${peer.entity}\` entity, which includes every namespace`;
  return undefined;
}

export const rule: WorkspaceRule = {
  code: 'all-namespaces-peer',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'warning',
  description: 'Convention forbidAllNamespaces: a peer selects every namespace (namespaceSelector: {}, or a rule without peers).',
  checkWorkspace(model, files, ctx) {
    if (!ctx.options.conventions.forbidAllNamespaces) return;
    const reports: WorkspaceReport[] = [];
    for (const p of conventionPolicies(model)) {
      const at = objectAt(files, p.origin);
      if (!at) continue;
      for (const r of p.rules) {
        if (r.action !== 'allow') continue;
        const side = r.direction === 'ingress' ? 'from' : 'to';
        const found: { span: typeof r.span; what: string }[] =
          r.peers === undefined
            ? [{ span: r.span, what: `This ${r.direction} rule has no \`${side}\`, so it allows every pod of every namespace (and every address)` }]
            : r.peers.flatMap((peer) => {
                const why = allNamespaces(peer);
                return why ? [{ span: peer.span ?? r.span, what: `This peer ${why}` }] : [];
              });
        for (const x of found) {
          reports.push({
            uri: at.file.uri,
            span: headSpan(at.file.text, x.span ?? at.obj.span),
            message: `${x.what}; the team convention (netlens.conventions.forbidAllNamespaces) wants the namespaces named (a namespaceSelector with labels, e.g. kubernetes.io/metadata.name).`,
          });
        }
      }
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};
