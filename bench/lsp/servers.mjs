// The two servers the benchmark drives the same way: NetLens (dist/server.js) and Red Hat's yaml-language-server
// (devDependency) with a NetworkPolicy JSON schema; plus the temporary workspaces they index.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mixedWorkspace } from '../generate.mjs';
import { SERVER_NODE_ARGS } from '../../server/src/protocol.ts';
import { LspServer } from './client.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const NETLENS_SERVER = path.join(ROOT, 'dist', 'server.js');
export const SCHEMA = path.join(HERE, 'networkpolicy.schema.json');

/** The yaml-language-server entry script, or undefined when the devDependency is not installed. */
export function yamlServerScript() {
  try {
    const pkg = createRequire(import.meta.url).resolve('yaml-language-server/package.json');
    return path.join(path.dirname(pkg), 'bin', 'yaml-language-server');
  } catch {
    return undefined;
  }
}

/**
 * NetLens with default settings (VS Code sends the `netlens` section; files.exclude empty), under the node flags the
 * client starts it with (SERVER_NODE_ARGS). `nodeArgs`, and
 * NETLENS_BENCH_NODE_ARGS (space-separated) after them, go to the server's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
 * (NODE_OPTIONS refuses it). `transport`: 'stdio', or 'ipc' as NetLens's own client starts it (client/src/client.ts).
 */
export function startNetLens(folders, netlens = {}, nodeArgs = [], transport = 'stdio') {
  nodeArgs = [...SERVER_NODE_ARGS, ...nodeArgs, ...(process.env.NETLENS_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  return LspServer.start('netlens', NETLENS_SERVER, { folders, settings: { netlens, files: { exclude: {} } }, nodeArgs, transport });
}

/**
 * yaml-language-server validating every YAML file against the NetworkPolicy schema, with nothing fetched from
 * the network (schema store and CRD store off), as a user would configure it for these files.
 */
export function startYamlLs(folders) {
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    schemas: { [`file://${SCHEMA}`]: ['*.yaml', '**/*.yaml'] },
  };
  return LspServer.start('yaml-language-server', yamlServerScript(), { folders, settings: { yaml, http: {}, '[yaml]': {}, editor: { tabSize: 2 } } });
}

/** A temporary folder (with a `.git` marker, so no settings above it apply); removed at exit. */
export function tempWorkspace(name) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `netlens-bench-${name}-`)));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

/** The mixed workspace of `count` files written to a temporary folder, plus extra files ({path: text}). */
export function mixedFolder(count, extra = {}) {
  const dir = tempWorkspace(`ws${count}`);
  const files = count > 0 ? mixedWorkspace(count) : [];
  for (const [p, text] of Object.entries(extra)) files.push({ path: p, text });
  // Not below a dot-folder: yaml-language-server's `**` globs skip dot segments.
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.text);
  }
  return { dir, files };
}

export const fileUri = (dir, rel) => `file://${path.join(dir, rel)}`;
