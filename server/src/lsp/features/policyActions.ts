// The engine's code actions that need the workspace model (codeActionsAt): "Add default-deny policy for namespace
// X" (a new document, or a new file per netlens.quickFix.defaultDenyTarget), "Add explicit policyTypes", and the
// kind registry's workspace fixes for the diagnostics asked about (a route's missing backend port).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { codeActionsAt, consumed, type Finding } from '../../core/index.ts';
import { fixToWorkspaceEdit, rangeToSpan } from '../convert.ts';
import { editTarget, FindingLookup, touches, type CodeActionContributor } from './codeActions.ts';

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
  // The diagnostics at the range, matched to their findings (fixes that need the model are computed here).
  const diagnostics = (Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : []).filter((d) => touches(d, params.range));
  const forFinding = new Map<Finding, Diagnostic>();
  if (diagnostics.length > 0) {
    const lookup = new FindingLookup(analysis, await service.findings(analysis));
    for (const d of diagnostics) {
      const f = lookup.find(d);
      if (f && !forFinding.has(f)) forFinding.set(f, d);
    }
  }
  // An edit that arrived during the awaits consumed this parse (core/parse/incremental.ts): its later documents'
  // nodes have moved by the edit, so the actions' ranges and the lazily built model would be off. The answer would
  // be for an old version anyway; the client asks again for the new one.
  if (consumed(file)) return [];
  const items = codeActionsAt(file, rangeToSpan(file.lines, params.range), folder.analysis.model, folder.options, {
    uriExists: (uri) => uriExists(uri, service.documents),
    findings: [...forFinding.keys()],
  });
  const target = { ...editTarget(analysis, service), lines: file.lines };
  const actions: CodeAction[] = [];
  for (const item of items) {
    const edit = fixToWorkspaceEdit(item, target);
    if (!edit) continue;
    const action: CodeAction = { title: item.title, kind: item.kind === 'refactor' ? CodeActionKind.Refactor : CodeActionKind.QuickFix, edit };
    const d = item.finding ? forFinding.get(item.finding) : undefined;
    if (d) action.diagnostics = [d];
    if (item.isPreferred) action.isPreferred = true;
    actions.push(action);
  }
  return actions;
};
