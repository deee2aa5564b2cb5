// LSP pull diagnostics (textDocument/diagnostic, workspace/diagnostic), as vscode-eslint and the TypeScript
// server do: the Problems panel lists every analysed file of the workspace, not only open ones, and a closed
// file keeps its problems. The server asks the client to pull again when results may have changed.
import type { Connection, Disposable, DocumentDiagnosticReport, WorkspaceDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { clientPulls, problemsOf, workspaceProblems } from '../problems.ts';
import { safeListener, safeRequest } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';

/** Bursts of changes (typing, a git checkout) become one refresh request. */
const REFRESH_DEBOUNCE_MS = 250;

export const pullDiagnostics: Feature = {
  name: 'pullDiagnostics',
  capabilities: (client) =>
    client.textDocument?.diagnostic ? { diagnosticProvider: { identifier: 'netlens', interFileDependencies: true, workspaceDiagnostics: true } } : {},
  register(connection: Connection, service: Service): Disposable {
    const empty: DocumentDiagnosticReport = { kind: 'full', items: [] };
    connection.languages.diagnostics.on(
      safeRequest(service, 'textDocument/diagnostic', empty, async (params): Promise<DocumentDiagnosticReport> => {
        const p = await problemsOf(service, params.textDocument.uri);
        return { kind: 'full', items: p?.diagnostics ?? [] };
      }),
    );
    connection.languages.diagnostics.onWorkspace(
      safeRequest(service, 'workspace/diagnostic', { items: [] } as WorkspaceDiagnosticReport, async (): Promise<WorkspaceDiagnosticReport> => {
        const items: WorkspaceDocumentDiagnosticReport[] = (await workspaceProblems(service)).map((p) => ({ kind: 'full', uri: p.uri, version: p.version ?? null, items: p.diagnostics }));
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
