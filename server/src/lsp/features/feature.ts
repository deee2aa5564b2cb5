// The shape of a server feature: capabilities it adds at initialize, and handlers it registers on the connection.
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
