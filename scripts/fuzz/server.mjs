// The fuzzer's client: starts `node dist/server.js --stdio` on a workspace folder (with the node flags the editor
// starts it with; run.mjs runs under tsx, which loads protocol.ts), answers what a client must,
// times every request, and turns crashes, logged errors and error statuses into failures.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERVER_NODE_ARGS } from '../../server/src/protocol.ts';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REQUEST_TIMEOUT_MS = 30_000;

export class Server {
  static async start(folder) {
    const s = new Server(folder);
    await s.init();
    return s;
  }

  constructor(folder) {
    this.folderUri = pathToFileURL(folder).href;
    this.child = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.failures = [];
    this.published = new Map();
    this.child.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d.toString()).slice(-20_000);
    });
    this.exited = false;
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      if (!this.stopping) this.failures.push({ kind: 'crash', detail: `server exited (${code ?? signal})` });
    });
    this.conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    this.conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => this.published.set(p.uri, p.diagnostics));
    this.conn.onNotification(rpc.LogMessageNotification.type, (p) => {
      if (p.type === rpc.MessageType.Error) this.failures.push({ kind: 'logged exception', detail: p.message.slice(0, 4000) });
    });
    this.conn.onNotification('netlens/status', (p) => {
      if (p?.health === 'error') this.failures.push({ kind: 'error status', detail: String(p.message) });
    });
    this.conn.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map((i) => (i.section === 'netlens' ? {} : null)));
    this.conn.onRequest(() => null);
    this.conn.onNotification(() => undefined);
    this.conn.onError(() => undefined);
    this.conn.onClose(() => undefined);
    this.conn.listen();
  }

  async init() {
    await this.conn.sendRequest(rpc.InitializeRequest.type, {
      processId: process.pid,
      rootUri: this.folderUri,
      workspaceFolders: [{ uri: this.folderUri, name: 'fuzz' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
        textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } }, hover: {}, codeAction: {} },
      },
    });
    await this.conn.sendNotification(rpc.InitializedNotification.type, {});
  }

  /** The first failure seen since the last call (crash, logged error, error status). */
  takeFailure() {
    if (this.exited && !this.stopping && this.failures.length === 0) this.failures.push({ kind: 'crash', detail: 'server is gone' });
    return this.failures.shift();
  }

  stderrTail() {
    return this.stderr.slice(-4000);
  }

  diagnostics(uri) {
    return this.published.get(uri) ?? [];
  }

  open(uri, text) {
    this.published.delete(uri);
    return this.conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  change(uri, version, range, text) {
    return this.conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri) {
    return this.conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** `{ result, error, ms }`: error is a message for an error response, a timeout or a dead server. */
  async request(method, params) {
    const t0 = performance.now();
    if (this.exited) return { error: 'server is gone', ms: 0 };
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ error: `no answer in ${REQUEST_TIMEOUT_MS} ms`, ms: REQUEST_TIMEOUT_MS }), REQUEST_TIMEOUT_MS);
    });
    const answer = this.conn.sendRequest(method, params).then(
      (result) => ({ result, ms: Math.round(performance.now() - t0) }),
      (e) => ({ error: e?.message ?? String(e), ms: Math.round(performance.now() - t0) }),
    );
    const out = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    return out;
  }

  async stop() {
    this.stopping = true;
    if (this.exited) return;
    try {
      await Promise.race([this.conn.sendRequest(rpc.ShutdownRequest.type), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification(rpc.ExitNotification.type);
    } catch {
      // already gone
    }
    await new Promise((resolve) => {
      if (this.exited) resolve();
      const t = setTimeout(() => (this.child.kill('SIGKILL'), resolve()), 3000);
      this.child.on('exit', () => (clearTimeout(t), resolve()));
    });
    this.conn.dispose();
  }
}
