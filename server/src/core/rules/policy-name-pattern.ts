// Convention (netlens.conventions.policyNamePattern): policy names match the team's regular expression.
import { namePatternRegExp } from '../conventions/settings.ts';
import { isConventionPolicyObject } from '../conventions/view.ts';
import { nameSpan } from '../conventions/report.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'policy-name-pattern',
  defaultSeverity: 'warning',
  description: 'Convention policyNamePattern: a policy name does not match the team\'s regular expression.',
  appliesTo: isConventionPolicyObject,
  checkObject(obj, ctx) {
    const pattern = ctx.options.conventions.policyNamePattern;
    if (pattern === undefined || obj.name === undefined) return;
    const re = namePatternRegExp(pattern);
    if (!re || re.test(obj.name)) return;
    ctx.report({ span: nameSpan(ctx.file, obj), message: `Policy name '${obj.name}' does not match the team's naming convention /${pattern}/ (netlens.conventions.policyNamePattern; the whole name must match).` });
  },
};
