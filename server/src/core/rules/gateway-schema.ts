// Values that break the gateway CRDs' OpenAPI schema (enum, pattern, limits, formats, required, one-of): rejected on apply.
import { isGatewayApiObject } from '../kinds.ts';
import { schemaForObject } from '../schema/registry.ts';
import { checkConstraints, pathText } from '../validate/constraints.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'gateway-schema',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Gateway API object (Gateway, GatewayClass, HTTPRoute, GRPCRoute, ReferenceGrant) breaks its CRD\'s schema (enum, pattern, limits, format, required, one-of); the API server rejects it.',
  appliesTo: isGatewayApiObject,
  checkObject(obj, ctx) {
    const schema = schemaForObject(obj);
    if (!schema) return;
    checkConstraints(obj.doc, obj.node, schema, ctx.file.text, (v) => {
      ctx.report({ span: v.span, message: `${pathText(v.path)}: ${v.message}; the API server rejects the ${obj.kind ?? 'object'}.`, data: { keyword: v.keyword } });
    });
  },
};
