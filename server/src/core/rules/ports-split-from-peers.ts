// A rule with only `ports` right after a rule with only peers: an OR (any source on these ports) that was
// almost always meant as an AND (these peers on these ports) — one `- ` too many.
import { isMap, isSeq } from 'yaml';
import { isNetworkPolicy } from '../kinds.ts';
import { keySpan, spanOf } from '../parse/access.ts';
import type { Fix } from '../types.ts';
import { npParts, type NpRule } from './np-walk.ts';
import { field, isNullish } from './np-scalar.ts';
import type { Rule } from './rule.ts';

function has(rule: NpRule, key: string, doc: Parameters<typeof field>[0]): boolean {
  return !isNullish(field(doc, rule.node, key));
}

export const rule: Rule = {
  code: 'ports-split-from-peers',
  defaultSeverity: 'warning',
  description: 'A rule with only `ports` follows a rule with only peers: each is a separate rule, so the ports are open to every source.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const parts = npParts(obj);
    const text = ctx.file.text;
    for (const direction of ['ingress', 'egress'] as const) {
      const peerKey = direction === 'ingress' ? 'from' : 'to';
      const rules = parts.rules.filter((r) => r.direction === direction);
      for (let i = 1; i < rules.length; i++) {
        const prev = rules[i - 1] as NpRule;
        const cur = rules[i] as NpRule;
        if (!isMap(prev.node) || !isMap(cur.node)) continue;
        if (!has(prev, peerKey, parts.doc) || has(prev, 'ports', parts.doc)) continue;
        if (!has(cur, 'ports', parts.doc) || field(parts.doc, cur.node, peerKey) !== undefined || cur.node.items.length !== 1) continue;
        const ports = field(parts.doc, cur.node, 'ports');
        if (!ports || !isSeq(ports.node) || ports.node.items.length === 0) continue;
        const span = keySpan(ports.pair) ?? spanOf(cur.node) ?? obj.span;
        const side = direction === 'ingress' ? 'from every source' : 'to every destination';
        const fix = mergeFix(text, prev, cur);
        ctx.report({
          span,
          message:
            `${cur.path} has \`ports\` but no \`${peerKey}\`, so it allows these ports ${side} (any pod, any namespace, any IP), ` +
            `while ${prev.path} allows every port for its \`${peerKey}\` peers. Rules are ORed. If you meant "these peers on these ports", ` +
            `make \`ports\` part of ${prev.path} by removing the \`- \` before \`ports\`.`,
          ...(fix ? { fixes: [fix] } : {}),
        });
      }
    }
  },
};

/**
 * Turns `- ports:` into `  ports:` so the ports join the previous rule. Only for block style with the dash on
 * the key's line and the key aligned with the previous rule's keys afterwards; anything else gets no fix.
 */
function mergeFix(text: string, prev: NpRule, cur: NpRule): Fix | undefined {
  if (!isMap(prev.node) || !isMap(cur.node) || prev.node.flow || cur.node.flow) return undefined;
  const start = spanOf(cur.node)?.start;
  const prevStart = spanOf(prev.node)?.start;
  if (start === undefined || prevStart === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  const m = /^(\s*)-(\s+)$/.exec(before);
  if (!m) return undefined;
  const prevLineStart = text.lastIndexOf('\n', prevStart - 1) + 1;
  // The keys of both rules must start at the same column, so the merged key lines up with `from:`/`to:`.
  if (prevStart - prevLineStart !== start - lineStart) return undefined;
  const dash = lineStart + (m[1] ?? '').length;
  return {
    title: 'Make `ports` part of the previous rule (remove the extra `- `)',
    edits: [{ span: { start: dash, end: start }, newText: ' '.repeat(start - dash) }],
    isPreferred: true,
  };
}
