// Runs in a fresh Node process for bench section "activation": loads dist/client.js with a stand-in `vscode`
// module (and the built-in modules an extension host has loaded) and times require + activate() until the language
// client's start() was called; prints JSON.
//   node activation-child.mjs <folder with dist/> <global storage folder>
import Module, { createRequire } from 'node:module';
import path from 'node:path';

// VS Code's extension host has these built-in modules loaded before any extension activates (its
// extensionHostProcess.js imports each at start-up: checked in code-server's copy, which the e2e suite runs); a fresh
// Node has not (fs, module and util it has), and loading them is not the extension's cost. The others the client
// bundle needs (readline, vm) stay in the figure. It has also loaded CommonJS modules before an `onLanguage`
// activation (every extension is one, and the built-in ones activate at start-up), while this child is an ES module
// whose first `require` starts Node's CommonJS loader: 5-6 ms of the figure that were not the extension's, so a
// one-line module of the bench's own is required first. NETLENS_BENCH_BARE=1 skips both, for comparison.
if (process.env.NETLENS_BENCH_BARE !== '1') {
  for (const m of ['child_process', 'crypto', 'fs', 'module', 'net', 'os', 'util']) await import(`node:${m}`);
  const fs = await import('node:fs');
  const warm = path.join(process.argv[2], 'warm-up.cjs');
  if (!fs.existsSync(warm)) fs.writeFileSync(warm, 'module.exports = 1;\n');
  createRequire(import.meta.url)(warm);
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();

/** A permissive stand-in: any member is a function returning a stand-in (disposables, events, items). */
function standIn(name) {
  const members = new Map();
  return new Proxy(function () {}, {
    get(_target, key) {
      if (key === 'then' || typeof key === 'symbol') return undefined;
      if (key === 'dispose') return () => undefined;
      if (!members.has(key)) members.set(key, standIn(`${name}.${String(key)}`));
      return members.get(key);
    },
    set(_target, key, value) {
      members.set(key, value);
      return true;
    },
    has: (_target, key) => members.has(key),
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...ds) {
    return new Disposable(() => ds.forEach((d) => d?.dispose?.()));
  }
  dispose() {
    this.fn?.();
  }
}
class EventEmitter {
  listeners = new Set();
  event = (l) => {
    this.listeners.add(l);
    return new Disposable(() => this.listeners.delete(l));
  };
  fire(e) {
    for (const l of [...this.listeners]) l(e);
  }
  dispose() {
    this.listeners.clear();
  }
}
const config = { get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => undefined };
// A plain object (bundlers copy its own keys into a namespace): the API the client bundle touches, each
// namespace and class a stand-in unless its behaviour matters (events, disposables).
const vscode = {};
for (const k of ['commands', 'env', 'languages', 'window', 'workspace', 'extensions', 'Uri', 'CodeAction', 'Diagnostic', 'Range', 'Position', 'CancellationTokenSource', 'CancellationError', 'TabInputCustom', 'TabInputNotebook', 'TabInputText', 'TabInputTextDiff', 'NotebookCellKind', 'QuickPickItemKind', 'LogLevel', 'ProgressLocation']) {
  vscode[k] = standIn(`vscode.${k}`);
}
Object.assign(vscode, {
  Disposable,
  EventEmitter,
  ThemeColor: class {},
  ThemeIcon: class {},
  MarkdownString: class {
    constructor(value = '') {
      this.value = value;
    }
  },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  version: '1.91.0',
});
// Other members on demand: classes the client library extends (CompletionItem, CodeLens, ...) and namespaces.
const vscodeModule = new Proxy(vscode, {
  get(target, key) {
    if (key in target || typeof key === 'symbol') return target[key];
    target[key] = /^[A-Z]/.test(key) ? class {} : standIn(`vscode.${key}`);
    return target[key];
  },
});
vscode.workspace.getConfiguration = () => config;
vscode.workspace.workspaceFolders = [];
vscode.workspace.textDocuments = [];
vscode.window.visibleTextEditors = [];
vscode.window.tabGroups.all = [];

const origLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscodeModule;
  return origLoad.call(this, request, parent, isMain);
};

const root = process.argv[2];
const context = standIn('context');
Object.assign(context, {
  subscriptions: [],
  extensionPath: root,
  extensionUri: { fsPath: root, path: root, scheme: 'file' },
  asAbsolutePath: (p) => path.join(root, p),
  globalStorageUri: { scheme: 'file', fsPath: process.argv[3], path: process.argv[3] },
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
});

const tLoad0 = performance.now();
const ext = createRequire(import.meta.url)(path.join(root, 'dist', 'client.js'));
const tLoad = performance.now() - tLoad0;
const tAct0 = performance.now();
const api = ext.activate(context);
const tActivate = performance.now() - tAct0;
const cpu = process.cpuUsage(cpu0);
// After the figure: how the entry loaded the bundle (and the cache it would write a few seconds later, now).
const codeCache = ext.codeCache?.();
process.stdout.write(
  JSON.stringify({ require: tLoad, activate: tActivate, total: tLoad + tActivate, sinceStart: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, activationMs: api?.activationMs, marks: api?.activationMarks, started: api?.client !== undefined, codeCache }) + '\n',
);
// Do not let the client go on to spawn a server: the figure is taken.
process.exit(0);
