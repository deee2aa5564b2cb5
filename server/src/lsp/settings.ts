// Settings per resource: the `netlens` section pulled with workspace/configuration, cached per uri until the
// client says the configuration changed. Clients without the pull capability get the pushed section or defaults.
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { conventionsFromRaw, DEFAULT_OPTIONS, describeSettingsProblem, invalidSettings, optionsFromRaw, type Options } from '../core/index.ts';

export const SETTINGS_SECTION = 'netlens';

export class Settings {
  /** Whether the client answers workspace/configuration (set at initialize). */
  private canPull = false;
  /** Options from didChangeConfiguration's payload, for clients that only push. */
  private pushed: Options = DEFAULT_OPTIONS;
  private readonly cache = new Map<string, Promise<Options>>();

  constructor(
    private readonly connection: Connection,
    private readonly logError: (where: string, err: unknown) => void,
  ) {}

  setCanPull(value: boolean): void {
    this.canPull = value;
  }

  /**
   * The Options for a resource. The same object is returned until the next change, so callers can use
   * identity to know whether their cached findings still apply.
   */
  get(uri: string): Promise<Options> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.pull(uri);
      this.cache.set(uri, p);
    }
    return p;
  }

  private async pull(uri: string): Promise<Options> {
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
      this.reportProblems(raw);
      return this.intern(raw);
    } catch (err) {
      // A client that fails the request (or was shut down) must not take diagnostics down with it.
      this.logError('workspace/configuration', err);
      return DEFAULT_OPTIONS;
    }
  }

  /**
   * One Options object per distinct section: a document and its folder (pulled per resource) then share the
   * caches keyed by Options identity (file-rule findings, model extraction), and a configuration change that
   * leaves the section as it was re-analyses nothing.
   */
  private readonly interned = new Map<string, Options>();

  private intern(raw: unknown): Options {
    const key = JSON.stringify(raw ?? null);
    let options = this.interned.get(key);
    if (!options) {
      if (this.interned.size > 64) this.interned.clear();
      options = optionsFromRaw(raw);
      this.interned.set(key, options);
    }
    return options;
  }

  /** Problems already shown (each once per session: settings are pulled per resource). */
  private readonly shown = new Set<string>();

  /**
   * Invalid values of the section (a misspelt severity, a wrong type) are shown as a warning naming the key and
   * what is allowed, and logged; the default applies meanwhile. Silence made `"eror"` look like it worked.
   */
  private reportProblems(raw: unknown): void {
    // Conventions describe their own problems (the same words `netlens check` and `netlens config` print).
    const conventions: string[] = [];
    if (typeof raw === 'object' && raw !== null && 'conventions' in raw) conventionsFromRaw(raw.conventions, conventions);
    const texts = [
      ...invalidSettings(raw).map((p) => `NetLens settings: ${describeSettingsProblem(p)}. The default applies until it is fixed.`),
      ...conventions.map((m) => `NetLens settings: ${m}`),
    ];
    for (const text of texts) {
      if (this.shown.has(text)) continue;
      this.shown.add(text);
      this.connection.console.warn(text);
      // A notification, not window/showMessageRequest: nothing to answer, nothing to fail.
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: text }).catch(() => undefined);
    }
  }

  /** Another settings section (e.g. `files.exclude`) for a resource; undefined when the client cannot answer. */
  async section(scopeUri: string, section: string): Promise<unknown> {
    if (!this.canPull) return undefined;
    try {
      return (await this.connection.workspace.getConfiguration({ scopeUri, section })) as unknown;
    } catch (err) {
      this.logError(`workspace/configuration ${section}`, err);
      return undefined;
    }
  }

  /** didChangeConfiguration: drop every cached section; `settings` is the pushed payload (may be null). */
  changed(settings: unknown): void {
    this.cache.clear();
    if (!this.canPull) {
      const section = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[SETTINGS_SECTION] : undefined;
      this.reportProblems(section);
      this.pushed = optionsFromRaw(section);
    }
  }

  /** A closed document's section is pulled again when it is reopened. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
