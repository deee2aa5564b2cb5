// What a kustomization (or Flux Kustomization) asks of kustomize that NetLens does not follow: Helm inflation,
// remote bases, replacements, JSON patches, ambiguous patch targets. Said on the kustomization, never silence.
import type { WorkspaceRule } from '../workspace.ts';

export const rule: WorkspaceRule = {
  code: 'kustomize-not-modelled',
  defaultSeverity: 'information',
  description: 'A kustomization uses a feature NetLens does not model (Helm charts, remote bases, replacements, JSON patches).',
  checkWorkspace(model, _files, ctx) {
    for (const [uri, notes] of model.kustomizeNotes ?? []) for (const n of notes) ctx.report({ uri, span: n.span, message: n.message });
  },
};
