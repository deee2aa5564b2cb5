// Quick fixes: the fixes that travel with findings, matched to the client's diagnostics by code and range and
// computed from the current version of the document (never from the text a diagnostic was published for).
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver';
import { disableForLineFix, LineIndex, type Finding } from '../../core/index.ts';
import { DIAGNOSTIC_SOURCE, fixToWorkspaceEdit, spanToRange, type DiagnosticData, type EditTarget } from '../convert.ts';
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
  return new FindingLookup(analysis, findings).find(d);
}

const rangeKey = (code: string, r: Range): string => `${code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/**
 * Finds the findings diagnostics were published for in O(1) each: the client may send thousands of
 * diagnostics with one request, and a linear search per diagnostic made that quadratic (10,000 -> 20 s).
 */
export class FindingLookup {
  private bySpan: Map<string, Finding> | undefined;
  private byRange: Map<string, Finding> | undefined;

  constructor(
    private readonly analysis: Analysis,
    private readonly findings: readonly Finding[],
  ) {}

  find(d: Diagnostic): Finding | undefined {
    if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') return undefined;
    const data = d.data as Partial<DiagnosticData> | undefined;
    // Same version: the span carried in `data` identifies the finding exactly; otherwise compare ranges.
    if (data?.version === this.analysis.version && data.span && typeof data.span.start === 'number' && typeof data.span.end === 'number') {
      this.bySpan ??= firstBy(this.findings, (f) => `${f.code} ${f.span.start}-${f.span.end}`);
      const exact = this.bySpan.get(`${d.code} ${data.span.start}-${data.span.end}`);
      if (exact) return exact;
    }
    if (!d.range?.start || !d.range.end) return undefined;
    const lines = this.analysis.file.lines;
    this.byRange ??= firstBy(this.findings, (f) => rangeKey(f.code, spanToRange(lines, f.span)));
    return this.byRange.get(rangeKey(d.code, d.range));
  }
}

function firstBy(findings: readonly Finding[], key: (f: Finding) => string): Map<string, Finding> {
  const m = new Map<string, Finding>();
  for (const f of findings) {
    const k = key(f);
    if (!m.has(k)) m.set(k, f);
  }
  return m;
}

/** Whether a diagnostic's range touches the request's range (the only diagnostics whose fixes are asked for). */
export function touches(d: Diagnostic, r: Range): boolean {
  const s = d.range?.start;
  const e = d.range?.end;
  if (!s || !e) return false;
  const before = (a: { line: number; character: number }, b: { line: number; character: number }): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
  return !before(e, r.start) && !before(r.end, s);
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
  const lookup = new FindingLookup(analysis, findings);
  for (const d of diagnostics) {
    const f = lookup.find(d);
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

/** The request's diagnostics that touch its range (a client may send every diagnostic of the file). */
function inRange(params: CodeActionParams): Diagnostic[] {
  const all = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
  return all.filter((d) => touches(d, params.range));
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
            ? fixActions(analysis, inRange(params), editTarget(analysis, service), await service.findings(analysis))
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
