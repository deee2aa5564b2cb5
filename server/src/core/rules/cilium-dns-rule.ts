// Cilium DNS (rules.dns) port rules: egress only, with explicit ports, and no port ranges.
import { isMap, isSeq } from 'yaml';
import { isCiliumPolicy } from '../kinds.ts';
import { deref, get, getPair, keySpan } from '../parse/access.ts';
import { ciliumRules, portRules, scalarText } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'cilium-dns-rule',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Cilium `rules.dns` port rule is on ingress, has no ports, or uses a port range (endPort); Cilium rejects the policy.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const doc = obj.doc;
    for (const r of ciliumRules(obj)) {
      for (const pr of portRules(doc, r)) {
        const rules = get(doc, pr.node, 'rules');
        const dns = isMap(rules) ? get(doc, rules, 'dns') : undefined;
        if (!isSeq(dns) || dns.items.length === 0 || !isMap(rules)) continue;
        const dnsPair = getPair(rules, 'dns');
        const dnsSpan = (dnsPair && keySpan(dnsPair)) ?? obj.span;
        if (r.ingress) {
          ctx.report({ span: dnsSpan, message: `${pr.path}.rules.dns: DNS rules are not allowed on ingress (they make Cilium's DNS proxy see a pod's own lookups, which only egress does); Cilium rejects the policy.` });
          continue;
        }
        const ports = get(doc, pr.node, 'ports');
        if (!isSeq(ports) || ports.items.length === 0) {
          ctx.report({ span: dnsSpan, message: `${pr.path}.rules.dns: DNS rules need the DNS port in \`ports\` (port "53", protocol ANY, UDP or TCP); Cilium rejects the policy.` });
          continue;
        }
        ports.items.forEach((raw, i) => {
          const port = deref(doc, raw);
          if (!isMap(port)) return;
          const end = get(doc, port, 'endPort');
          const endText = scalarText(end);
          const start = Number(scalarText(get(doc, port, 'port')));
          if (endText === undefined || !Number.isFinite(start) || !(Number(endText) > start)) return;
          const endPair = getPair(port, 'endPort');
          ctx.report({ span: (endPair && keySpan(endPair)) ?? dnsSpan, message: `${pr.path}.ports[${i}].endPort: DNS rules do not support port ranges; list the DNS port alone. Cilium rejects the policy.` });
        });
      }
    }
  },
};
