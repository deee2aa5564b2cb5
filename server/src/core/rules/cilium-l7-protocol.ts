// Cilium L7 rules (http, kafka, l7proto) need every port of their port rule to say `protocol: TCP`; DNS is exempt.
import { isMap, isSeq } from 'yaml';
import { detectStyle, addPair, type YamlStyle } from '../fixes/yaml-text.ts';
import { isCiliumPolicy } from '../kinds.ts';
import { deref, get, getPair, keySpan, spanOf } from '../parse/access.ts';
import type { Fix } from '../types.ts';
import { ciliumRules, portRules, scalarText } from './cilium-walk.ts';
import { replaceScalarFix } from './np-scalar.ts';
import type { Rule } from './rule.ts';

const L7_KEYS = ['http', 'kafka', 'l7proto', 'l7'];

export const rule: Rule = {
  code: 'cilium-l7-protocol',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A Cilium port rule with L7 rules (HTTP, Kafka, generic L7) has a port whose protocol is not explicitly TCP (an omitted protocol means ANY); Cilium rejects the policy.',
  appliesTo: isCiliumPolicy,
  checkObject(obj, ctx) {
    const doc = obj.doc;
    // Read from the file's documents only when a fix is written: most policies have nothing to report, and a file
    // without a block sequence was walked whole for it (80 ms of CPU profile at 1,000 Cilium files).
    let style: YamlStyle | undefined;
    for (const r of ciliumRules(obj)) {
      for (const pr of portRules(doc, r)) {
        const rules = get(doc, pr.node, 'rules');
        if (!isMap(rules)) continue;
        // DNS rules may use UDP or ANY; a port rule whose L7 part is only DNS is not ours.
        const l7 = L7_KEYS.filter((k) => {
          const v = get(doc, rules, k);
          return v !== undefined && !(isSeq(v) && v.items.length === 0 && k !== 'l7proto') && scalarText(v) !== '';
        });
        const hasDns = (() => {
          const v = get(doc, rules, 'dns');
          return isSeq(v) && v.items.length > 0;
        })();
        if (l7.length === 0 || hasDns) continue;
        const ports = get(doc, pr.node, 'ports');
        if (!isSeq(ports)) continue;
        ports.items.forEach((raw, i) => {
          const port = deref(doc, raw);
          if (!isMap(port)) return;
          const protoNode = get(doc, port, 'protocol');
          const proto = scalarText(protoNode);
          if (proto !== undefined && proto.toUpperCase() === 'TCP') return;
          const path = `${pr.path}.ports[${i}]`;
          const fixes: Fix[] = [];
          if (proto === undefined) {
            const edit = addPair(ctx.file.text, port, 'protocol', 'TCP', (style ??= detectStyle(ctx.file.text, ctx.file.docs)));
            if (edit) fixes.push({ title: 'Add protocol: TCP', edits: [edit], isPreferred: true });
          } else {
            const fix = replaceScalarFix(ctx.file.text, protoNode, 'TCP', 'Use protocol TCP', true);
            if (fix) fixes.push(fix);
          }
          const protoPair = getPair(port, 'protocol');
          const span = (proto !== undefined && spanOf(protoNode)) || (protoPair && keySpan(protoPair)) || spanOf(port) || obj.span;
          const what = proto === undefined ? 'sets no protocol, which means ANY' : `uses protocol ${proto}`;
          ctx.report({
            span: trimEnd(ctx.file.text, span),
            message: `${path}: L7 rules (${l7.join(', ')}) apply only to TCP, and this port ${what}; Cilium rejects the policy. Set \`protocol: TCP\`.`,
            fixes,
          });
        });
      }
    }
  },
};

function trimEnd(text: string, s: { start: number; end: number }): { start: number; end: number } {
  let end = s.end;
  while (end > s.start && /\s/.test(text.charAt(end - 1))) end--;
  return { start: s.start, end };
}
