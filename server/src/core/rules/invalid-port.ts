// A NetworkPolicy port must be a number 1-65535 or a valid IANA service name, exactly as the API server checks it.
import { isNetworkPolicy } from '../kinds.ts';
import { isValidPortNumber, portNameProblems } from '../net/ports.ts';
import type { Fix } from '../types.ts';
import { npParts } from './np-walk.ts';
import { field, isTemplatedValue, replaceNodeFix, replaceScalarFix, show, valueSpan } from './np-scalar.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'invalid-port',
  defaultSeverity: 'error',
  validation: 'rejects',
  description: 'A NetworkPolicy port number is outside 1-65535, or a port name is not a valid IANA service name.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    const parts = npParts(obj);
    for (const r of parts.rules) {
      for (const port of r.ports) {
        const f = field(parts.doc, port.node, 'port');
        if (!f) continue;
        const path = `${port.path}.port`;
        const value = f.value;
        if (typeof value === 'number') {
          // Fractions are not an int32 at all: a wrong-type finding, not ours.
          if (Number.isInteger(value) && !isValidPortNumber(value)) {
            ctx.report({ span: valueSpan(f), message: `${path}: ${value} is not a valid port number; must be between 1 and 65535, inclusive.` });
          }
          continue;
        }
        if (typeof value !== 'string' || isTemplatedValue(value)) continue;
        const problems = portNameProblems(value);
        if (problems.length === 0) continue;
        const fixes: Fix[] = [];
        let message: string;
        if (/^[0-9]+$/.test(value)) {
          // A quoted number is a string, and a string port is a name: the API server never reads it as a number.
          const n = Number(value);
          message = `${path}: ${show(value)} is a string, so it is read as a port name, and a port name must contain at least one letter (a-z).`;
          if (isValidPortNumber(n) && String(n) === value) {
            message += ` Write ${n} without quotes for the port number.`;
            const fix = replaceNodeFix(f.node, String(n), `Use port number ${n}`, true);
            if (fix) fixes.push(fix);
          } else {
            message += ' As a number it would have to be between 1 and 65535.';
          }
        } else {
          message = `${path}: ${show(value)} is not a valid port name: ${problems.join('; ')}.`;
          const lower = value.toLowerCase();
          if (lower !== value && portNameProblems(lower).length === 0) {
            const fix = replaceScalarFix(ctx.file.text, f.node, lower, `Use ${lower}`, true);
            if (fix) fixes.push(fix);
          }
        }
        ctx.report({ span: valueSpan(f), message, fixes });
      }
    }
  },
};
