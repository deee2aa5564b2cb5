// Quick fixes: the fixes that travel with findings, matched to the client's diagnostics by code and range and
// computed from the current version of the document (never from the text a diagnostic was published for).
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver';
import { disableForLineFix, LineIndex, type Finding } from '../../core/index.ts';
import { DIAGNOSTIC_SOURCE, fixToWorkspaceEdit, rangesEqual, spanToRange, type DiagnosticData, type EditTarget } from '../convert.ts';
import { safeRequest } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Analysis } from '../workspace.ts';
import type { Feature } from './feature.ts';

/** Code actions not tied to a finding's fixes (e.g. "Add default-deny policy"), added by other features. */
export type CodeActionContributor = (params: CodeActionParams, analysis: Analysis, service: Service) => CodeAction[] | Promise<CodeAction[]>;

/** Whether the client asked for kinds that include `kind` (`only: ['quickfix']` includes `quickfix.x`). */
export function kindRequested(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));
}

/** The finding a diagnostic was published for, looked up in the current analysis. */
export function findingFor(analysis: Analysis, d: Diagnostic, findings: readonly Finding[] = analysis.findings): Finding | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') return undefined;
  const data = d.data as Partial<DiagnosticData> | undefined;
  const lines = analysis.file.lines;
  // Same version: the span carried in `data` identifies the finding exactly; otherwise compare ranges.
  if (data?.version === analysis.version && data.span) {
    const { start, end } = data.span;
    const exact = findings.find((f) => f.code === d.code && f.span.start === start && f.span.end === end);
    if (exact) return exact;
  }
  return findings.find((f) => f.code === d.code && rangesEqual(spanToRange(lines, f.span), d.range));
}

/** Where the edits of fixes computed on `analysis` go, given what the client supports. */
export function editTarget(analysis: Analysis, service: Pick<Service, 'clientCapabilities' | 'documents'>): EditTarget {
  const we = service.clientCapabilities.workspace?.workspaceEdit;
  return {
    uri: analysis.uri,
    lines: analysis.file.lines,
    version: analysis.version,
    useDocumentChanges: we?.documentChanges === true,
    canCreateFiles: we?.resourceOperations?.includes('create') === true,
    other: (uri) => {
      const doc = service.documents.get(uri);
      return doc ? { lines: new LineIndex(doc.getText()), version: doc.version } : undefined;
    },
  };
}

/** Quick fix actions for the client's diagnostics, edits versioned to the analysed text. */
export function fixActions(
  analysis: Analysis,
  diagnostics: readonly Diagnostic[],
  target: EditTarget,
  findings: readonly Finding[] = analysis.findings,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const f = findingFor(analysis, d, findings);
    for (const fix of f?.fixes ?? []) {
      const edit = fixToWorkspaceEdit(fix, target);
      if (!edit) continue;
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
      if (fix.isPreferred) action.isPreferred = true;
      actions.push(action);
    }
    // Every finding of this file can be excepted in place, except the report of an unused exception itself.
    const disable = f && f.uri === analysis.uri && f.code !== 'unused-suppression' ? disableForLineFix(analysis.file, f) : undefined;
    const edit = disable && fixToWorkspaceEdit(disable, target);
    if (disable && edit) actions.push({ title: disable.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit });
  }
  return actions;
}

export function createCodeActions(contributors: readonly CodeActionContributor[] = []): Feature {
  return {
    name: 'codeActions',
    capabilities: () => ({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] } }),
    register(connection: Connection, service: Service): void {
      connection.onCodeAction(
        safeRequest(service, 'textDocument/codeAction', [] as CodeAction[], async (params: CodeActionParams) => {
          const analysis = await service.analysis(params.textDocument.uri);
          if (!analysis) return [];
          const actions = kindRequested(params.context.only, CodeActionKind.QuickFix)
            ? fixActions(analysis, params.context.diagnostics, editTarget(analysis, service), await service.findings(analysis))
            : [];
          for (const contribute of contributors) {
            try {
              actions.push(...(await contribute(params, analysis, service)).filter((a) => kindRequested(params.context.only, a.kind ?? '')));
            } catch (err) {
              // One broken contributor must not hide the others' actions.
              service.logError('code action contributor', err);
            }
          }
          return actions;
        }),
      );
    },
  };
}
