// Files NetLens declines (too large, binary, nested too deeply, alias bombs) get one clear diagnostic instead of silence.
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'file-not-analyzed',
  defaultSeverity: 'warning',
  description: 'The file (or one document of it) was skipped: too large, binary, nested too deeply, or an alias bomb.',
  checkFile(file, ctx) {
    for (const issue of file.issues) {
      if (issue.kind === 'too-large' || issue.kind === 'binary' || issue.kind === 'alias-limit' || issue.kind === 'too-deep' || issue.kind === 'too-large-document') ctx.report({ span: issue.span, message: issue.message });
    }
  },
};
