// The Gateway API CRDs' CEL rules (x-kubernetes-validations), evaluated on each object after schema defaulting.
import { isGatewayApiObject } from '../kinds.ts';
import { schemaForObject } from '../schema/registry.ts';
import { checkCelRules, type CelViolation } from '../validate/cel.ts';
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
      if (restatesMapKey(v)) return;
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

/**
 * A rule that says a list's items have unique `key` (`self.all(a, self.exists_one(b, a.key == b.key))`) on a list
 * whose schema already makes `key` its map key (x-kubernetes-list-type: map): gateway-schema reports each
 * repeated key at its item, so the listeners' "name must be unique" rule would say the same defect twice.
 */
function restatesMapKey(v: CelViolation): boolean {
  const m = /^self\.all\((\w+),\s*self\.exists_one\((\w+),\s*\1\.(\w+)\s*==\s*\2\.\3\)\)$/.exec(v.rule.rule.trim());
  return m !== null && v.schema.listType === 'map' && v.schema.listMapKeys?.length === 1 && v.schema.listMapKeys[0] === m[3];
}
