// metadata.namespace of a NetworkPolicy must be a DNS-1123 label (namespaces are named like that).
import { get, scalarString, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { clip, dns1123LabelErrors } from '../schema/names.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'invalid-namespace',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'metadata.namespace must be a DNS-1123 label (at most 63 lowercase alphanumerics or -).',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const node = get(obj.doc, get(obj.doc, obj.node, 'metadata'), 'namespace');
    const ns = scalarString(node);
    // Empty means "the namespace of the request" (kubectl's context), which is fine; non-strings are wrong-type's.
    if (!ns || isTemplated(ns)) return;
    const errs = dns1123LabelErrors(ns);
    if (errs.length > 0) ctx.report({ span: spanOf(node) ?? obj.span, message: `Invalid metadata.namespace "${clip(ns)}": ${errs.join('; ')}.` });
  },
};
