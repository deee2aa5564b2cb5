// Each `except` of a Cilium CIDR set must lie inside its `cidr` (Cilium checks that the cidr contains the except's address).
import { isMap, isScalar, isSeq } from 'yaml';
import { isCiliumPolicy } from '../kinds.ts';
import { deref, get, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { maskBytes, parsePrefixStrict, type StrictPrefix } from '../net/go-ip.ts';
import { ciliumRules } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

const SETS = ['fromCIDRSet', 'toCIDRSet'];

/** Go's netip.Prefix.Contains(addr): same family (IPv4-mapped IPv6 counts as IPv6), first `prefix` bits equal. */
function contains(p: StrictPrefix, addr: StrictPrefix): boolean {
  if (p.bytes.length !== addr.bytes.length) return false;
  const a = maskBytes(p.bytes, p.prefix);
  const b = maskBytes(addr.bytes, p.prefix);
  return a.every((x, i) => x === b[i]);
}

export const rule: Rule = {
  code: 'cilium-except-outside-cidr',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'An `except` entry of a Cilium fromCIDRSet/toCIDRSet does not lie inside its `cidr` (or is another address family); Cilium rejects the policy.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const doc = obj.doc;
    for (const r of ciliumRules(obj)) {
      for (const key of SETS) {
        const list = get(doc, r.node, key);
        if (!isSeq(list)) continue;
        list.items.forEach((raw, i) => {
          const set = deref(doc, raw);
          if (!isMap(set)) return;
          const cidrNode = get(doc, set, 'cidr');
          const cidrText = isScalar(cidrNode) && typeof cidrNode.value === 'string' ? cidrNode.value : undefined;
          if (!cidrText || isTemplated(cidrText)) return;
          const cidr = parsePrefixStrict(cidrText);
          if (!cidr) return; // not a CIDR: the schema's format check reports it
          const except = get(doc, set, 'except');
          if (!isSeq(except)) return;
          except.items.forEach((e, j) => {
            const node = deref(doc, e);
            const text = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
            if (!text || isTemplated(text)) return;
            const ex = parsePrefixStrict(text);
            const span = spanOf(node);
            if (!span) return;
            const path = `${r.path}.${key}[${i}].except[${j}]`;
            if (!ex) {
              ctx.report({ span, message: `${path}: "${text}" is not a CIDR (address/prefix-length); Cilium rejects the policy.` });
              return;
            }
            if (contains(cidr, ex)) return;
            const family = cidr.bytes.length !== ex.bytes.length ? ` (it is ${ex.is6 ? 'IPv6' : 'IPv4'}, the cidr ${cidr.is6 ? 'IPv6' : 'IPv4'})` : '';
            ctx.report({
              span,
              message: `${path}: "${text}" is not inside the cidr "${cidrText}"${family}; Cilium rejects the policy (an exception must carve a range out of its own CIDR).`,
              related: spanOf(cidrNode) ? [{ uri: obj.uri, span: spanOf(cidrNode)!, message: 'the cidr' }] : [],
            });
          });
        });
      }
    }
  },
};
