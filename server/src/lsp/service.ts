// What every feature gets: the connection, open documents with cached analyses, settings, and error logging.
import { Emitter, type ClientCapabilities, type Connection, type Event } from 'vscode-languageserver';
import { ServerStatusNotification } from '../protocol.ts';
import { sendCustomNotification } from './requests.ts';
import { Settings } from './settings.ts';
import { isYamlDocument, Workspace, type Analysis } from './workspace.ts';

export interface ServiceOptions {
  /** The extension (and repository) root: `dist/..`. Rule docs are linked from here. */
  extensionRoot: string;
}

export class Service {
  readonly workspace = new Workspace();
  readonly settings: Settings;
  clientCapabilities: ClientCapabilities = {};
  private readonly settingsChanged = new Emitter<void>();
  /** Fired after a configuration change dropped the cached settings (features re-validate). */
  readonly onDidChangeSettings: Event<void> = this.settingsChanged.event;

  constructor(
    readonly connection: Connection,
    readonly options: ServiceOptions,
  ) {
    this.settings = new Settings(connection, (where, err) => this.logError(where, err));
    this.documents.onDidClose((e) => {
      this.workspace.forget(e.document.uri);
      this.settings.forget(e.document.uri);
    });
  }

  get documents(): Workspace['documents'] {
    return this.workspace.documents;
  }

  /** Called from the initialize handler, before any feature runs. */
  initialize(capabilities: ClientCapabilities): void {
    this.clientCapabilities = capabilities;
    this.settings.setCanPull(capabilities.workspace?.configuration === true);
  }

  /** didChangeConfiguration: forget settings and tell the features. */
  configurationChanged(settings: unknown): void {
    this.settings.changed(settings);
    this.settingsChanged.fire();
  }

  /**
   * The analysis of an open YAML document at its current version; undefined when the document is not open,
   * not YAML, or NetLens is disabled for it.
   */
  async analysis(uri: string): Promise<Analysis | undefined> {
    const before = this.documents.get(uri);
    if (!before || !isYamlDocument(before)) return undefined;
    const options = await this.settings.get(uri);
    // The document may have changed (or closed) while the settings were pulled: analyse what is current.
    const doc = this.documents.get(uri);
    if (!doc || !options.enable) return undefined;
    return this.workspace.analyze(doc, options);
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
