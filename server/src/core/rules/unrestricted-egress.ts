// Convention (netlens.conventions.forbidUnrestrictedEgress): egress to every address (0.0.0.0/0, ::/0, a rule
// without destinations, Cilium's world/all entities) must except the ranges of netlens.conventions.privateRanges.
import { conventionPolicies, type ConventionPeer, type ConventionRule } from '../conventions/view.ts';
import { andList, headSpan, objectAt } from '../conventions/report.ts';
import { cidrContains, parseCidr, type Cidr } from '../net/cidr.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { dedupe } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

/** Private ranges of the CIDR's family that its `except` list does not cover. */
export function unexceptedRanges(cidr: Cidr, except: readonly string[], privateRanges: readonly string[]): string[] {
  const ex = except.map((e) => parseCidr(e)).filter((c): c is Cidr => c !== undefined);
  return privateRanges.filter((r) => {
    const pr = parseCidr(r);
    if (!pr || pr.family !== cidr.family || !cidrContains(cidr, pr)) return false;
    return !ex.some((e) => cidrContains(e, pr));
  });
}

const WORLD_ENTITIES = new Set(['world', 'world-ipv4', 'world-ipv6', 'all']);

function problem(peer: ConventionPeer, privateRanges: readonly string[]): string | undefined {
  if (peer.kind === 'entity') return WORLD_ENTITIES.has(peer.entity) ? `the \`${peer.entity}\` entity (every address outside the cluster, with no way to except private ranges)` : undefined;
  if (peer.kind !== 'cidr') return undefined;
  const c = parseCidr(peer.cidr);
  if (!c || c.prefix !== 0) return undefined;
  const missing = unexceptedRanges(c, peer.except, privateRanges);
  return missing.length > 0 ? `${peer.cidr} without excepting ${andList(missing)}` : undefined;
}

function ruleProblems(r: ConventionRule, privateRanges: readonly string[]): { span: ConventionRule['span']; what: string }[] {
  if (r.peers === undefined) return [{ span: r.span, what: 'every destination (the rule has no `to`)' }];
  return r.peers.flatMap((p) => {
    const what = problem(p, privateRanges);
    return what ? [{ span: p.span ?? r.span, what }] : [];
  });
}

export const rule: WorkspaceRule = {
  code: 'unrestricted-egress',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'warning',
  description: 'Convention forbidUnrestrictedEgress: an egress rule allows every address without excepting the private ranges.',
  checkWorkspace(model, files, ctx) {
    const conv = ctx.options.conventions;
    if (!conv.forbidUnrestrictedEgress) return;
    const reports: WorkspaceReport[] = [];
    for (const p of conventionPolicies(model)) {
      const at = objectAt(files, p.origin);
      if (!at) continue;
      for (const r of p.rules) {
        if (r.direction !== 'egress' || r.action !== 'allow') continue;
        for (const x of ruleProblems(r, conv.privateRanges)) {
          reports.push({
            uri: at.file.uri,
            span: headSpan(at.file.text, x.span ?? at.obj.span),
            message: `This egress rule allows ${x.what}: the team convention (netlens.conventions.forbidUnrestrictedEgress) forbids unrestricted egress. Name the destinations, or except the private ranges (${conv.privateRanges.join(', ') || 'none configured'}).`,
          });
        }
      }
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};
