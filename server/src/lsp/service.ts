// What every feature gets: the connection, open documents with cached analyses, the workspace index,
// settings, revalidation events and error logging.
import { Emitter, type ClientCapabilities, type Connection, type Disposable, type Event, type InitializeParams } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { fileResults, type Finding } from '../core/index.ts';
import { readText } from '../host/files.ts';
import { DocumentTextRequest, ServerStatusNotification, type DocumentTextResult } from '../protocol.ts';
import { DiskOpens } from './diskOpen.ts';
import { sendCustomNotification } from './requests.ts';
import { Settings } from './settings.ts';
import { WorkspaceIndex } from './workspaceIndex.ts';
import { isYamlDocument, Workspace, type Analysis } from './workspace.ts';

export interface ServiceOptions {
  /** The extension (and repository) root: `dist/..`. Rule docs are linked from here. */
  extensionRoot: string;
}

/** Findings another feature adds to an open document's own (the workspace index adds workspace-rule findings). */
export type FindingSource = (analysis: Analysis) => Finding[] | Promise<Finding[]>;

/** What another feature knows to drop from a document's findings (the workspace index: a kustomize patch file's). */
export type FindingFilter = (analysis: Analysis, findings: Finding[]) => Finding[] | Promise<Finding[]>;

/** Which open documents to re-validate: all, or the listed ones. */
export interface RevalidationRequest {
  uris?: readonly string[];
  /** Files that are not open may have other problems now too (pull clients are asked to pull again). */
  closed?: boolean;
}

export class Service {
  readonly workspace = new Workspace();
  readonly settings: Settings;
  readonly index: WorkspaceIndex;
  /** Large saved documents the client opens without their text (protocol.ts netlens/openFromDisk). */
  readonly diskOpens: DiskOpens;
  clientCapabilities: ClientCapabilities = {};
  initializeParams: InitializeParams | undefined;
  private readonly revalidation = new Emitter<RevalidationRequest>();
  /**
   * Fired when open documents' results may have changed: settings changed, or another file the workspace
   * rules read changed. Diagnostics re-validate the named documents (all when none are named).
   */
  readonly onDidRequestRevalidation: Event<RevalidationRequest> = this.revalidation.event;
  private readonly settingsEmitter = new Emitter<void>();
  /** Fired after a configuration change, before the revalidation (the index re-reads its excludes). */
  readonly onDidChangeSettings: Event<void> = this.settingsEmitter.event;
  private readonly initializedEmitter = new Emitter<void>();
  /** Fired on the client's `initialized` notification (features start background work here). */
  readonly onDidInitialize: Event<void> = this.initializedEmitter.event;
  private epoch = 0;
  private readonly findingSources: FindingSource[] = [];
  private readonly findingFilters: FindingFilter[] = [];

  constructor(
    readonly connection: Connection,
    readonly options: ServiceOptions,
  ) {
    this.settings = new Settings(connection, (where, err) => this.logError(where, err));
    this.index = new WorkspaceIndex(this);
    this.diskOpens = new DiskOpens({
      read: async (uri, maxBytes) => {
        const r = await readText(fileURLToPath(uri), maxBytes);
        return r.ok ? r.text : undefined;
      },
      askClient: (uri) => connection.sendRequest(DocumentTextRequest.method, { uri }).then((r) => r as DocumentTextResult, () => null),
      log: (message) => this.log(message),
    });
    // Opening a file the index has read takes over its parse; closing it unchanged gives the parse back.
    this.workspace.adoptDiskParse = (uri, text, maxFileSize) => this.index.disk.takeParse(uri, text, maxFileSize);
    this.documents.onDidClose((e) => {
      const last = this.workspace.parseOf(e.document.uri, e.document.version);
      if (last) this.index.disk.giveParse(e.document.uri, e.document.getText(), last.maxFileSize, last.file);
      this.workspace.forget(e.document.uri);
      this.index.forget(e.document.uri);
      this.settings.forget(e.document.uri);
    });
  }

  get documents(): Workspace['documents'] {
    return this.workspace.documents;
  }

  /** Called from the initialize handler, before any feature runs. */
  initialize(params: InitializeParams): void {
    this.initializeParams = params;
    this.clientCapabilities = params.capabilities;
    this.settings.setCanPull(params.capabilities.workspace?.configuration === true);
  }

  /** Called from the `initialized` notification handler. */
  initialized(): void {
    this.initializedEmitter.fire();
  }

  /** didChangeConfiguration: forget settings and re-validate. */
  configurationChanged(settings: unknown): void {
    this.settings.changed(settings);
    this.settingsEmitter.fire();
    this.revalidateAll();
  }

  /** Bumped by revalidateAll(): a result computed under an older epoch is stale. */
  get generation(): number {
    return this.epoch;
  }

  /** Results of every open document may have changed (settings, a file on disk): in-flight results are stale. */
  revalidateAll(): void {
    this.epoch++;
    this.revalidation.fire({});
  }

  /** Re-validates some open documents (e.g. the others, after one open document changed), and `closed` files. */
  revalidate(uris: readonly string[], closed = false): void {
    if (uris.length > 0 || closed) this.revalidation.fire({ uris, closed });
  }

  addFindingSource(source: FindingSource): Disposable {
    this.findingSources.push(source);
    return { dispose: () => void this.findingSources.splice(this.findingSources.indexOf(source) >>> 0, 1) };
  }

  addFindingFilter(filter: FindingFilter): Disposable {
    this.findingFilters.push(filter);
    return { dispose: () => void this.findingFilters.splice(this.findingFilters.indexOf(filter) >>> 0, 1) };
  }

  /**
   * The document's results: its own findings plus those of the finding sources (a failing source is logged and
   * skipped), through the finding filters (a failing one is logged and skipped), after the file's inline exceptions
   * (the same applySuppressions the CLI uses).
   */
  async findings(analysis: Analysis): Promise<Finding[]> {
    let all = this.findingSources.length === 0 ? analysis.findings : [...analysis.findings];
    for (const source of this.findingSources) {
      try {
        all.push(...(await source(analysis)));
      } catch (err) {
        this.logError('finding source', err);
      }
    }
    for (const filter of this.findingFilters) {
      try {
        all = await filter(analysis, all);
      } catch (err) {
        this.logError('finding filter', err);
      }
    }
    return fileResults(analysis.file, all, analysis.options).findings;
  }

  /**
   * The analysis of an open YAML document at its current version; undefined when the document is not open,
   * not YAML, or NetLens is disabled for it.
   */
  async analysis(uri: string): Promise<Analysis | undefined> {
    // A document being opened from disk is answered once it is open (hover, completion, code actions, pulls).
    for (let open = this.diskOpens.settled(uri); open; open = this.diskOpens.settled(uri)) await open;
    const before = this.documents.get(uri);
    if (!before || !isYamlDocument(before)) return undefined;
    const options = await this.settings.get(uri);
    // The document may have changed (or closed) while the settings were pulled: analyse what is current.
    const doc = this.documents.get(uri);
    if (!doc || !options.enable) return undefined;
    // A large document's parse runs in slices (other requests are answered meanwhile); then what is current, prepared
    // too if it changed meanwhile (analyze() would re-parse it in one go).
    for (let next = doc; ; ) {
      await this.workspace.prepare(next, options);
      const current = this.documents.get(uri);
      if (!current || current.version === next.version) return current ? this.workspace.analyze(current, options) : undefined;
      next = current;
    }
  }

  /**
   * Whether an analysis is still of the document's current version. An edit re-parses incrementally and moves
   * the previous parse's later documents in place, so a request that awaited (a model, settings) must not read
   * an older parse afterwards: its offsets would no longer match its text.
   */
  isCurrent(analysis: Analysis): boolean {
    return this.documents.get(analysis.uri)?.version === analysis.version;
  }

  logError(where: string, err: unknown): void {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    this.connection.console.error(`${where} failed: ${detail}`);
    void sendCustomNotification(this.connection, ServerStatusNotification, { health: 'error', message: `${where} failed; see the NetLens output.` }).catch(() => undefined);
  }

  log(message: string): void {
    this.connection.console.log(message);
  }
}
