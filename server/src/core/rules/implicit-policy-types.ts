// Convention (netlens.conventions.requireExplicitPolicyTypes): a NetworkPolicy writes policyTypes instead of
// relying on the API server's defaulting (Ingress, plus Egress only when egress has rules).
import { conventionPolicies } from '../conventions/view.ts';
import { nameSpan, objectAt } from '../conventions/report.ts';
import { explicitPolicyTypesFix } from '../fixes/policy-types.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { npPolicyTypesKey } from './np-spans.ts';
import { dedupe } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

export const rule: WorkspaceRule = {
  code: 'implicit-policy-types',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'warning',
  description: 'Convention requireExplicitPolicyTypes: a NetworkPolicy relies on policyTypes defaulting instead of writing it.',
  checkWorkspace(model, files, ctx) {
    if (!ctx.options.conventions.requireExplicitPolicyTypes) return;
    const reports: WorkspaceReport[] = [];
    for (const p of conventionPolicies(model)) {
      // Kinds without a policyTypes field (Cilium) leave it undefined: nothing to write.
      if (p.policyTypesExplicit !== false || !p.source) continue;
      const at = objectAt(files, p.origin);
      if (!at) continue;
      const span = npPolicyTypesKey(at.obj) ?? nameSpan(at.file, at.obj);
      const types = p.source.policyTypes.map((d) => (d === 'ingress' ? 'Ingress' : 'Egress')).join(', ');
      const fix = ctx.fixesIn(at.file) ? explicitPolicyTypesFix(at.file, at.obj, p.source) : undefined;
      reports.push({
        uri: at.file.uri,
        span,
        message: `This NetworkPolicy does not write policyTypes, so the API server defaults it to [${types}]; the team convention (netlens.conventions.requireExplicitPolicyTypes) wants it written.`,
        ...(fix ? { fixes: [{ ...fix, isPreferred: true }] } : {}),
      });
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};
