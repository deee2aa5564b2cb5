// endPort makes a port range: only with a numeric port, never below it, and itself 1-65535 (the API server's rules).
import { isNetworkPolicy } from '../kinds.ts';
import { isValidPortNumber } from '../net/ports.ts';
import { npParts } from './np-walk.ts';
import { field, isNullish, isTemplatedValue, show, valueSpan } from './np-scalar.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'invalid-end-port',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A NetworkPolicy endPort is used without a numeric port, is below port, or is outside 1-65535.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const parts = npParts(obj);
    for (const r of parts.rules) {
      for (const item of r.ports) {
        const end = field(parts.doc, item.node, 'endPort');
        // Unset, or not an integer at all (a wrong-type finding, not ours).
        if (!end || typeof end.value !== 'number' || !Number.isInteger(end.value)) continue;
        const endPort = end.value;
        const path = `${item.path}.endPort`;
        const port = field(parts.doc, item.node, 'port');
        if (isNullish(port)) {
          ctx.report({ span: valueSpan(end), message: `${path}: may not be specified when port is not specified; a range needs a numeric start port.` });
          continue;
        }
        const start = port?.value;
        if (typeof start === 'string') {
          if (isTemplatedValue(start)) continue;
          ctx.report({
            span: valueSpan(end),
            message: `${path}: may not be specified when port is a named port (${show(start)}); a range needs a numeric start port.`,
          });
          continue;
        }
        if (typeof start !== 'number' || !Number.isInteger(start)) continue;
        const problems: string[] = [];
        if (endPort < start) problems.push(`must be greater than or equal to port (${start})`);
        if (!isValidPortNumber(endPort)) problems.push('must be between 1 and 65535, inclusive');
        if (problems.length > 0) ctx.report({ span: valueSpan(end), message: `${path}: ${endPort} ${problems.join(', and ')}.` });
      }
    }
  },
};
