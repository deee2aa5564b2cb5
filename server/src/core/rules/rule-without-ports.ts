// Convention (netlens.conventions.requirePorts): every allow rule names its ports; a rule without ports
// allows every port and protocol of the peers it names.
import { conventionPolicies } from '../conventions/view.ts';
import { headSpan, objectAt } from '../conventions/report.ts';
import type { WorkspaceReport, WorkspaceRule } from '../workspace.ts';
import { dedupe } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

export const rule: WorkspaceRule = {
  code: 'rule-without-ports',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'warning',
  description: 'Convention requirePorts: an allow rule names no ports, so it allows every port.',
  checkWorkspace(model, files, ctx) {
    if (!ctx.options.conventions.requirePorts) return;
    const reports: WorkspaceReport[] = [];
    for (const p of conventionPolicies(model)) {
      const at = objectAt(files, p.origin);
      if (!at) continue;
      for (const r of p.rules) {
        if (r.action !== 'allow' || !r.allPorts) continue;
        reports.push({
          uri: at.file.uri,
          span: headSpan(at.file.text, r.span ?? at.obj.span),
          message: `This ${r.direction} rule names no ports, so it allows every port and protocol; the team convention (netlens.conventions.requirePorts) wants the ports listed.`,
        });
      }
    }
    for (const r of dedupe(reports)) ctx.report(r);
  },
};
