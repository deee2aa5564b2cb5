// The engine's code actions not tied to a finding (codeActionsAt): "Add default-deny policy for namespace X"
// (a new document, or a new file per netlens.quickFix.defaultDenyTarget) and "Add explicit policyTypes".
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { codeActionsAt } from '../../core/index.ts';
import { fixToWorkspaceEdit, rangeToSpan } from '../convert.ts';
import { editTarget, type CodeActionContributor } from './codeActions.ts';

function uriExists(uri: string, openDocs: { get(uri: string): unknown }): boolean {
  if (openDocs.get(uri)) return true;
  try {
    return uri.startsWith('file:') && fs.existsSync(fileURLToPath(uri));
  } catch {
    return false;
  }
}

export const policyActions: CodeActionContributor = async (params, analysis, service) => {
  // Needs the model (the namespace's other policies): only once the workspace has been read.
  if (!service.index.ready) return [];
  const folder = await service.index.analysisFor(analysis.uri);
  const file = folder?.files.get(analysis.uri);
  if (!folder || !file) return [];
  const items = codeActionsAt(file, rangeToSpan(file.lines, params.range), folder.analysis.model, folder.options, {
    uriExists: (uri) => uriExists(uri, service.documents),
  });
  const target = { ...editTarget(analysis, service), lines: file.lines };
  const actions: CodeAction[] = [];
  for (const item of items) {
    const edit = fixToWorkspaceEdit(item, target);
    if (!edit) continue;
    const action: CodeAction = { title: item.title, kind: item.kind === 'refactor' ? CodeActionKind.Refactor : CodeActionKind.QuickFix, edit };
    if (item.isPreferred) action.isPreferred = true;
    actions.push(action);
  }
  return actions;
};
