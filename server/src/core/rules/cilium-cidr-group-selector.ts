// cidrGroupSelector in a CIDRSet entry is new in Cilium 1.17: an older API server refuses the unknown field under
// strict field validation (kubectl's default), or prunes it, and the entry, left with neither cidr nor cidrGroupRef,
// breaks the CRD's one-of; either way the policy is not stored as written.
import { isMap, isSeq } from 'yaml';
import { isCiliumPolicy } from '../kinds.ts';
import { ciliumRelease } from '../kinds/cilium/names.ts';
import { deref, get, getPair, keySpan } from '../parse/access.ts';
import { ciliumRules } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

/** The release whose CRD has CIDRRule.cidrGroupSelector (cilium#36087, v1.17.0; 1.16's one-of is cidr | cidrGroupRef). */
export const SELECTOR_SINCE = 1017;

function has(entry: unknown, key: string): boolean {
  return isMap(entry) && getPair(entry, key) !== undefined;
}

export const rule: Rule = {
  code: 'cilium-cidr-group-selector',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A fromCIDRSet/toCIDRSet entry uses cidrGroupSelector, which Cilium before 1.17 does not know; the API server rejects the policy.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    if (ciliumRelease(ctx.options) >= SELECTOR_SINCE) return;
    for (const r of ciliumRules(obj)) {
      const field = r.ingress ? 'fromCIDRSet' : 'toCIDRSet';
      const list = get(obj.doc, r.node, field);
      if (!isSeq(list)) continue;
      list.items.forEach((raw, i) => {
        const entry = deref(obj.doc, raw);
        const pair = isMap(entry) ? getPair(entry, 'cidrGroupSelector') : undefined;
        const span = pair && keySpan(pair);
        if (!span) return;
        ctx.report({
          span,
          message: `${r.path}.${field}[${i}]: cidrGroupSelector is new in Cilium 1.17 (netlens.ciliumVersion is ${ctx.options.ciliumVersion}): this release's API server refuses the unknown field under strict field validation (kubectl's default), and otherwise drops it${
            has(entry, 'cidr') || has(entry, 'cidrGroupRef') ? ' and keeps the rest of the entry' : ", leaving the entry without cidr or cidrGroupRef, which the CRD's one-of rejects"
          }. Name the group with cidrGroupRef, or upgrade.`,
        });
      });
    }
  },
};
