// Keeps the workspace index current (folders, watched files, open documents, settings) and adds the findings
// of workspace rules (missing-dns-egress, selects-nothing, ...) to each open document's diagnostics.
import { pathToFileURL } from 'node:url';
import { FileChangeType, type Connection, type Disposable } from 'vscode-languageserver';
import { lazyStats, skippedLines, skippedSummarySteps, splicedModels, withoutAbsenceFindings, WORKSPACE_RULES, type Finding, type ParsedFile } from '../../core/index.ts';
import { unreadSummary } from '../../host/files.ts';
import { IndexStatsRequest, ServerStatusNotification } from '../../protocol.ts';
import { onCustomRequest, sendCustomNotification } from '../requests.ts';
import { safeListener } from '../safe.ts';
import { drive } from '../slices.ts';
import { EditSettler } from '../settle.ts';
import type { Service } from '../service.ts';
import type { Feature } from './feature.ts';

/** File events come in bursts (git checkout, formatters): one re-analysis per burst. */
const FILE_EVENTS_DEBOUNCE_MS = 100;
/** After an open document changed, the other open documents' workspace findings follow a bit later. */
const OTHERS_DEBOUNCE_MS = 300;

/** A path as the user knows it: relative to its workspace folder. */
function displayIn(folders: readonly string[], file: string): string {
  const uri = pathToFileURL(file).href;
  const folder = folders.find((f) => uri.startsWith(`${f}/`));
  return folder ? decodeURIComponent(uri.slice(folder.length + 1)) : file;
}

/** The skipped summary of every indexed folder, as `check` prints it (one line per reason). */
async function skippedSummaryOf(service: Service): Promise<string[]> {
  const files: ParsedFile[] = [];
  for (const folder of service.index.folderUris) files.push(...(await service.index.folderFiles(folder)));
  // In slices: at 2,000 files it took 15 ms at once, which a hover during the index waited for. Not in the
  // background's: the rescan awaits it before re-validating the open documents.
  return skippedLines(await drive(skippedSummarySteps(files, service.index.undecodable())));
}

export const workspaceIndex: Feature = {
  name: 'workspaceIndex',
  capabilities: () => ({ workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }),
  register(connection: Connection, service: Service): Disposable {
    const index = service.index;
    const workspaceCodes = new Set(WORKSPACE_RULES.map((r) => r.code));
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };

    let fileTimer: NodeJS.Timeout | undefined;
    const revalidateAllSoon = (): void => {
      if (fileTimer) clearTimeout(fileTimer);
      fileTimer = setTimeout(() => {
        fileTimer = undefined;
        service.revalidateAll();
      }, FILE_EVENTS_DEBOUNCE_MS);
    };

    // Workspace-rule findings for an open document, from its folder's analysis (none before the first scan:
    // rules like policy-selects-nothing would judge a half-read workspace).
    const workspaceFindings = async (uri: string): Promise<Finding[]> => {
      if (!index.ready) return [];
      const folder = await index.analysisFor(uri);
      return (folder?.analysis.findings.get(uri) ?? []).filter((f) => workspaceCodes.has(f.code));
    };
    // A file some kustomization applies as a patch states only what it changes: what it lacks is not reported there.
    const isPatchFile = async (uri: string): Promise<boolean> => {
      if (!index.ready) return false;
      const folder = await index.analysisFor(uri);
      return folder?.patches?.has(uri) === true;
    };
    const settler = new EditSettler(service, workspaceFindings, isPatchFile);

    let othersTimer: NodeJS.Timeout | undefined;
    const changedBy = new Set<string>();
    const revalidateOthersSoon = (uri: string): void => {
      changedBy.add(uri);
      if (othersTimer) clearTimeout(othersTimer);
      othersTimer = setTimeout(() => {
        othersTimer = undefined;
        // The changed documents re-validate themselves; the others only when their findings changed (an edit
        // that changes nothing the workspace reads moves the previous analyses: no other document is judged).
        const changed = [...changedBy];
        changedBy.clear();
        settler
          .settle(changed)
          .then((s) => service.revalidate(s.others, s.closed))
          .catch((err: unknown) => service.logError('re-validating other documents', err));
      }, OTHERS_DEBOUNCE_MS);
    };

    const rescan = async (): Promise<void> => {
      void sendCustomNotification(connection, ServerStatusNotification, { health: 'busy', message: 'Indexing the workspace' }).catch(() => undefined);
      const t0 = Date.now();
      await index.scan();
      service.log(`Indexed ${index.fileCount} YAML files in ${index.folderUris.length} folder(s) in ${Date.now() - t0} ms`);
      await reportUnread();
      // The open documents' workspace findings start now: a pulling client asks again only after the refresh
      // (debounced) reaches it, and its request then joins this run (WorkspaceIndex.analysisFor) instead of
      // starting its own after that wait. Only what the request would compute; nothing is published from here.
      for (const uri of service.documents.keys()) void workspaceFindings(uri).catch((err: unknown) => service.logError(`workspace findings for ${uri}`, err));
      service.revalidateAll();
    };
    // What could not be read is said where the user looks: the output channel and the status item (the same
    // summary `netlens check` prints), so an incomplete workspace is never analysed silently.
    const reportUnread = async (): Promise<void> => {
      const summary = unreadSummary(index.problems, (p) => displayIn(index.folderUris, p));
      if (summary) service.log(summary.trimEnd());
      // Honest about its reach: the same "Not analysed" lines as `netlens check`, in the output and the status.
      const skipped = await skippedSummaryOf(service);
      if (skipped.length > 0) service.log(`Not analysed:\n${skipped.map((l) => `  ${l}`).join('\n')}`);
      const message = skipped.length > 0 ? `Not analysed: ${skipped.join('; ')}.` : undefined;
      const status = summary ? { health: 'warning' as const, message: summary.split('\n')[0] ?? summary } : { health: 'ok' as const, ...(message ? { message } : {}) };
      void sendCustomNotification(connection, ServerStatusNotification, status).catch(() => undefined);
    };
    const rescanLogged = (): void => void rescan().catch((err: unknown) => service.logError('indexing the workspace', err));

    service.addFindingSource(async (analysis) => {
      const found = await workspaceFindings(analysis.uri);
      settler.gave(analysis.uri, found);
      return found;
    });
    // As `check` does (the same model, the same engine function); the settler re-validates the file when an edited
    // kustomization makes it a patch or no longer one.
    service.addFindingFilter(async (analysis, findings) => {
      const patch = await isPatchFile(analysis.uri);
      settler.gavePatchState(analysis.uri, patch);
      return patch ? withoutAbsenceFindings(findings) : findings;
    });

    service.onDidInitialize(
      safeListener(service, 'workspace index start', () => {
        const p = service.initializeParams;
        const folders = p?.workspaceFolders?.map((f) => f.uri) ?? (p?.rootUri ? [p.rootUri] : []);
        index.setFolders(folders);
        if (service.clientCapabilities.workspace?.workspaceFolders) {
          connection.workspace.onDidChangeWorkspaceFolders(
            safeListener(service, 'didChangeWorkspaceFolders', (e) => {
              const removed = new Set(e.removed.map((f) => f.uri.replace(/\/$/, '')));
              index.setFolders([...index.folderUris.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)]);
              index.forgetCaches();
              rescanLogged();
            }),
          );
        }
        rescanLogged();
      }),
    );

    connection.onDidChangeWatchedFiles(
      safeListener(service, 'workspace/didChangeWatchedFiles', async (p) => {
        let changed = false;
        const before = index.problems.length;
        for (const c of p.changes) changed = (await index.fileChanged(c.uri, c.type === FileChangeType.Deleted)) || changed;
        if (changed) revalidateAllSoon();
        if (index.problems.length > 0 || before > 0) await reportUnread();
      }),
    );

    service.documents.onDidChangeContent(safeListener(service, 'index: document change', (e) => revalidateOthersSoon(e.document.uri)));
    // A closed document falls back to its text on disk (unsaved edits are gone): others may change.
    service.documents.onDidClose(
      safeListener(service, 'index: document close', (e) => {
        settler.forget(e.document.uri);
        later(0, () => revalidateOthersSoon(e.document.uri));
      }),
    );
    // Excludes or the size limit may have changed: read the folders again (only then: VS Code sends a change
    // right after start-up, which scanned the workspace twice).
    let settingsChanges = 0;
    let settingsChangesHandled = 0;
    service.onDidChangeSettings(
      safeListener(service, 'index: settings change', async () => {
        settingsChanges++;
        try {
          if (await index.settingsChanged()) rescanLogged();
        } finally {
          // Counted once the decision is made (a rescan has started by now): a test can wait for it exactly.
          settingsChangesHandled++;
        }
      }),
    );
    onCustomRequest(connection, service, IndexStatsRequest, { scans: 0, settingsChanges: 0, settingsChangesHandled: 0, ready: false, files: 0, parses: 0, analyses: 0, remapped: 0, editsSettled: 0, othersRevalidated: 0, closedRevalidations: 0 }, () => ({
      scans: index.scanCount,
      analyses: index.analysisCount,
      remapped: index.remapCount,
      lazyModels: index.lazyModelCount,
      modelsSpliced: splicedModels(),
      rulesReused: index.rulesReused,
      resultsMoved: index.resultsMoved,
      editsSettled: settler.settles,
      othersRevalidated: settler.othersRevalidated,
      closedRevalidations: settler.closedRevalidations,
      parses: index.parseCount + service.workspace.parseCount + lazyStats.parsed,
      treesParsed: lazyStats.parsed,
      treesDropped: index.dropCount,
      settingsChanges,
      settingsChangesHandled,
      ready: index.ready,
      files: index.fileCount,
      offloaded: index.offloaded,
      analysesKept: index.analysesKept,
      reparses: { ...service.workspace.reparses },
      diskOpens: { ...service.diskOpens.counts },
    }));

    return {
      dispose: () => {
        for (const t of [...timers, fileTimer, othersTimer]) if (t) clearTimeout(t);
        timers.clear();
        void index.close().catch((err: unknown) => service.logError('stopping worker threads', err));
      },
    };
  },
};
