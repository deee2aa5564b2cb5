// Values that break the gateway CRDs' OpenAPI schema (enum, pattern, limits, formats, required, one-of): rejected on apply.
import { isGatewayApiObject } from '../kinds.ts';
import { crdKinds } from '../schema/crd.ts';
import { schemaForObject } from '../schema/registry.ts';
import { checkConstraints, pathText } from '../validate/constraints.ts';
import { getPair, keySpan, spanOf } from '../parse/access.ts';
import { parseFile, type ManifestObject } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';
import { objectProblems } from '../validate/index.ts';
import type { Rule, RuleContext } from './rule.ts';

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

const GROUP = 'gateway.networking.k8s.io/';

/** A kind NetLens reads, in a version the CRDs do not serve: it never exists in the cluster (and is not read). */
function notServed(obj: ManifestObject, ctx: RuleContext): void {
  // The versions the CRDs serve are the ones the generated schema table holds (scripts/gen-schemas.mjs skips the
  // others), so this list follows the CRDs in ../shared/reference when they are regenerated.
  const served = crdKinds().flatMap((k) => (k.kind === obj.kind && k.apiVersion.startsWith(GROUP) ? [k.apiVersion.slice(GROUP.length)] : []));
  const pair = getPair(obj.node, 'apiVersion');
  if (served.length === 0 || !pair) return;
  const value = spanOf(pair.value);
  const fix = value && value.end > value.start && served.includes('v1') ? toV1(obj, ctx, value) : undefined;
  ctx.report({
    span: value && value.end > value.start ? value : (keySpan(pair) ?? obj.span),
    message: `${obj.kind} is not served in ${obj.apiVersion ?? 'this version'}: the Gateway API CRDs (v1.6) serve ${served.map((v) => `${GROUP}${v}`).join(' and ')}, so the API server answers "no matches for kind" and the object is never created; NetLens does not read it. Use gateway.networking.k8s.io/v1.`,
    ...(fix ? { fixes: [fix] } : {}),
  });
}

/**
 * "Use gateway.networking.k8s.io/v1": offered only when the object, rewritten, passes every check of the v1 schema
 * and CRD rules (unknown fields included), so the fix never turns "never created" into "rejected".
 */
function toV1(obj: ManifestObject, ctx: RuleContext, value: Span): Fix | undefined {
  const newText = `${GROUP}v1`;
  // Only this object's text is parsed again (a file of many such objects must not be parsed once per object), with
  // its first line's lead turned into spaces: the indentation stays, and a `kind: List` item's "- " goes.
  const text = ctx.file.text;
  const from = text.lastIndexOf('\n', obj.span.start - 1) + 1;
  if (value.start < obj.span.start || value.end > obj.span.end) return undefined;
  const own = ' '.repeat(obj.span.start - from) + text.slice(obj.span.start, value.start) + newText + text.slice(value.end, obj.span.end);
  const rewritten = parseFile(ctx.file.uri, own, ctx.options).objects.find((o) => o.kind === obj.kind);
  if (!rewritten || objectProblems(rewritten, ctx.options).some((p) => p.rejects === true || p.code === 'unknown-field')) return undefined;
  return { title: `Use ${newText}`, edits: [{ span: value, newText }], isPreferred: true };
}
