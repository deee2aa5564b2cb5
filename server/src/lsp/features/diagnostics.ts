// Pushes diagnostics to clients that do not pull them: on open at once, on change debounced per document,
// versioned; a closed file keeps the problems of its text on disk. Pulling clients: features/pullDiagnostics.ts.
import type { Connection, Disposable } from 'vscode-languageserver';
import { clientPulls, problemsOf } from '../problems.ts';
import { safeListener } from '../safe.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';

/** Typing pauses shorter than this do not trigger an analysis. */
export const DEBOUNCE_MS = 200;

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

    service.documents.onDidOpen(safeListener(service, 'didOpen', (e) => void justOpened.add(e.document.uri)));
    service.documents.onDidChangeContent(
      safeListener(service, 'didChange', (e) => schedule(e.document.uri, justOpened.delete(e.document.uri) ? 0 : DEBOUNCE_MS)),
    );
    service.documents.onDidClose(
      safeListener(service, 'didClose', (e) => {
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
      safeListener(service, 'revalidation', (r) => (r.uris ?? service.documents.keys()).forEach((uri) => service.documents.get(uri) && schedule(uri, 0))),
    );

    return {
      dispose: () => {
        for (const t of timers.values()) clearTimeout(t);
        timers.clear();
      },
    };
  },
};
