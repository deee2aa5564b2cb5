// esbuild plugin for the client's start-up bundle: leaves out the language client's built-in features NetLens's server never uses.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NOTEBOOK_STUB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client/src/notebookStub.ts');

/**
 * The modules of vscode-languageclient/lib/common whose features NetLens needs, each with the server capability
 * (or client option) that makes it work. `notebook`: the pull-diagnostics feature subscribes to it. A capability
 * the server advertises must map to one of these (test/unit/client/features-prune.test.ts checks the server's).
 */
export const KEPT_FEATURES = {
  configuration: 'workspace/configuration and synchronize.configurationSection',
  textSynchronization: 'textDocumentSync',
  fileSystemWatcher: 'synchronize.fileEvents',
  completion: 'completionProvider',
  hover: 'hoverProvider',
  codeAction: 'codeActionProvider',
  executeCommand: 'executeCommandProvider',
  workspaceFolder: 'workspace.workspaceFolders',
  progress: 'window/workDoneProgress',
  diagnostic: 'diagnosticProvider',
  notebook: 'the diagnostic feature subscribes to it (the start-up bundle has client/src/notebookStub.ts instead)',
};

const CLIENT = /[\\/]vscode-languageclient[\\/]lib[\\/]common[\\/]client\.js$/;
/** `this.registerFeature(new rename_1.RenameFeature(this));` in registerBuiltinFeatures. */
const REGISTRATION = /^\s*this\.registerFeature\(new (\w+)_1\.\w+\(this(?:, [^;]*)?\)\);\n/gm;

/**
 * client.js with every registration of a feature outside KEPT_FEATURES removed from registerBuiltinFeatures, and the
 * `require` of each module no longer named. The client then neither loads those modules (about 55 KB of the 390 KB
 * start-up bundle, compiled at every first activation) nor announces their client capabilities. Throws when the
 * library's text is not as expected, so an update of vscode-languageclient fails the build instead of shipping a
 * client that misses a feature.
 */
export function pruneFeatures(source) {
  const start = source.indexOf('    registerBuiltinFeatures() {');
  // Up to the body's last line feed: each registration the regex removes is a whole line.
  const end = source.indexOf('\n    }\n', start) + 1;
  if (start < 0 || end <= 0) throw new Error('client-features-prune: registerBuiltinFeatures() not found in vscode-languageclient/lib/common/client.js');
  const body = source.slice(start, end);
  const seen = new Set();
  const dropped = new Set();
  const pruned = body.replace(REGISTRATION, (line, module) => {
    seen.add(module);
    if (module in KEPT_FEATURES) return line;
    dropped.add(module);
    return '';
  });
  const missing = Object.keys(KEPT_FEATURES).filter((m) => !seen.has(m));
  if (missing.length > 0) throw new Error(`client-features-prune: registerBuiltinFeatures() no longer registers ${missing.join(', ')}`);
  let out = source.slice(0, start) + pruned + source.slice(end);
  for (const module of dropped) {
    const require = `const ${module}_1 = require("./${module}");\n`;
    if (!out.includes(require)) throw new Error(`client-features-prune: no \`${require.trim()}\` in client.js`);
    out = out.replace(require, '');
    if (out.includes(`${module}_1`)) throw new Error(`client-features-prune: client.js still uses ${module}_1 outside registerBuiltinFeatures()`);
  }
  return { code: out, dropped: [...dropped].sort() };
}

export const pruneFeaturesPlugin = {
  name: 'client-features-prune',
  setup(build) {
    build.onLoad({ filter: CLIENT }, (a) => ({ contents: pruneFeatures(fs.readFileSync(a.path, 'utf8')).code, loader: 'js' }));
    // The library's notebook synchronisation, required by client.js only, is replaced by a stand-in.
    build.onResolve({ filter: /^\.\/notebook$/ }, (a) => (CLIENT.test(a.importer) ? { path: NOTEBOOK_STUB } : undefined));
  },
};
