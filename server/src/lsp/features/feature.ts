// The shape of a server feature: capabilities it adds at initialize, and handlers it registers on the connection.
//
// Adding a feature: a file here exporting a Feature, one line in features/index.ts. What `service` offers:
// - service.analysis(uri): the open document's ParsedFile + own findings at its current version (cached);
//   undefined when not open, not YAML, or disabled (answer empty then).
// - service.index.analysisFor(uri) / allAnalyses(): the workspace model and findings of the folder (workspace-rule
//   findings for `uri` only; analysisFor(uri, true) and allAnalyses() run no workspace rule: model requests)
//   (open documents at their current version); service.index.ready is false until the first scan finished.
// - service.addFindingSource(fn): extra findings joined to a document's diagnostics and quick fixes.
// - createCodeActions([contributor]): code actions not tied to a finding.
// - onCustomRequest(connection, service, XRequest, fallback, handler) for `netlens/...` requests of
//   protocol.ts; safeRequest/safeListener for anything else (errors are logged, never fatal).
// - service.revalidate(uris) / revalidateAll(): re-publish diagnostics after the inputs changed.
import type { ClientCapabilities, Connection, Disposable, ServerCapabilities } from 'vscode-languageserver';
import type { Service } from '../service.ts';

export interface Feature {
  readonly name: string;
  /** Capabilities this feature adds to the initialize result (merged shallowly with the others'). */
  capabilities?(client: ClientCapabilities): ServerCapabilities;
  /**
   * Registers handlers and listeners. Runs once, before the connection listens; wrap handlers with safe*.
   * The returned disposable (timers, caches) is disposed on shutdown.
   */
  register(connection: Connection, service: Service): Disposable | void;
}
