// `from:` / `to:` written with nothing after it: the API reads it as "no restriction", so the rule matches
// every peer — the opposite of what an empty key looks like it says. An explicit `[]` is left alone: writing
// it is a deliberate choice (the classic "allow all" policy), while a bare key is a truncated or mis-indented peer.
import { isScalar } from 'yaml';
import { isNetworkPolicy } from '../kinds.ts';
import { keySpan } from '../parse/access.ts';
import { npParts } from './np-walk.ts';
import { field } from './np-scalar.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'empty-peer-list',
  defaultSeverity: 'warning',
  description: '`from:` or `to:` is written with no value, which matches every peer (all pods, all namespaces, any IP).',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const parts = npParts(obj);
    for (const r of parts.rules) {
      const key = r.direction === 'ingress' ? 'from' : 'to';
      const f = field(parts.doc, r.node, key);
      if (!f) continue;
      const empty = f.node === undefined || (isScalar(f.node) && f.node.value === null);
      if (!empty) continue;
      const who = r.direction === 'ingress' ? 'every source' : 'every destination';
      ctx.report({
        span: keySpan(f.pair) ?? obj.span,
        message:
          `${r.path}.${key} has no value, which the API server treats like no \`${key}\` at all: this rule matches ${who} ` +
          `(all pods in all namespaces, and any IP address). To match nothing, drop the rule; to say "everything" ` +
          `on purpose, remove \`${key}\` so the intent is clear; otherwise list the peers under it.`,
      });
    }
  },
};
