// A key written twice in one map: YAML parsers disagree on which wins, and the API server sees only one.
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'duplicate-key',
  defaultSeverity: 'error',
  description: 'A map holds the same key twice.',
  checkFile(file, ctx) {
    for (const issue of file.issues) {
      if (issue.kind === 'duplicate-key') ctx.report({ span: issue.span, message: 'Duplicate key: this map already has this key; only one of the values would be applied.' });
    }
  },
};
