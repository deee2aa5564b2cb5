// Builds the server on a connection: initialize (capabilities from every feature), settings changes, shutdown.
import { TextDocumentSyncKind, type Connection, type Disposable, type InitializeResult, type ServerCapabilities } from 'vscode-languageserver';
import { OPEN_FROM_DISK_CHARS, OpenFromDiskNotification, type OpenFromDiskParams } from '../protocol.ts';
import { FEATURES, type Feature } from './features/index.ts';
import { safeListener } from './safe.ts';
import { Service, type ServiceOptions } from './service.ts';

export function startServer(connection: Connection, options: ServiceOptions, features: readonly Feature[] = FEATURES): Service {
  const service = new Service(connection, options);
  const disposables: Disposable[] = [];

  connection.onInitialize((params): InitializeResult => {
    service.initialize(params);
    let capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      experimental: { netlensOpenFromDisk: OPEN_FROM_DISK_CHARS },
    };
    for (const f of features) {
      try {
        if (f.capabilities) capabilities = mergeCapabilities(capabilities, f.capabilities(params.capabilities));
      } catch (err) {
        service.logError(`capabilities of ${f.name}`, err);
      }
    }
    return { capabilities, serverInfo: { name: 'netlens' } };
  });

  // Handlers are registered before the connection listens, so no early message finds a method missing.
  for (const f of features) {
    try {
      const d = f.register(connection, service);
      if (d) disposables.push(d);
    } catch (err) {
      // A feature that fails to register is lost, not the server.
      service.logError(`registering ${f.name}`, err);
    }
  }

  connection.onInitialized(safeListener(service, 'initialized', () => service.initialized()));
  connection.onDidChangeConfiguration(safeListener(service, 'workspace/didChangeConfiguration', (p) => service.configurationChanged(p.settings)));

  // `exit` is handled by vscode-languageserver (exit code 0 after shutdown, 1 otherwise); shutdown stops timers.
  connection.onShutdown(() => {
    for (const d of disposables.splice(0)) {
      try {
        d.dispose();
      } catch (err) {
        service.logError('shutdown', err);
      }
    }
  });

  connection.onNotification(OpenFromDiskNotification.method, safeListener(service, OpenFromDiskNotification.method, (p: OpenFromDiskParams) => service.diskOpens.announce(p)));
  // Through the gate: an open announced above is held, with what follows for its document, until its text is read.
  service.documents.listen(service.diskOpens.gate(connection));
  return service;
}

type Json = Record<string, unknown>;
const isPlain = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges features' capabilities; nested objects (`workspace`, ...) are merged too, so features can share them. */
export function mergeCapabilities(a: ServerCapabilities, b: ServerCapabilities): ServerCapabilities {
  const out: Json = { ...(a as Json) };
  for (const [k, v] of Object.entries(b as Json)) {
    const old = out[k];
    out[k] = isPlain(old) && isPlain(v) ? mergeCapabilities(old as ServerCapabilities, v as ServerCapabilities) : v;
  }
  return out as ServerCapabilities;
}
