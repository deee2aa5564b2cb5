// A NetworkPolicy port's protocol must be exactly TCP, UDP or SCTP (the API server compares case-sensitively).
import { isNetworkPolicy } from '../kinds.ts';
import type { Fix } from '../types.ts';
import { npParts } from './np-walk.ts';
import { field, isTemplatedValue, obviousValue, replaceScalarFix, show, valueSpan } from './np-scalar.ts';
import type { Rule } from './rule.ts';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

export const rule: Rule = {
  code: 'invalid-protocol',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A NetworkPolicy port protocol is not exactly TCP, UDP or SCTP.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const parts = npParts(obj);
    for (const r of parts.rules) {
      for (const port of r.ports) {
        const f = field(parts.doc, port.node, 'protocol');
        // Null means unset (defaults to TCP); numbers and maps are a wrong-type finding, not ours.
        if (!f || typeof f.value !== 'string' || isTemplatedValue(f.value)) continue;
        const value = f.value;
        if ((PROTOCOLS as readonly string[]).includes(value)) continue;
        const fixes: Fix[] = [];
        const meant = obviousValue(value, PROTOCOLS);
        const fix = meant && replaceScalarFix(ctx.file.text, f.node, meant, `Use ${meant}`, true);
        if (fix) fixes.push(fix);
        const hint = meant && meant.toLowerCase() === value.toLowerCase() ? ` (protocol names are case-sensitive: write ${meant})` : '';
        ctx.report({
          span: valueSpan(f),
          message: `${port.path}.protocol: ${show(value)} is not supported; must be one of TCP, UDP, SCTP${hint}.`,
          fixes,
        });
      }
    }
  },
};
