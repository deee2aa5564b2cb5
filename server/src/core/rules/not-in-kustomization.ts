// A manifest in a kustomization's folder that the kustomization does not list (and no other build reaches): whoever
// applies the folder (kustomize, Flux, Argo CD) applies its kustomization, so the file is never deployed and the
// model leaves it out. Said on the file, so a stale policy that looks enforced is not silently dropped either.
import type { WorkspaceRule } from '../workspace.ts';

export const rule: WorkspaceRule = {
  code: 'not-in-kustomization',
  defaultSeverity: 'information',
  description: 'A manifest sits beside a kustomization.yaml that does not list it: no build deploys it, and NetLens leaves it out of the analysis.',
  checkWorkspace(model, _files, ctx) {
    for (const [uri, { kustomization, span }] of model.kustomizeUnlisted ?? []) {
      ctx.report({
        uri,
        span,
        message:
          'The kustomization of this folder does not list this file, and no other build reaches it: kustomize, Flux and Argo CD apply the folder through its kustomization, so these objects are never deployed. ' +
          'NetLens leaves them out of reach verdicts, the graph and the other rules; add the file to `resources` if it should be deployed.',
        related: [{ uri: kustomization, span: { start: 0, end: 0 }, message: 'the kustomization of this folder' }],
      });
    }
  },
};
