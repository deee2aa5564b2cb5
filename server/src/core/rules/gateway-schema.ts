// Values that break the gateway CRDs' OpenAPI schema (enum, pattern, limits, formats, required, one-of): rejected on apply.
import { isGatewayApiObject } from '../kinds.ts';
import { schemaForObject } from '../schema/registry.ts';
import { checkConstraints, pathText } from '../validate/constraints.ts';
import { getPair, keySpan, spanOf } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';
import type { Rule, RuleContext } from './rule.ts';

/**
 * Versions the Gateway API v1.6 CRDs serve, for the kinds NetLens reads. v1alpha2 of Gateway, GatewayClass and
 * HTTPRoute stopped being served in v0.8; of GRPCRoute and ReferenceGrant in v1.2; GRPCRoute never had v1beta1.
 */
const SERVED: Readonly<Record<string, readonly string[]>> = {
  Gateway: ['v1', 'v1beta1'],
  GatewayClass: ['v1', 'v1beta1'],
  HTTPRoute: ['v1', 'v1beta1'],
  GRPCRoute: ['v1'],
  ReferenceGrant: ['v1', 'v1beta1'],
};

export const rule: Rule = {
  code: 'gateway-schema',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Gateway API object (Gateway, GatewayClass, HTTPRoute, GRPCRoute, ReferenceGrant) breaks its CRD\'s schema (enum, pattern, limits, format, required, one-of), or is written in a version the CRDs do not serve; the API server rejects it.',
  appliesTo: isGatewayApiObject,
  checkObject(obj, ctx) {
    const schema = schemaForObject(obj);
    if (!schema) {
      notServed(obj, ctx);
      return;
    }
    checkConstraints(obj.doc, obj.node, schema, ctx.file.text, (v) => {
      ctx.report({ span: v.span, message: `${pathText(v.path)}: ${v.message}; the API server rejects the ${obj.kind ?? 'object'}.`, data: { keyword: v.keyword } });
    });
  },
};

/** A kind NetLens reads, in a version the CRDs do not serve: it never exists in the cluster (and is not read). */
function notServed(obj: ManifestObject, ctx: RuleContext): void {
  const served = obj.kind !== undefined && Object.hasOwn(SERVED, obj.kind) ? SERVED[obj.kind] : undefined;
  const pair = getPair(obj.node, 'apiVersion');
  if (!served || !pair) return;
  const value = spanOf(pair.value);
  ctx.report({
    span: value && value.end > value.start ? value : (keySpan(pair) ?? obj.span),
    message: `${obj.kind} is not served in ${obj.apiVersion ?? 'this version'}: the Gateway API CRDs (v1.6) serve ${served.map((v) => `gateway.networking.k8s.io/${v}`).join(' and ')}, so the API server answers "no matches for kind" and the object is never created; NetLens does not read it. Use gateway.networking.k8s.io/v1.`,
  });
}
