// `ingress: [{}]` / `egress: [{}]` in a Cilium policy: the documented default-deny idiom. It isolates the
// endpoints and allows nothing in the releases that document it, but an empty rule has meant different things
// across Cilium versions, so the intent is better written explicitly: a rule whose only peer is the `none` entity.
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { deref, get, seqItems, spanOf } from '../parse/access.ts';
import type { Rule } from './rule.ts';

const isCilium = (obj: { kind?: string; apiVersion?: string }): boolean =>
  obj.apiVersion === 'cilium.io/v2' && (obj.kind === 'CiliumNetworkPolicy' || obj.kind === 'CiliumClusterwideNetworkPolicy');

export const rule: Rule = {
  code: 'cilium-empty-rule',
  defaultSeverity: 'warning',
  description: 'An empty Cilium rule (`- {}`) under ingress or egress: default-deny in the documented releases, but its meaning varies by version; write the explicit form.',
  appliesTo: isCilium,
  checkObject(obj, ctx) {
    const doc = obj.doc;
    const specs = [get(doc, obj.node, 'spec'), ...seqItems(doc, get(doc, obj.node, 'specs'))];
    for (const spec of specs) {
      if (!isMap(spec)) continue;
      for (const section of ['ingress', 'egress'] as const) {
        const list = get(doc, spec, section);
        if (!isSeq(list)) continue;
        list.items.forEach((written, i) => {
          // An item written as an alias is the rule it names (the reader reads it so): reported at the anchored
          // text, without a fix (an edit there would change every rule that names it).
          const item = deref(doc, written);
          const empty = (isMap(item) && item.items.length === 0) || (isScalar(item) && item.value === null);
          const span = spanOf(item);
          if (!empty || !span || span.end <= span.start) return;
          const field = section === 'ingress' ? 'fromEntities' : 'toEntities';
          ctx.report({
            span,
            message:
              `${section}[${i}] is an empty rule. Cilium documents \`${section}: [{}]\` as default-deny (the endpoints are isolated for ` +
              `${section} and the rule allows nothing), but an empty rule has been read differently across versions. Say it ` +
              `explicitly: \`{${field}: [none]}\` isolates and allows nothing in every version.`,
            fixes: isAlias(written) ? [] : [{ title: `Write the explicit default-deny rule {${field}: [none]}`, isPreferred: true, edits: [{ span, newText: `{${field}: [none]}` }] }],
          });
        });
      }
    }
  },
};
