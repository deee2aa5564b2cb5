// The Gateway API CRDs' CEL rules (x-kubernetes-validations), evaluated on each object after schema defaulting.
import { isGatewayApiObject } from '../kinds.ts';
import { schemaForObject } from '../schema/registry.ts';
import { checkCelRules } from '../validate/cel.ts';
import { kindEntryOf } from '../kinds/registry.ts';
import { pathText } from '../validate/constraints.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'gateway-rule',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Gateway API object breaks one of its CRD\'s CEL validation rules (unique listener names, tls only for HTTPS/TLS, redirect without backendRefs, ...); the API server rejects it.',
  appliesTo: isGatewayApiObject,
  checkObject(obj, ctx) {
    const schema = schemaForObject(obj);
    if (!schema) return;
    // Fixes come from the kind's folder (kind registry), keyed by this rule's code and the CEL rule in `data`.
    const fixesFor = kindEntryOf(obj)?.fixes?.[rule.code];
    checkCelRules(obj.doc, obj.node, schema, ctx.file.text, (v) => {
      const said = v.rule.message ?? `the rule \`${v.rule.rule}\` does not hold`;
      const report = {
        span: v.span,
        message: `${pathText(v.path)}: ${said.replace(/\.$/, '')}. The API server rejects this ${obj.kind ?? 'object'} (a validation rule of its CRD).`,
        data: { rule: v.rule.rule, path: v.path },
      };
      const fixes = fixesFor?.(report, ctx.file, obj, ctx) ?? [];
      ctx.report(fixes.length ? { ...report, fixes } : report);
    });
  },
};
