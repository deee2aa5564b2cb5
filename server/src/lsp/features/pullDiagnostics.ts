// LSP pull diagnostics (textDocument/diagnostic, workspace/diagnostic), as vscode-eslint and the TypeScript
// server do: the Problems panel lists every analysed file of the workspace, not only open ones, and a closed
// file keeps its problems. The server asks the client to pull again when results may have changed. Each report
// carries a result id: a pull whose items equal those of the report the client names (previousResultId) answers
// `unchanged` (LSP 3.17), so a refresh after an edit elsewhere does not send a large file's thousands again.
import type { Connection, Diagnostic, Disposable, DocumentDiagnosticReport, WorkspaceDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { sameDiagnostics } from '../convert.ts';
import { clientPulls, problemsOf, workspaceProblems } from '../problems.ts';
import { safeListener, safeRequest } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';

/** Bursts of changes (typing, a git checkout) become one refresh request. */
const REFRESH_DEBOUNCE_MS = 250;

/**
 * Per uri, the last report answered: its id and items. `unchanged` is answered only when the client names that
 * very id and the items computed now equal its items (whatever changed meanwhile: settings, other files, this
 * one), so the client's copy is what a full report would say. One entry per uri, from either kind of pull.
 */
export class ResultIds {
  private readonly last = new Map<string, { resultId: string; items: Diagnostic[] }>();
  private next = 0;

  /** The report for `items`: `unchanged` when `previous` is the last id answered for `uri` and its items are equal. */
  report(uri: string, items: Diagnostic[], previous: string | undefined): { kind: 'unchanged'; resultId: string } | { kind: 'full'; resultId: string; items: Diagnostic[] } {
    const hit = this.last.get(uri);
    if (hit && previous === hit.resultId && sameDiagnostics(hit.items, items)) return { kind: 'unchanged', resultId: hit.resultId };
    // Ids are never reused within a server's life: an id the client kept from earlier can only name its own items.
    const resultId = `${++this.next}`;
    this.last.set(uri, { resultId, items });
    return { kind: 'full', resultId, items };
  }
}

export const pullDiagnostics: Feature = {
  name: 'pullDiagnostics',
  capabilities: (client) =>
    client.textDocument?.diagnostic ? { diagnosticProvider: { identifier: 'netlens', interFileDependencies: true, workspaceDiagnostics: true } } : {},
  register(connection: Connection, service: Service): Disposable {
    const ids = new ResultIds();
    const empty: DocumentDiagnosticReport = { kind: 'full', items: [] };
    connection.languages.diagnostics.on(
      safeRequest(service, 'textDocument/diagnostic', empty, async (params): Promise<DocumentDiagnosticReport> => {
        const uri = params.textDocument.uri;
        const p = await problemsOf(service, uri);
        return ids.report(uri, p?.diagnostics ?? [], params.previousResultId);
      }),
    );
    connection.languages.diagnostics.onWorkspace(
      safeRequest(service, 'workspace/diagnostic', { items: [] } as WorkspaceDiagnosticReport, async (params): Promise<WorkspaceDiagnosticReport> => {
        const previous = new Map(params.previousResultIds.map((r) => [r.uri, r.value]));
        const items: WorkspaceDocumentDiagnosticReport[] = (await workspaceProblems(service)).map((p) => ({
          uri: p.uri,
          version: p.version ?? null,
          ...ids.report(p.uri, p.diagnostics, previous.get(p.uri)),
        }));
        return { items };
      }),
    );

    let timer: NodeJS.Timeout | undefined;
    const refreshSoon = (): void => {
      if (!clientPulls(service) || service.clientCapabilities.workspace?.diagnostics?.refreshSupport !== true) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        connection.languages.diagnostics.refresh().catch((err: unknown) => service.logError('workspace/diagnostic/refresh', err));
      }, REFRESH_DEBOUNCE_MS);
    };
    // Settings, files on disk, a finished scan, or an edit in one document that changed other files' problems
    // (features/workspaceIndex.ts decides). The edited document itself is pulled again by the client on change,
    // so an edit that changes nothing elsewhere (a replica count, a comment) sends no refresh.
    service.onDidRequestRevalidation(safeListener(service, 'pull: revalidation', () => refreshSoon()));
    return { dispose: () => timer && clearTimeout(timer) };
  },
};
