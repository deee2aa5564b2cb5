// The workspace index: every YAML file of the workspace folders (disk text from lsp/diskTable.ts, or the open
// document's current version, listed by lsp/walk.ts), analysed per folder as one workspace, memoised while no file changed.
import { analyzeWorkspace, analyzeWorkspaceSteps, createWorkspaceCache, fileFindings, WORKSPACE_RULES, type Options, type ParsedFile, type WorkspaceAnalysis, type WorkspaceCache, type EditRegion } from '../core/index.ts';
import type { ReadProblem } from '../host/files.ts';
import { DiskTable } from './diskTable.ts';
import { IndexWorkers } from './indexWorkers.ts';
import type { Service } from './service.ts';
import { FolderResultsTable, type FolderResults } from './folderResults.ts';
import { filesByUri, lazyAnalysis, movedRecord, neutralEdit, remapFindings, sameFiles, singleChange } from './remap.ts';
import { Runs } from './slices.ts';
import { FolderWalks } from './walk.ts';

export interface FolderAnalysis {
  /** The folder URI, or the document URI for a document outside every folder. */
  key: string;
  options: Options;
  /** Parsed files of the folder by uri (open documents at their current version). */
  files: ReadonlyMap<string, ParsedFile>;
  analysis: WorkspaceAnalysis;
  /**
   * Files a kustomization of the folder applies as patches, as the analysis' model says. A neutral edit (remap.ts)
   * keeps them with the rest of the memo: asking whether an open document is a patch then builds no model (a
   * keystroke in a `replicas:` value built the whole folder's model for this question alone, 90 ms at 8,000 files).
   */
  patches: ReadonlySet<string> | undefined;
}

interface Memo {
  options: Options;
  inputs: ParsedFile[];
  result: FolderAnalysis;
  /** Files the folder's kustomize builds read (an edit of one is never neutral). */
  covered: ReadonlySet<string> | undefined;
  /** The document a scoped analysis is for: its findings are the only ones read (remap.ts remapFindings `only`). */
  scope?: string;
}

export class WorkspaceIndex {
  /** The folders and the text of their files (scan, watched-file events); open documents adopt its parses. */
  readonly disk: DiskTable;
  private readonly memo = new Map<string, Memo>();
  private readonly caches = new Map<string, WorkspaceCache>();
  /** Per folder, the files its kustomize builds read, as the last analysis built them. */
  private readonly covered = new Map<string, { options: Options; files: ReadonlySet<string> }>();
  /** Worker threads that parse and check closed files beside the walk. */
  private readonly workers = new IndexWorkers();
  /** Per-document workspace analyses computed, and those moved over a neutral edit instead (netlens/indexStats). */
  analysisCount = 0;
  remapCount = 0;
  /** Models of moved analyses built because something read them (netlens/indexStats lazyModels). */
  lazyModelCount = 0;
  /** Workspace rules whose findings were reused after an edit instead of judged (core/rejudge.ts). */
  rulesReused = 0;
  /** Analyses being computed in slices, by memo key (a newer request supersedes an older one). */
  private readonly analysing = new Runs<WorkspaceAnalysis>();

  /** The folders' input lists and the walks that read their files (lsp/walk.ts). */
  private readonly walker: FolderWalks;
  /** Every file's problems per folder (lsp/folderResults.ts). */
  private readonly folderTable: FolderResultsTable;

  constructor(private readonly service: Service) {
    this.disk = new DiskTable(service);
    const host = { service, disk: this.disk, workers: this.workers, folderOf: (u: string) => this.folderOf(u), cacheFor: (k: string) => this.cacheFor(k) };
    this.walker = new FolderWalks(host);
    this.folderTable = new FolderResultsTable({
      ...host,
      inputs: (folder, options) => this.walker.inputs(folder, `${folder}/`, options),
      covered: (folder) => this.covered.get(folder),
    });
  }

  /** Folder results (every file's problems) moved over a neutral edit instead of judged again (netlens/indexStats). */
  get resultsMoved(): number {
    return this.folderTable.moved;
  }

  /** Whether the folder's files are being read (a model of it waits for that: hover answers without it). */
  walks(folder: string): boolean {
    return this.walker.walks(folder);
  }

  /** Disk files parsed (netlens/indexStats: a settings change must not re-parse unchanged files). */
  get parseCount(): number {
    return this.walker.parseCount;
  }

  /** Closed files whose trees the walk let go (netlens/indexStats treesDropped). */
  get dropCount(): number {
    return this.walker.dropCount;
  }

  /** Whether the first scan finished: before it, workspace rules would judge a partial workspace. */
  get ready(): boolean {
    return this.disk.scanned;
  }

  get folderUris(): readonly string[] {
    return this.disk.folders;
  }

  /** Number of indexed disk files (tests and the status). */
  get fileCount(): number {
    return this.disk.files.size;
  }

  /** Scans started (tests: one scan at start-up). */
  get scanCount(): number {
    return this.disk.scanCount;
  }

  setFolders(uris: readonly string[]): void {
    this.disk.setFolders(uris);
  }

  /** The folder holding `uri` (the innermost one), if any. */
  folderOf(uri: string): string | undefined {
    return this.disk.folderOf(uri);
  }

  /** Files and directories the last scan could not read (absolute paths), for the output and status. */
  get problems(): readonly ReadProblem[] {
    return this.disk.problems;
  }

  /** (Re)reads every folder; resolves when done. A newer scan makes an older one's results be dropped. */
  async scan(): Promise<void> {
    if (await this.disk.scan()) this.memo.clear();
  }

  /** Whether settings that decide which files are read changed since the last scan (then: scan again). */
  settingsChanged(): Promise<boolean> {
    return this.disk.settingsChanged();
  }

  /** Waits for a running scan (requests that need the whole workspace). */
  whenScanned(): Promise<void> {
    return this.disk.whenScanned();
  }

  /** A watched file was created, changed or deleted on disk. Returns whether the index changed. */
  fileChanged(uri: string, deleted: boolean): Promise<boolean> {
    return this.disk.fileChanged(uri, deleted);
  }

  /**
   * The analysis of the workspace `uri` belongs to: its folder's files, with open documents at their current
   * version; a document outside every folder is analysed on its own. Recomputed only when an input changed.
   */
  async analysisFor(uri: string, whole = false): Promise<FolderAnalysis | undefined> {
    const folder = this.folderOf(uri);
    const key = folder ?? uri;
    const options = await this.service.settings.get(key);
    const inputs = await this.walker.inputs(folder, uri, options);
    // Workspace rules judge only the policies of `uri` (the document whose diagnostics are wanted): after a
    // keystroke in a large repository, judging every policy again would take seconds. Whole-workspace requests
    // (topology, reach) need the model only, so they run no workspace rule at all.
    const memoKey = whole ? `${key}\u0000*` : `${key}\u0000${uri}`;
    const memo = this.memo.get(memoKey);
    if (memo && memo.options === options && sameFiles(memo.inputs, inputs)) return memo.result;
    const cache = this.cacheFor(key);
    // One open document edited without changing what the workspace reads: the previous findings, moved.
    const moved = !whole && memo?.options === options ? this.remapped(memo, inputs, cache) : undefined;
    if (moved) {
      this.remapCount++;
      this.memo.set(memoKey, moved);
      return moved.result;
    }
    // Scoped: file rules and workspace rules for `uri` only; whole: the model only (no rule at all). In slices,
    // so hover and completion are answered meanwhile (they answer from the previous model, features/hover.ts);
    // requests for the same inputs share one run, and one for newer inputs (an edit) supersedes it.
    // The model first, as the run hover's requests share (features/hover.ts): the scoped run then finds it built
    // (WorkspaceCache.last) instead of building it a second time beside them.
    if (!whole && !(await this.analysisFor(uri, true))) return undefined;
    const started = this.analysing.started;
    // After an edit of one file, rules that read nothing it changed keep their findings, moved (core/rejudge.ts).
    const previous = !whole && memo?.options === options ? memo.result.analysis.rules : undefined;
    const running = this.analysing.run(memoKey, options, inputs, () =>
      whole ? analyzeWorkspaceSteps(inputs, options, cache, [], new Set()) : analyzeWorkspaceSteps(inputs, options, cache, WORKSPACE_RULES, new Set([uri]), previous),
    );
    if (!whole && this.analysing.started > started) this.analysisCount++;
    const analysis = await running;
    // Superseded by a newer request: answer with the newest inputs' analysis; another request may have finished it.
    if (!analysis) return this.analysisFor(uri, whole);
    const done = this.memo.get(memoKey);
    if (done && done.options === options && sameFiles(done.inputs, inputs)) return done.result;
    for (const e of analysis.ruleErrors) this.service.logError(`workspace rule ${e.code}`, e.error);
    this.rulesReused += analysis.reused?.length ?? 0;
    const result: FolderAnalysis = { key, options, files: filesByUri(inputs), analysis, patches: analysis.model.kustomizePatches };
    // One entry per open document at most; closed documents' entries go when the table grows.
    if (this.memo.size > 256) this.memo.clear();
    const covered = analysis.model.kustomizeCovered;
    this.covered.set(key, { options, files: covered ?? new Set() });
    this.memo.set(memoKey, { options, inputs, result, ...(whole ? { covered: undefined } : { covered, scope: uri }) });
    return result;
  }

  /**
   * The edit of open document `uri` between two of its parses when it changes nothing the workspace reads
   * (lsp/remap.ts); undefined when it may, or when no analysis of its folder says which files kustomize reads.
   */
  async neutralChange(uri: string, before: ParsedFile, after: ParsedFile): Promise<EditRegion | undefined> {
    const key = this.folderOf(uri) ?? uri;
    const options = await this.service.settings.get(key);
    const covered = this.covered.get(key);
    return covered && covered.options === options ? neutralEdit(before, after, options, covered.files) : undefined;
  }

  /**
   * The line table of a file as the analyses read it: the open document's current parse, else its parse from disk.
   * Related locations in other files are turned into ranges with it (without it they pointed at the file's start).
   */
  linesOf(uri: string): ParsedFile['lines'] | undefined {
    if (this.service.documents.get(uri)) return this.service.workspace.linesOf(uri);
    return this.disk.files.get(uri)?.parsed?.file.lines;
  }

  /** Whether the closed files' problems may show something else after a neutral edit (lsp/folderResults.ts). */
  closedFilesMoved(uri: string, after: ParsedFile, options: Options): boolean {
    return this.folderTable.closedFilesMoved(uri, after, options);
  }

  /** A memo moved over a neutral edit of one of its inputs (lsp/remap.ts), or undefined. */
  private remapped(memo: Memo, inputs: ParsedFile[], cache: WorkspaceCache): Memo | undefined {
    const change = singleChange(memo.inputs, inputs);
    const options = memo.options;
    const region = change && neutralEdit(change.before, change.after, options, memo.covered);
    if (!change || !region) return undefined;
    const findings = remapFindings(memo.result.analysis.findings, region, () => fileFindings(change.after, options, cache), memo.scope);
    if (!findings) return undefined;
    const analysis = lazyAnalysis(findings, memo.result.analysis.ruleErrors, () => {
      this.lazyModelCount++;
      return analyzeWorkspace(inputs, options, cache, [], new Set()).model;
    }, movedRecord(memo.result.analysis.rules, region, inputs));
    return { options, inputs, covered: memo.covered, ...(memo.scope ? { scope: memo.scope } : {}), result: { ...memo.result, files: filesByUri(inputs), analysis } };
  }

  /** Every file's findings of the folder holding `uri` (lsp/folderResults.ts): the Problems panel, `netlens check`. */
  folderResults(uri: string): Promise<FolderResults | undefined> {
    return this.folderTable.of(uri);
  }

  /**
   * The parsed files of a folder (open documents at their current version), without analysing them: the
   * "not analysed" summary needs only these, and the whole folder's rules would block the server for seconds.
   */
  async folderFiles(folder: string): Promise<ParsedFile[]> {
    if (!this.disk.scanned) return [];
    const options = await this.service.settings.get(folder);
    if (!options.enable) return [];
    return this.walker.inputs(folder, `${folder}/`, options);
  }

  /** Files the last scan could not decode, for the "not analysed" summary. */
  undecodable(): { uri: string; what: string }[] {
    return this.disk.undecodable();
  }

  /** Every folder's analysis (whole-workspace requests: topology, workloads, reach). */
  async allAnalyses(): Promise<FolderAnalysis[]> {
    const out: FolderAnalysis[] = [];
    for (const f of this.disk.folders) {
      const a = await this.analysisFor(`${f}/`, true);
      if (a) out.push(a);
    }
    return out;
  }

  private cacheFor(key: string): WorkspaceCache {
    let cache = this.caches.get(key);
    if (!cache) {
      // File-rule findings shared with the open documents' cache: one run per parsed file, whoever asks first.
      cache = { ...createWorkspaceCache(), findings: this.service.workspace.fileFindings };
      this.caches.set(key, cache);
    }
    return cache;
  }

  /** Disk files whose file rules and validation a worker thread computed (netlens/indexStats). */
  get offloaded(): number {
    return this.workers.adopted;
  }

  /** Stops the worker threads (shutdown). */
  close(): Promise<void> {
    return this.workers.close();
  }

  /**
   * A document was closed: its own analysis is never asked for again (a reopened document parses a new version),
   * and it held a whole model and the findings of every file. Kept, one closed document after another pinned an
   * old model each until 256 had gathered. A document outside every folder was its own workspace: all of it goes.
   */
  forget(uri: string): void {
    const key = this.folderOf(uri) ?? uri;
    this.memo.delete(`${key}\u0000${uri}`);
    if (key !== uri) return;
    this.memo.delete(`${key}\u0000*`);
    for (const table of [this.caches, this.covered]) table.delete(key);
  }

  /** Workspace analyses kept for reuse (netlens/indexStats: closed documents' go). */
  get analysesKept(): number {
    return this.memo.size;
  }

  forgetCaches(): void {
    this.analysing.clear();
    this.folderTable.clear();
    this.workers.forget();
    this.covered.clear();
    this.walker.forget();
    this.memo.clear();
    this.caches.clear();
  }
}
