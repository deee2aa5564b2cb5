// Drives the built language server (`node dist/server.js --stdio`) with a real JSON-RPC client, for protocol tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SERVER_NODE_ARGS } from '../../server/src/protocol.ts';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVER = path.join(ROOT, 'dist/server.js');

export interface HarnessOptions {
  /** Advertise workspace/configuration (the pull model). Default true. */
  configuration?: boolean;
  /** Advertise WorkspaceEdit.documentChanges. Default true. */
  documentChanges?: boolean;
  /** Workspace folders (file: URIs) the server indexes; none by default. */
  folders?: string[];
  /** Limit of open files for the server process (`ulimit -n`), to test the index under EMFILE pressure. */
  openFileLimit?: number;
  /** Advertise pull diagnostics (textDocument/diagnostic, workspace/diagnostic with refresh). Default false. */
  pullDiagnostics?: boolean;
  /** Extra environment of the server process (NETLENS_WORKERS, ...). */
  env?: Record<string, string>;
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs` naming what it waited for. */
export async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export class Harness {
  readonly conn: ProtocolConnection;
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  /** How many workspace/diagnostic/refresh requests the server sent. */
  refreshes = 0;
  /** Every workspace/configuration item the server asked for. */
  readonly configRequests: { scopeUri?: string; section?: string }[] = [];
  /** What the harness answers for the `netlens` section (per scope uri, else `*`). */
  settings: Record<string, unknown> = { '*': {} };
  stderr = '';
  initializeResult: InitializeResult | undefined;
  private readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    this.conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => void this.publishes.push(p));
    this.conn.onNotification(LogMessageNotification.type, (p) => void this.logs.push(p));
    this.conn.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        this.configRequests.push({ scopeUri: item.scopeUri, section: item.section });
        return (item.scopeUri !== undefined ? this.settings[item.scopeUri] : undefined) ?? this.settings['*'] ?? null;
      }),
    );
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.conn.listen();
  }

  static async start(opts: HarnessOptions = {}): Promise<Harness> {
    const child =
      opts.openFileLimit !== undefined
        ? spawn('/bin/sh', ['-c', `ulimit -n ${opts.openFileLimit} && exec "$0" "$@" --stdio`, process.execPath, ...SERVER_NODE_ARGS, SERVER], { stdio: ['pipe', 'pipe', 'pipe'] })
        : spawn(process.execPath, [...SERVER_NODE_ARGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    const h = new Harness(child);
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: opts.configuration ?? true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: false },
        workspaceEdit: { documentChanges: opts.documentChanges ?? true, resourceOperations: ['create'] },
        didChangeConfiguration: { dynamicRegistration: false },
        ...(opts.pullDiagnostics ? { diagnostics: { refreshSupport: true } } : {}),
      },
      textDocument: {
        ...(opts.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
      },
    };
    h.initializeResult = await h.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: opts.folders?.[0] ?? null,
      capabilities,
      workspaceFolders: opts.folders ? opts.folders.map((uri, i) => ({ uri, name: `folder${i}` })) : null,
    });
    await h.conn.sendNotification(InitializedNotification.type, {});
    return h;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text (a full-content change is valid under incremental sync too). */
  replace(uri: string, version: number, text: string): Promise<void> {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Changes the answered settings and tells the server, as VS Code does. */
  configure(section: unknown, scopeUri = '*'): Promise<void> {
    this.settings[scopeUri] = section;
    return this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { netlens: section } });
  }

  /** The first publish for `uri` after `since` (an index into publishes) that satisfies `pred`. */
  nextPublish(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, since = 0, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return waitFor(() => this.publishes.slice(since).find((p) => p.uri === uri && pred(p)), `diagnostics for ${uri}`, timeoutMs);
  }

  /** Shutdown + exit; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    const code = await this.exited;
    this.conn.dispose();
    return code;
  }
}
