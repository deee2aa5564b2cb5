// Templated manifests (Helm, Jinja) are not YAML until rendered: say so once instead of reporting a cascade.
import { OUR_KINDS_RE } from '../kinds.ts';
import type { Rule } from './rule.ts';

const NAMES = { go: 'Go/Helm template', jinja: 'Jinja template', flux: 'Flux variable substitution' } as const;

export const rule: Rule = {
  code: 'template-file',
  defaultSeverity: 'information',
  description: 'The file holds template syntax; NetLens checks only what is certain before rendering.',
  checkFile(file, ctx) {
    const t = file.template;
    // Flux files stay valid YAML and are checked (substituted values are skipped); only note block templates.
    if (!t || t.kind === 'flux' || !OUR_KINDS_RE.test(file.text)) return;
    ctx.report({
      span: t.span,
      message: `This file holds ${NAMES[t.kind]} syntax, so it is not checked: render it (helm template, ...) and check the output.`,
    });
  },
};
