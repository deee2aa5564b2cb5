// Each from/to peer must name pods, namespaces or an IP block, and an ipBlock may not share a peer with a selector.
import { isMap, isScalar } from 'yaml';
import { keySpan, spanOf } from '../parse/access.ts';
import { isNetworkPolicy } from '../kinds.ts';
import type { Span } from '../source.ts';
import { npParts } from './np-walk.ts';
import { field, isNullish, itemSpan } from './np-scalar.ts';
import type { Rule } from './rule.ts';

const PEER_KEYS = ['podSelector', 'namespaceSelector', 'ipBlock'] as const;

export const rule: Rule = {
  code: 'invalid-peer',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A NetworkPolicy peer sets none of podSelector, namespaceSelector, ipBlock, or combines ipBlock with a selector.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const parts = npParts(obj);
    const text = ctx.file.text;
    for (const r of parts.rules) {
      for (const peer of r.peers) {
        const node = peer.node;
        // A null item is an empty peer to the API server; scalars and lists are a wrong-type finding, not ours.
        const isNull = node === undefined || (isScalar(node) && node.value === null);
        if (!isNull && !isMap(node)) continue;
        const set = isNull ? [] : PEER_KEYS.filter((k) => !isNullish(field(parts.doc, node, k)));
        if (set.length === 0) {
          const nulls = isNull ? [] : PEER_KEYS.filter((k) => field(parts.doc, node, k) !== undefined);
          const hint = nulls.length > 0 ? ` ${nullHint(nulls)}` : '';
          ctx.report({ span: peerSpan(text, node, spanOf(node) ?? obj.span), message: `${peer.path}: must specify a peer: set at least one of podSelector, namespaceSelector or ipBlock.${hint}` });
          continue;
        }
        if (set.includes('ipBlock') && set.length > 1) {
          const others = set.filter((k) => k !== 'ipBlock');
          const ipb = field(parts.doc, node, 'ipBlock');
          ctx.report({
            span: (ipb && keySpan(ipb.pair)) ?? spanOf(node) ?? obj.span,
            message: `${peer.path}: may not specify both ipBlock and ${others.join(' and ')}; put the ipBlock in its own peer (a separate list item).`,
          });
        }
      }
    }
  },
};

/** An empty peer reads best at its first key (or `{}`), not across a multi-line map. */
function peerSpan(text: string, node: unknown, fallback: Span): Span {
  if (isMap(node)) {
    const first = node.items[0];
    const s = spanOf(node);
    if (first && s && text.slice(s.start, s.end).includes('\n')) return spanOf(first.key) ?? s;
    if (s && s.end > s.start) return s;
  }
  return itemSpan(text, node as never, fallback);
}

/** Explains why `podSelector:` with nothing after it does not count: YAML reads it as null. */
function nullHint(keys: string[]): string {
  const what = keys.map((k) => `\`${k}:\``).join(' and ');
  const verb = keys.length > 1 ? 'have' : 'has';
  const selector = keys.find((k) => k !== 'ipBlock');
  const advice = selector
    ? `write \`${selector}: {}\` to select everything, or indent its fields under it`
    : 'indent its cidr under it';
  return `${what} ${verb} no value (null), which counts as not set; ${advice}.`;
}
