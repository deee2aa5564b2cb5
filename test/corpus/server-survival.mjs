// "The server survives every corpus file": opens each file in `node dist/server.js --stdio` (didOpen), waits for
// its publishDiagnostics, closes it, and checks the server still answers a request at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

/** How long one file may take to get its diagnostics (the server debounces; big files take longer). */
const PER_FILE_TIMEOUT_MS = 15_000;

/**
 * Returns counts and failure lines. One check per file (diagnostics arrived, server alive) plus one for the
 * final request; a dead server fails the rest at once instead of waiting out every timeout.
 */
export async function serverSurvives(serverPath, files, rootDir) {
  const result = { opened: 0, published: 0, alive: false, passed: 0, failed: 0, failures: [] };
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  let exited = false;
  const exitedP = new Promise((resolve) => child.on('exit', (code, signal) => ((exited = true), resolve(code ?? signal))));
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiting = new Map();
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    const w = waiting.get(p.uri);
    if (w) w(p);
  });
  // Answer what a client must answer: settings (defaults), capability registration, progress tokens.
  conn.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map((i) => (i.section === 'netlens' ? {} : null)));
  conn.onRequest(() => null);
  conn.onNotification(() => undefined);
  conn.onError(() => undefined);
  conn.listen();

  const fail = (msg) => {
    result.failed++;
    result.failures.push(msg);
  };
  try {
    await withTimeout(
      conn.sendRequest(rpc.InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(rootDir).href,
        workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'corpus' }],
        capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      }),
      PER_FILE_TIMEOUT_MS,
      'initialize',
    );
    await conn.sendNotification(rpc.InitializedNotification.type, {});
  } catch (e) {
    fail(`SERVER did not initialize: ${e.message}${stderr ? `\n${stderr}` : ''}`);
    child.kill();
    return result;
  }

  for (const file of files) {
    const uri = pathToFileURL(file).href;
    if (exited) {
      fail(`SERVER dead before ${file}`);
      continue;
    }
    // Same bytes the editor would load; invalid UTF-8 becomes U+FFFD as VS Code shows it.
    const text = new TextDecoder('utf-8').decode(fs.readFileSync(file));
    const got = new Promise((resolve) => waiting.set(uri, resolve));
    result.opened++;
    try {
      await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      await withTimeout(Promise.race([got, exitedP.then((c) => Promise.reject(new Error(`server exited (${c})`)))]), PER_FILE_TIMEOUT_MS, `diagnostics for ${file}`);
      result.published++;
      result.passed++;
    } catch (e) {
      fail(`SERVER ${file}: ${e.message}`);
    } finally {
      waiting.delete(uri);
      if (!exited) await conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri } }).catch(() => undefined);
    }
  }

  try {
    // A request every server answers: shutdown. Answering it proves the server is alive and responsive.
    await withTimeout(conn.sendRequest(rpc.ShutdownRequest.type), PER_FILE_TIMEOUT_MS, 'shutdown');
    result.alive = true;
    result.passed++;
    await conn.sendNotification(rpc.ExitNotification.type);
    await withTimeout(exitedP, 5000, 'exit').catch(() => child.kill());
  } catch (e) {
    fail(`SERVER not answering at the end: ${e.message}${stderr ? `\n${stderr.slice(-2000)}` : ''}`);
    child.kill();
  }
  conn.dispose();
  return result;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
