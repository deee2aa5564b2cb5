// Builds a workspace rule that reports the routing analysis' findings of one code (attachment, references,
// listeners): the decision lives in core/routing, each rule file names its code, severity and description.
import { grantFix, sectionFixes } from '../fixes/gateway.ts';
import { routingOf } from '../routing/index.ts';
import type { Fix } from '../types.ts';
import type { Severity } from '../types.ts';
import type { WorkspaceRule } from '../workspace.ts';

export function routingRule(code: string, defaultSeverity: Severity, description: string): WorkspaceRule {
  return {
    code,
    defaultSeverity,
    description,
    checkWorkspace(model, files, ctx) {
      for (const i of routingOf(model, files, ctx.options).issues) {
        if (i.code !== code) continue;
        const file = files.get(i.uri);
        const fixes: Fix[] = [];
        if (code === 'backend-ref-not-permitted' && file) {
          const f = grantFix(i, file, ctx.options);
          if (f) fixes.push(f);
        }
        if (code === 'unknown-section') fixes.push(...sectionFixes(i));
        ctx.report({
          ...(fixes.length ? { fixes } : {}), uri: i.uri, span: i.span, message: i.message, ...(i.related?.length ? { related: i.related } : {}), ...(i.severity ? { severity: i.severity } : {}), ...(i.data !== undefined ? { data: i.data } : {}) });
      }
    },
  };
}
