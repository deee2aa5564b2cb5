// The same object (kind/namespace/name) declared more than once with different contents: only one of them
// can exist in the cluster, and NetLens analyses the first (by file order). Identical copies are silent.
import type { Origin } from '../model/types.ts';
import type { WorkspaceRule } from '../workspace.ts';

const where = (o: Origin): { uri: string; span: { start: number; end: number } } | undefined =>
  o.kind === 'file' ? { uri: o.uri, span: o.nameSpan ?? o.span } : undefined;

export const rule: WorkspaceRule = {
  code: 'duplicate-object',
  defaultSeverity: 'information',
  description: 'The same object (kind, namespace, name) is declared more than once with different contents.',
  checkWorkspace(model, _files, ctx) {
    for (const d of model.duplicates ?? []) {
      const places = d.origins.map(where).filter((p) => p !== undefined);
      places.forEach((p, i) => {
        const others = places.filter((_, j) => j !== i);
        ctx.report({
          uri: p.uri,
          span: p.span,
          message:
            `${d.kind} ${d.id} is declared ${places.length} times with different contents; only one can exist in the cluster. ` +
            `${i === 0 ? 'NetLens analyses this one (the first by file order).' : 'NetLens analyses the first by file order, not this one.'}`,
          related: others.map((o) => ({ uri: o.uri, span: o.span, message: `another declaration of ${d.kind} ${d.id}` })),
        });
      });
    }
  },
};
