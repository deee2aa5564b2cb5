// Values of the wrong JSON type (a list where a map belongs, a number where a string belongs): the API server cannot decode them.
import { spanOf } from '../parse/access.ts';
import { isNetworkPolicy } from '../kinds.ts';
import { NETWORK_POLICY } from '../schema/networkpolicy.ts';
import { describeExpected, formatPath } from '../schema/types.ts';
import { walkSchema } from '../schema/walk.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'wrong-type',
  defaultSeverity: 'error',
  description: 'A NetworkPolicy field holds a value of the wrong type (e.g. a list where a map belongs), which the API server cannot decode.',
  appliesTo: isNetworkPolicy,
  checkObject(obj, ctx) {
    walkSchema(obj.doc, obj.node, NETWORK_POLICY, {
      wrongType(e) {
        const span = spanOf(e.node);
        if (!span) return;
        const path = e.path.length === 0 ? 'The NetworkPolicy' : formatPath(e.path);
        const hint = e.mismatch.hint ? ` (${e.mismatch.hint})` : '';
        ctx.report({ span, message: `${path} must be ${describeExpected(e.schema)}, not ${e.mismatch.found}${hint}.` });
      },
    });
  },
};
