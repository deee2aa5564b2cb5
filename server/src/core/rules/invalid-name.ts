// metadata.name (or generateName) of a NetworkPolicy must be a DNS-1123 subdomain, as the API server requires.
import { isMap } from 'yaml';
import { get, getPair, keySpan, scalarString, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { clip, dns1123SubdomainErrors } from '../schema/names.ts';
import { valueKind } from '../schema/walk.ts';
import type { Rule } from './rule.ts';

// generateName is a prefix: the server appends random characters, so a trailing '-' is fine (apimachinery masks it).
const maskTrailingDash = (s: string): string => (s.length > 1 && s.endsWith('-') ? `${s.slice(0, -1)}a` : s);

export const rule: Rule = {
  code: 'invalid-name',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'metadata.name must be set (unless generateName is) and be a DNS-1123 subdomain.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const doc = obj.doc;
    const metaPair = getPair(obj.node, 'metadata');
    const meta = get(doc, obj.node, 'metadata');
    const metaKind = valueKind(meta);
    if (metaKind !== 'map' && metaKind !== 'null') return; // a list or scalar metadata is wrong-type's finding
    const nameNode = get(doc, meta, 'name');
    const genNode = get(doc, meta, 'generateName');
    const nameKind = valueKind(nameNode);
    const genKind = valueKind(genNode);
    if ((nameKind !== 'string' && nameKind !== 'null') || (genKind !== 'string' && genKind !== 'null')) return;
    const name = scalarString(nameNode) ?? '';
    const generateName = scalarString(genNode) ?? '';
    if (generateName && !isTemplated(generateName)) {
      const errs = dns1123SubdomainErrors(maskTrailingDash(generateName));
      if (errs.length > 0) {
        ctx.report({ span: spanOf(genNode) ?? obj.span, message: `Invalid metadata.generateName "${clip(generateName)}": the prefix ${errs.join('; ')}.` });
      }
    }
    if (name === '') {
      if (generateName) return;
      const namePair = isMap(meta) ? getPair(meta, 'name') : undefined;
      const kindPair = getPair(obj.node, 'kind');
      const anchor = (namePair && keySpan(namePair)) ?? (metaPair && keySpan(metaPair)) ?? (kindPair && spanOf(kindPair.value));
      ctx.report({
        span: anchor ?? { start: obj.span.start, end: obj.span.start },
        message: 'metadata.name is required (or metadata.generateName): the API server rejects a NetworkPolicy without a name.',
      });
      return;
    }
    if (isTemplated(name)) return;
    const errs = dns1123SubdomainErrors(name);
    if (errs.length > 0) ctx.report({ span: spanOf(nameNode) ?? obj.span, message: `Invalid metadata.name "${clip(name)}": ${errs.join('; ')}.` });
  },
};
