// One model over every file under the paths, with the parsed files by uri (for commands that follow
// references across files: trace, inventory). Settings of the first settings group, as reach does.
import { buildModel, DEFAULT_OPTIONS, parseFile, type Model, type Options, type ParsedFile } from '../core/index.ts';
import type { CliIO } from './io.ts';
import { loadWorkspace } from './workspace.ts';

export interface LoadedModel {
  model: Model;
  files: Map<string, ParsedFile>;
  options: Options;
  /** uri -> path relative to the working directory. */
  display: Map<string, string>;
}

export function loadModel(paths: readonly string[], io: CliIO, command: string): LoadedModel {
  const workspace = loadWorkspace(paths, io.cwd);
  const first = workspace.groups[0];
  if (workspace.groups.length > 1) io.stderr(`netlens ${command}: files fall under ${workspace.groups.length} settings files; using the settings of ${first?.settingsFile ?? 'the defaults'}\n`);
  const files = new Map<string, ParsedFile>();
  const display = new Map<string, string>();
  const options = first?.options;
  for (const g of workspace.groups) {
    for (const f of g.files) {
      files.set(f.uri, parseFile(f.uri, f.text, g.options));
      display.set(f.uri, f.display);
    }
  }
  const opts = options ?? DEFAULT_OPTIONS;
  return { model: buildModel([...files.values()], opts), files, options: opts, display };
}
