// Templated documents (Helm, Jinja) are not YAML until rendered: say which ones NetLens skipped and what to do.
import { isModelledKind } from '../kinds.ts';
import type { Rule } from './rule.ts';

const NAMES = { go: 'Go/Helm template', jinja: 'Jinja template', flux: 'Flux variable substitution' } as const;

export const rule: Rule = {
  code: 'template-file',
  defaultSeverity: 'information',
  description: 'A document holds template syntax where YAML structure or a value would be; it is neither checked nor modelled.',
  checkFile(file, ctx) {
    const many = file.docs.length > 1;
    for (const t of file.templated) {
      // A document of a kind NetLens does not model (a templated ConfigMap) loses nothing NetLens would check.
      if (t.objectKind !== undefined && !isModelledKind(t.objectKind)) continue;
      const what = t.objectKind ? `${t.objectKind}${t.name ? ` "${t.name}"` : ''}` : 'an object';
      const where = many ? `Document ${t.docIndex + 1} (${what})` : `This document (${what})`;
      const how = t.unparsable ? `holds ${NAMES[t.kind]} syntax and is not YAML until it is rendered` : `holds ${NAMES[t.kind]} syntax in its fields`;
      ctx.report({
        span: t.span,
        message: `${where} ${how}, so NetLens neither checks it nor counts it in reach, matrix or graph: render it (helm template, ...) and check the output, or list the file in netlens.exclude.`,
      });
    }
  },
};
