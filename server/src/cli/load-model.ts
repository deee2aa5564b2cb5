// The report workspace with the parsed files by uri (for commands that follow references across files: trace,
// inventory). The same loading as graph, matrix and coverage (report-model.ts); only the shape differs.
import type { Model, Options, ParsedFile } from '../core/index.ts';
import type { ReportWorkspace } from './commands/report-model.ts';

export interface LoadedModel {
  model: Model;
  files: Map<string, ParsedFile>;
  options: Options;
  /** uri -> path relative to the working directory. */
  display: Map<string, string>;
}

/** The report workspace as parsed files by uri and display paths by uri. */
export function loadedModel(ws: ReportWorkspace): LoadedModel {
  const entries = [...ws.files];
  return {
    model: ws.model,
    files: new Map(entries.map(([uri, f]) => [uri, f.parsed])),
    options: ws.options,
    display: new Map(entries.map(([uri, f]) => [uri, f.display])),
  };
}
