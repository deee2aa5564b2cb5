// CiliumCIDRGroup objects the API server refuses (its CRD: spec.externalCIDRs required, each entry `format: cidr`;
// cilium.io/v2 served from Cilium 1.18).
import { isScalar, isSeq } from 'yaml';
import { isCidrGroup, servedIn } from '../kinds/cilium/cidrgroup.ts';
import { parseCidr } from '../net/cidr.ts';
import { deref, get, keySpan, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import type { Pair } from 'yaml';
import type { Rule } from './rule.ts';

const WHY = 'the API server rejects the CiliumCIDRGroup, so policies naming it (cidrGroupRef) or selecting it (cidrGroupSelector) match none of its addresses';

export const rule: Rule = {
  code: 'cilium-cidr-group',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A CiliumCIDRGroup has no spec.externalCIDRs list, an entry that is not a CIDR, or (before Cilium 1.18) apiVersion cilium.io/v2; the API server rejects the group.',
  appliesTo: isCidrGroup,
  checkObject(obj, ctx) {
    if (!servedIn(obj.apiVersion, ctx.options)) {
      const pair = (obj.node.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === 'apiVersion');
      ctx.report({
        span: (pair && spanOf(pair.value)) ?? obj.span,
        message: `cilium.io/v2 CiliumCIDRGroup is served from Cilium 1.18 (netlens.ciliumVersion is ${ctx.options.ciliumVersion}): the API server answers "no matches for kind", so policies naming the group match none of its addresses. Use cilium.io/v2alpha1.`,
      });
      return;
    }
    const doc = obj.doc;
    const spec = get(doc, obj.node, 'spec');
    const list = get(doc, spec, 'externalCIDRs');
    if (!isSeq(list)) {
      // Point at what is there: the externalCIDRs key, else spec's key, else the kind.
      const pairs = obj.node.items as Pair[];
      const specPair = pairs.find((p) => isScalar(p.key) && p.key.value === 'spec');
      const kindPair = pairs.find((p) => isScalar(p.key) && p.key.value === 'kind');
      const listPair = ((deref(doc, spec) as { items?: Pair[] } | undefined)?.items ?? []).find((p) => isScalar(p.key) && p.key.value === 'externalCIDRs');
      const span = (listPair && keySpan(listPair)) ?? (specPair && keySpan(specPair)) ?? (kindPair && keySpan(kindPair)) ?? obj.span;
      const what = listPair ? 'spec.externalCIDRs must be a list of CIDRs (an empty list is allowed)' : specPair ? 'spec.externalCIDRs is required (an empty list is allowed)' : 'spec.externalCIDRs is required: the group has no spec';
      ctx.report({ span, message: `${what}; ${WHY}.` });
      return;
    }
    list.items.forEach((raw, i) => {
      const node = deref(doc, raw);
      const text = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
      if (text !== undefined && (isTemplated(text) || parseCidr(text))) return;
      const span = spanOf(node) ?? spanOf(raw);
      const shown = text !== undefined ? `"${text}"` : isScalar(node) ? String(node.value) : 'this entry';
      if (span) ctx.report({ span, message: `spec.externalCIDRs[${i}]: ${shown} is not a CIDR (address/prefix-length, e.g. 192.0.2.0/24); ${WHY}.` });
    });
  },
};
