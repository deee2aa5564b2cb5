// Convention (netlens.conventions.requiredPolicyAnnotations): every policy carries the team's required annotations
// (`key`, or `key=value` for a fixed value).
import { missingEntries, metadataMap } from '../conventions/metadata.ts';
import { isConventionPolicyObject } from '../conventions/view.ts';
import { metadataSpan } from '../conventions/report.ts';
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'missing-policy-annotation',
  defaultSeverity: 'warning',
  judgesAbsence: true,
  description: 'Convention requiredPolicyAnnotations: a policy lacks an annotation the team requires.',
  appliesTo: isConventionPolicyObject,
  checkObject(obj, ctx) {
    const required = ctx.options.conventions.requiredPolicyAnnotations;
    if (required.length === 0) return;
    const missing = missingEntries(metadataMap(obj, 'annotations'), required);
    if (missing.length === 0) return;
    const list = missing.map((m) => `'${m}'`).join(', ');
    ctx.report({ span: metadataSpan(ctx.file, obj), message: `This policy lacks the required annotation${missing.length > 1 ? 's' : ''} ${list} (netlens.conventions.requiredPolicyAnnotations).` });
  },
};
