// Convention (netlens.conventions.allowedExternalCidrs): a CIDR peer outside the private ranges must lie inside
// one of the allowed external CIDRs; Cilium's world entities count as 0.0.0.0/0 and ::/0, a CIDR group as its CIDRs.
import { conventionPolicies, type ConventionPeer } from '../conventions/view.ts';
import { headSpan, objectAt } from '../conventions/report.ts';
import { cidrContains, parseCidr, type Cidr } from '../net/cidr.ts';
import type { Span } from '../source.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { dedupe } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

const parsed = (list: readonly string[]) => list.map((s) => parseCidr(s)).filter((c): c is Cidr => c !== undefined);
const inside = (c: Cidr, list: readonly Cidr[]) => list.some((o) => cidrContains(o, c));

const WORLD: Record<string, string[]> = { world: ['0.0.0.0/0', '::/0'], all: ['0.0.0.0/0', '::/0'], 'world-ipv4': ['0.0.0.0/0'], 'world-ipv6': ['::/0'] };

/** The external CIDRs a peer reaches that the allowed list does not contain. */
function disallowed(peer: ConventionPeer, privateRanges: readonly Cidr[], allowed: readonly Cidr[]): string[] {
  const cidrs = peer.kind === 'cidr' ? [peer.cidr] : peer.kind === 'entity' ? (WORLD[peer.entity] ?? []) : [];
  return cidrs.filter((text) => {
    const c = parseCidr(text);
    return c !== undefined && !inside(c, privateRanges) && !inside(c, allowed);
  });
}

export const rule: WorkspaceRule = {
  code: 'external-cidr-not-allowed',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'warning',
  description: 'Convention allowedExternalCidrs: a policy allows an external CIDR that the allowed list does not contain.',
  checkWorkspace(model, files, ctx) {
    const conv = ctx.options.conventions;
    if (conv.allowedExternalCidrs === undefined) return;
    const privateRanges = parsed(conv.privateRanges);
    const allowed = parsed(conv.allowedExternalCidrs);
    const reports: WorkspaceReport[] = [];
    for (const p of conventionPolicies(model)) {
      const at = objectAt(files, p.origin);
      if (!at) continue;
      for (const r of p.rules) {
        if (r.action !== 'allow') continue;
        // A CIDR group's CIDRs come as several peers of one span: one report lists them all.
        const bySpan = new Map<string, { span: Span; bad: string[] }>();
        for (const peer of r.peers ?? []) {
          const bad = disallowed(peer, privateRanges, allowed);
          if (bad.length === 0) continue;
          const span = headSpan(at.file.text, peer.span ?? r.span ?? at.obj.span);
          const key = `${span.start}:${span.end}`;
          const seen = bySpan.get(key);
          if (seen) seen.bad.push(...bad.filter((b) => !seen.bad.includes(b)));
          else bySpan.set(key, { span, bad });
        }
        const list = conv.allowedExternalCidrs.length > 0 ? conv.allowedExternalCidrs.join(', ') : 'none';
        for (const { span, bad } of bySpan.values()) {
          const what = bad.length > 1 ? `${bad.slice(0, -1).join(', ')} and ${bad[bad.length - 1]}, external ranges` : `${bad[0]}, an external range`;
          reports.push({
            uri: at.file.uri,
            span,
            message: `This ${r.direction} rule allows ${what} the team convention does not allow (netlens.conventions.allowedExternalCidrs: ${list}).`,
          });
        }
      }
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};
