// An inline exception (netlens-disable comment or netlens.io/ignore annotation) that suppresses nothing.
// Reported by suppress/apply.ts, which alone knows which exceptions were used; the rule carries code and docs.
import type { Rule } from './rule.ts';

export const rule: Rule = {
  code: 'unused-suppression',
  defaultSeverity: 'warning',
  description: 'An inline exception (netlens-disable comment or netlens.io/ignore annotation) suppresses no finding, or names an unknown rule.',
};
