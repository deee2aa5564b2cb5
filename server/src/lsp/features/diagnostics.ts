// Pushes diagnostics to clients that do not pull them: on open at once, on change debounced per document,
// versioned; a closed file keeps the problems of its text on disk; files never opened get their problems pushed
// too, after a scan, a settings change or a change on disk (a saved edit arrives as one; unsaved edits in an open
// file are not worth re-analysing the folder on every keystroke). Pulling clients: features/pullDiagnostics.ts.
import type { Connection, Disposable } from 'vscode-languageserver';
import { clientPulls, problemsOf, workspaceProblems } from '../problems.ts';
import { safeListener } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';

/** Typing pauses shorter than this do not trigger an analysis. */
export const DEBOUNCE_MS = 200;
/** Bursts of changes (a git checkout, settings) become one push of the workspace's other files. */
const WORKSPACE_DEBOUNCE_MS = 250;
/** How long the open documents must have been left alone before the workspace push runs. */
const QUIET_MS = 1000;

export const diagnostics: Feature = {
  name: 'diagnostics',
  register(connection: Connection, service: Service): Disposable {
    const timers = new Map<string, NodeJS.Timeout>();
    // didOpen fires onDidOpen then onDidChangeContent: the first content event of a document is not typing.
    const justOpened = new Set<string>();

    const validate = async (uri: string): Promise<void> => {
      if (clientPulls(service)) return;
      const doc = service.documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      const generation = service.generation;
      const problems = await problemsOf(service, uri);
      // Never publish a result another change or settings update has already overtaken: a newer run is queued.
      const after = service.documents.get(uri);
      if (!after || after.version !== version || service.generation !== generation) return;
      await connection.sendDiagnostics({ uri, version, diagnostics: problems?.diagnostics ?? [] });
    };

    // A closed file keeps its problems: those of its text on disk, as the workspace index reads it.
    const afterClose = async (uri: string): Promise<void> => {
      if (clientPulls(service) || service.documents.get(uri)) return;
      const problems = await service.index.whenScanned().then(() => problemsOf(service, uri));
      if (service.documents.get(uri)) return; // reopened meanwhile: the open document's run publishes
      await connection.sendDiagnostics({ uri, diagnostics: problems?.diagnostics ?? [] });
    };

    const schedule = (uri: string, delay: number): void => {
      const old = timers.get(uri);
      if (old) clearTimeout(old);
      timers.set(
        uri,
        setTimeout(() => {
          timers.delete(uri);
          validate(uri).catch((err: unknown) => service.logError(`diagnostics for ${uri}`, err));
        }, delay),
      );
    };

    // Files never opened: the same problems a pulling client lists (and `netlens check` prints), pushed. A file
    // pushed before and no longer analysed (deleted, excluded) is cleared; open documents publish their own.
    const pushed = new Set<string>();
    let workspaceTimer: NodeJS.Timeout | undefined;
    const pushWorkspace = async (): Promise<void> => {
      if (clientPulls(service)) return;
      const generation = service.generation;
      const all = await workspaceProblems(service, true);
      if (service.generation !== generation) return; // overtaken: a newer push is queued
      const now = new Set<string>();
      for (const p of all) {
        if (service.documents.get(p.uri)) continue;
        if (p.diagnostics.length === 0 && !pushed.has(p.uri)) continue;
        now.add(p.uri);
        await connection.sendDiagnostics({ uri: p.uri, diagnostics: p.diagnostics });
      }
      for (const uri of pushed) if (!now.has(uri) && !service.documents.get(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
      pushed.clear();
      for (const uri of now) pushed.add(uri);
    };
    // Analysing the whole folder is background work: it waits until the open documents have been quiet for a
    // while, so opening or typing in a file is never held up behind it.
    let lastActivity = 0;
    const pushWorkspaceSoon = (delay = WORKSPACE_DEBOUNCE_MS): void => {
      if (clientPulls(service)) return;
      if (workspaceTimer) clearTimeout(workspaceTimer);
      workspaceTimer = setTimeout(() => {
        workspaceTimer = undefined;
        const quiet = Date.now() - lastActivity;
        if (quiet < QUIET_MS) return pushWorkspaceSoon(QUIET_MS - quiet);
        pushWorkspace().catch((err: unknown) => service.logError('diagnostics for the workspace', err));
      }, delay);
    };
    const active = (): void => void (lastActivity = Date.now());

    service.documents.onDidOpen(
      safeListener(service, 'didOpen', (e) => {
        active();
        justOpened.add(e.document.uri);
      }),
    );
    service.documents.onDidChangeContent(
      safeListener(service, 'didChange', (e) => {
        active();
        schedule(e.document.uri, justOpened.delete(e.document.uri) ? 0 : DEBOUNCE_MS);
      }),
    );
    service.documents.onDidClose(
      safeListener(service, 'didClose', (e) => {
        active();
        const uri = e.document.uri;
        const t = timers.get(uri);
        if (t) clearTimeout(t);
        timers.delete(uri);
        justOpened.delete(uri);
        afterClose(uri).catch((err: unknown) => service.logError(`diagnostics for closed ${uri}`, err));
      }),
    );
    // New severities, `enable: false` or a changed workspace apply to every open document at once.
    service.onDidRequestRevalidation(
      safeListener(service, 'revalidation', (r) => {
        (r.uris ?? service.documents.keys()).forEach((uri) => service.documents.get(uri) && schedule(uri, 0));
        if (!r.uris) pushWorkspaceSoon(); // a scan, settings or files on disk: every file may have changed
      }),
    );

    return {
      dispose: () => {
        for (const t of timers.values()) clearTimeout(t);
        timers.clear();
        if (workspaceTimer) clearTimeout(workspaceTimer);
      },
    };
  },
};
