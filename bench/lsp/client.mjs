// A minimal LSP client for the benchmark: spawns a language server over stdio or Node IPC (as editors do), answers
// its requests (configuration, registrations, refreshes), and offers the calls the scenarios need. Diagnostics:
// pulled (textDocument/diagnostic) when the server offers it, as VS Code does, else awaited as publishes.
import { spawn } from 'node:child_process';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { textDigest } from '../../server/src/protocol-disk.ts';
import { cpuMs, mainThreadCpuMs, memory, waitIdle } from './proc.mjs';

const CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] }, contextSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
  },
  window: { workDoneProgress: true },
};

export class LspServer {
  /** `settings`: section name -> value, answered to workspace/configuration (dotted sections looked up too). */
  constructor(name, child, settings) {
    this.name = name;
    this.child = child;
    this.pid = child.pid;
    this.settings = settings;
    this.stderr = '';
    this.publishes = [];
    this.logs = [];
    this.pending = 0;
    this.docs = new Map();
    this.refreshes = 0;
    /** Every pulled result, with the time it arrived. */
    this.pulled = [];
    /** Per uri, the last pulled report's result id and items (sent back as previousResultId). */
    this.results = new Map();
    this.conn = child.send ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)) : createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    child.stderr.on('data', (d) => (this.stderr = (this.stderr + d).slice(-20_000)));
    // Over IPC the server's stdout carries no protocol, but a full pipe would block its writes (e.g. --trace-gc).
    if (child.send) child.stdout.on('data', (d) => (this.stderr = (this.stderr + d).slice(-20_000)));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => this.publishes.push({ ...p, at: performance.now() }));
    this.conn.onNotification('window/logMessage', (p) => this.logs.push(p.message));
    this.conn.onNotification(() => undefined);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((item) => this.section(item.section)));
    // A pulling editor re-pulls its open documents when the server asks (VS Code: the visible ones).
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      if (this.pulls) for (const uri of this.docs.keys()) void this.diagnostics(uri).catch(() => undefined);
      return null;
    });
    // NetLens's client answers with the editor's text when a document opened from disk is not the file's.
    this.conn.onRequest('netlens/documentText', ({ uri }) => {
      const doc = this.docs.get(uri);
      return doc ? { version: doc.version, text: doc.text } : null;
    });
    this.conn.onRequest(() => null);
    this.conn.listen();
  }

  /**
   * Spawns `node <script> --stdio` (or `--node-ipc` with `transport: 'ipc'`, a child with an IPC channel, as
   * vscode-languageclient's TransportKind.ipc forks it), initializes with `folders` (paths), sends initialized
   * and the settings.
   */
  static async start(name, script, { folders = [], settings = {}, nodeArgs = [], transport = 'stdio' } = {}) {
    const child = transport === 'ipc'
      ? spawn(process.execPath, [...nodeArgs, script, '--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] })
      : spawn(process.execPath, [...nodeArgs, script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const s = new LspServer(name, child, settings);
    s.startedAt = performance.now();
    const uris = folders.map((f) => `file://${f}`);
    s.initializeResult = await s.request(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uris[0] ?? null,
      capabilities: CAPABILITIES,
      workspaceFolders: uris.length ? uris.map((uri, i) => ({ uri, name: `folder${i}` })) : null,
    });
    const caps = s.initializeResult.capabilities;
    s.pulls = caps.diagnosticProvider !== undefined;
    const sync = typeof caps.textDocumentSync === 'number' ? caps.textDocumentSync : caps.textDocumentSync?.change;
    s.incremental = sync === 2;
    await s.conn.sendNotification(InitializedNotification.type, {});
    s.initializedAt = performance.now();
    // VS Code sends the synchronised sections right after start-up.
    await s.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: s.settings });
    return s;
  }

  section(name) {
    if (name === undefined) return this.settings;
    if (name in this.settings) return this.settings[name];
    let v = this.settings;
    for (const k of name.split('.')) v = v && typeof v === 'object' ? v[k] : undefined;
    return v ?? null;
  }

  async request(type, params) {
    this.pending++;
    try {
      return await this.conn.sendRequest(type, params);
    } finally {
      this.pending--;
    }
  }

  /**
   * Opens a document. `saved`: its text is the file's on disk; a large one is then opened as NetLens's client opens
   * it (client/src/openFromDisk.ts) when the server announces netlens/openFromDisk: the notification with the
   * text's length and digest (protocol-disk.ts textDigest), then the didOpen without the text.
   */
  open(uri, text, { saved = false } = {}) {
    this.docs.set(uri, { text, version: 1 });
    const min = this.initializeResult?.capabilities?.experimental?.netlensOpenFromDisk;
    if (saved && typeof min === 'number' && text.length >= min) {
      void this.conn.sendNotification('netlens/openFromDisk', { uri, version: 1, length: text.length, sha256: textDigest(text) });
      return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: '' } });
    }
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** Replaces [start, end) (offsets) of an open document with `insert`, as an incremental change when supported. */
  edit(uri, start, end, insert) {
    const doc = this.docs.get(uri);
    const range = { start: position(doc.text, start), end: position(doc.text, end) };
    doc.text = doc.text.slice(0, start) + insert + doc.text.slice(end);
    doc.version++;
    const change = this.incremental ? { range, text: insert } : { text: doc.text };
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [change] });
  }

  /**
   * The document's diagnostics at its current version: pulled, or the next publish after `sincePublish`
   * (an index into `publishes`) for servers that push.
   */
  async diagnostics(uri, sincePublish = this.publishes.length, timeoutMs = 600_000) {
    if (this.pulls) {
      // As VS Code does: the previous result id is sent, and an `unchanged` report keeps the items held.
      const held = this.results.get(uri);
      const report = await this.request('textDocument/diagnostic', { textDocument: { uri }, ...(held ? { previousResultId: held.resultId } : {}) });
      const items = report.kind === 'unchanged' && held ? held.items : report.items;
      if (report.resultId !== undefined) this.results.set(uri, { resultId: report.resultId, items });
      this.pulled.push({ uri, at: performance.now(), items, unchanged: report.kind === 'unchanged' });
      return items;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.publishes.slice(sincePublish).find((x) => x.uri === uri);
      if (p) return p.diagnostics;
      if (Date.now() > deadline) throw new Error(`${this.name}: no diagnostics for ${uri} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  hover(uri, offset) {
    return this.request('textDocument/hover', { textDocument: { uri }, position: position(this.docs.get(uri).text, offset) });
  }

  completion(uri, offset) {
    return this.request('textDocument/completion', { textDocument: { uri }, position: position(this.docs.get(uri).text, offset) });
  }

  configure(settings) {
    this.settings = settings;
    return this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  cpu() {
    return cpuMs(this.pid);
  }

  /** CPU of the server's main thread alone (proc.mjs mainThreadCpuMs). */
  mainCpu() {
    return mainThreadCpuMs(this.pid);
  }

  memory() {
    return memory(this.pid);
  }

  /** Waits until the server used no CPU for a while and no request of ours is in flight. */
  idle(quietMs = 700) {
    return waitIdle(this.pid, { quietMs, busy: () => this.pending > 0, slackMs: this.idleSlackMs ?? 0 });
  }

  async stop() {
    if (this.child.exitCode !== null) return;
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    try {
      await this.request(ShutdownRequest.type, undefined);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    await this.exited;
    clearTimeout(kill);
    this.conn.dispose();
  }
}

/** LSP position (0-based line, UTF-16 character) of an offset. */
export function position(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
