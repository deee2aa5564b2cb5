// One model over every file under the paths, with the parsed files by uri (for commands that follow
// references across files: trace, inventory). The same loading as graph, matrix and coverage (report-model.ts),
// so an incomplete workspace is reported alike; only the shape handed back differs.
import type { Model, Options, ParsedFile } from '../core/index.ts';
import type { CliIO } from './io.ts';
import { reportWorkspace } from './commands/report-model.ts';

export interface LoadedModel {
  model: Model;
  files: Map<string, ParsedFile>;
  options: Options;
  /** uri -> path relative to the working directory. */
  display: Map<string, string>;
}

export function loadModel(paths: readonly string[], io: CliIO, command: string): LoadedModel {
  const ws = reportWorkspace(command, paths, io);
  const entries = [...ws.files];
  return {
    model: ws.model,
    files: new Map(entries.map(([uri, f]) => [uri, f.parsed])),
    options: ws.options,
    display: new Map(entries.map(([uri, f]) => [uri, f.display])),
  };
}
