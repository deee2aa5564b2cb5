// The installed NetLens (from the .vsix, not the dev folder) activates in a workspace of YAML files.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { SERVER_NODE_ARGS } from '../../../server/src/protocol.ts';
import { EXTENSION_ID, netlens, note, open, waitFor } from './util';

suite('activation', () => {
  test('the NetLens under test is the installed build', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    const dir = ext.extensionPath;
    // The .vsix ships bundles only: no TypeScript sources, no node_modules, no tests.
    assert.ok(fs.existsSync(path.join(dir, 'dist', 'client.js')), 'dist/client.js shipped');
    assert.ok(fs.existsSync(path.join(dir, 'dist', 'server.js')), 'dist/server.js shipped');
    for (const absent of ['client/src', 'server/src', 'node_modules', 'test', '.e2e', 'dist/client.js.map']) {
      assert.ok(!fs.existsSync(path.join(dir, absent)), `${absent} must not be in the installed extension`);
    }
    const expected = process.env.E2E_EXTENSIONS_DIR;
    if (expected) assert.ok(dir.startsWith(path.resolve(expected) + path.sep), `${dir} is under ${expected}`);
  });

  test('activates once a YAML file is open', async () => {
    const editor = await open('policies/default-deny.yaml');
    assert.equal(editor.document.languageId, 'yaml');
    const ext = await netlens();
    assert.equal(ext.isActive, true);
    await waitFor('NetLens commands', async () => (await vscode.commands.getCommands(true)).includes('netlens.restartServer'));
  });

  // Target 50 ms (issue 5): the figure is printed every run with its verdict. The assertion is only a sanity
  // ceiling (1 s) that catches a blocking activate() (a synchronous workspace scan); timing on a shared 2-core
  // machine varies too much for the target itself to gate CI.
  test('activation time (activate() start to language client start) is measured and bounded', async () => {
    const ext = await netlens();
    const api = ext.exports as { activationMs?: number; ready?: Promise<void> };
    assert.equal(typeof api.activationMs, 'number', 'activate() returns activationMs');
    await api.ready;   // the server answered initialize
    const ms = api.activationMs!;
    note(`activation: ${ms.toFixed(1)} ms (target 50 ms: ${ms <= 50 ? 'ok' : 'OVER'})`);
    assert.ok(ms > 0 && ms <= 1000, `activation took ${ms} ms (ceiling 1000 ms, target 50 ms)`);
  });

  // The benchmark measures the server under these flags (bench/lsp/servers.mjs); the editor must start it so too.
  // Read from /proc: Linux only (the e2e run in CI); elsewhere the test is skipped, not passed.
  test('the language server runs with the node flags the benchmark measures', async function () {
    if (process.platform !== 'linux') this.skip();
    const ext = await netlens();
    await (ext.exports as { ready?: Promise<void> }).ready;
    const server = path.join(ext.extensionPath, 'dist', 'server.js');
    const commands = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .map((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        } catch {
          return [];   // the process ended meanwhile
        }
      })
      .filter((argv) => argv.includes(server));
    assert.ok(commands.length > 0, `a process runs ${server}`);
    for (const argv of commands) {
      for (const flag of SERVER_NODE_ARGS) assert.ok(argv.indexOf(flag) > 0 && argv.indexOf(flag) < argv.indexOf(server), `${flag} before the script in ${argv.join(' ')}`);
    }
  });
});
