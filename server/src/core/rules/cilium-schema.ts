// Values that break the cilium CRDs' OpenAPI schema (enum, pattern, limits, formats, required, one-of): rejected on apply.
import { isCiliumPolicy } from '../kinds.ts';
import { schemaForObject } from '../schema/registry.ts';
import { checkConstraints, pathText } from '../validate/constraints.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'cilium-schema',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy value breaks the CRD\'s schema (enum, pattern, limits, format, required, one-of); the API server rejects it.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const schema = schemaForObject(obj);
    if (!schema) return;
    checkConstraints(obj.doc, obj.node, schema, ctx.file.text, (v) => {
      // The subject's one-of (endpointSelector / nodeSelector) is cilium-subject's, with a clearer message.
      if (v.keyword === 'oneOf' && v.message.includes('endpointSelector')) return;
      ctx.report({ span: v.span, message: `${pathText(v.path)}: ${v.message}; the API server rejects the ${obj.kind ?? 'object'}.`, data: { keyword: v.keyword } });
    });
  },
};
