// YAML the parser rejects: reported where the parser stopped, since nothing after it can be trusted.
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'The file is not valid YAML.',
  checkFile(file, ctx) {
    for (const issue of file.issues) if (issue.kind === 'syntax') ctx.report({ span: issue.span, message: `YAML syntax error: ${issue.message}` });
  },
};
