// Builds a workspace rule that reports the routing analysis' findings of one code (attachment, references,
// listeners): the decision lives in core/routing, each rule file names its code, severity and description.
import { kindEntryOf, objectAt } from '../kinds/registry.ts';
import { routingOf } from '../routing/index.ts';
import type { Fix } from '../types.ts';
import type { Severity } from '../types.ts';
import type { WorkspaceRule } from '../workspace.ts';

export function routingRule(code: string, defaultSeverity: Severity, description: string): WorkspaceRule {
  return {
    code,
    defaultSeverity,
    description,
    readsRouting: true,
    // Routing issues are reported at routes, Gateways and ReferenceGrants (core/routing: route.uri, gw.uri, g.uri).
    atGatewayApi: true,
    checkWorkspace(model, files, ctx) {
      for (const i of routingOf(model, files, ctx.options).issues) {
        if (i.code !== code) continue;
        // The fixes come from the kind registry: the folder of the object the finding is on.
        const file = files.get(i.uri);
        const obj = file ? objectAt(file, i.span) : undefined;
        const provider = obj ? kindEntryOf(obj)?.fixes?.[code] : undefined;
        const fixes: Fix[] = file && obj && provider && ctx.fixesIn(file) ? provider(i, file, obj, ctx) : [];
        ctx.report({
          ...(fixes.length ? { fixes } : {}), uri: i.uri, span: i.span, message: i.message, ...(i.related?.length ? { related: i.related } : {}), ...(i.severity ? { severity: i.severity } : {}), ...(i.data !== undefined ? { data: i.data } : {}) });
      }
    },
  };
}
