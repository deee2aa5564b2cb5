// Convention (netlens.conventions.requiredPolicyLabels): every policy carries the team's required labels
// (`key`, or `key=value` for a fixed value).
import { missingEntries, metadataMap } from '../conventions/metadata.ts';
import { isConventionPolicyObject } from '../conventions/view.ts';
import { metadataSpan } from '../conventions/report.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'missing-policy-label',
  defaultSeverity: 'warning',
  judgesAbsence: true,
  description: 'Convention requiredPolicyLabels: a policy lacks a label the team requires.',
  appliesTo: isConventionPolicyObject,
  checkObject(obj, ctx) {
    const required = ctx.options.conventions.requiredPolicyLabels;
    if (required.length === 0) return;
    const missing = missingEntries(metadataMap(obj, 'labels'), required);
    if (missing.length === 0) return;
    const list = missing.map((m) => `'${m}'`).join(', ');
    ctx.report({ span: metadataSpan(ctx.file, obj), message: `This policy lacks the required label${missing.length > 1 ? 's' : ''} ${list} (netlens.conventions.requiredPolicyLabels).` });
  },
};
