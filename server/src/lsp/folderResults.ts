// Every file's problems per folder (the Problems panel's closed files, workspace/diagnostic): judged in the
// background, memoised while no input changed, moved over an edit that changes nothing the workspace reads.
import { analyzeWorkspace, fileFindings, workspaceResultsSteps, type Model, type Options, type ParsedFile, type WorkspaceResults } from '../core/index.ts';
import { carryConverted } from './problems.ts';
import { filesByUri, movedResults, neutralEdit, placesStay, sameFiles, singleChange } from './remap.ts';
import { Runs } from './slices.ts';
import { prepareInputs, type WalkHost } from './walk.ts';

export interface FolderResults {
  key: string;
  options: Options;
  files: ReadonlyMap<string, ParsedFile>;
  results: WorkspaceResults;
}

interface Entry {
  options: Options;
  inputs: ParsedFile[];
  result: FolderResults;
}

/** What the results need from the index: its walk's host, the folders' inputs and what their kustomize builds read. */
export interface ResultsHost extends WalkHost {
  inputs(folder: string, options: Options): Promise<ParsedFile[]>;
  /** Per folder, the files its kustomize builds read, as the last analysis built them. */
  covered(folder: string): { options: Options; files: ReadonlySet<string> } | undefined;
}

export class FolderResultsTable {
  private readonly results = new Map<string, Entry>();
  /** Folder results are background work (lsp/slices.ts pause): their slices wait while an open document's run. */
  private readonly resulting = new Runs<WorkspaceResults>(true);
  /** Folder results moved over a neutral edit instead of judged again (netlens/indexStats). */
  moved = 0;

  constructor(private readonly host: ResultsHost) {}

  /**
   * Whether the Problems panel's closed files (the folder's last whole results) may show something else now that
   * open document `uri` is `after` (an edit that changed nothing the workspace reads): a place they name in it may
   * be on another line or column, or the results read a version of it that was not neutrally edited since.
   */
  closedFilesMoved(uri: string, after: ParsedFile, options: Options): boolean {
    const folder = this.host.folderOf(uri);
    const memo = folder ? this.results.get(folder) : undefined;
    if (!folder || !memo) return false;
    const then = memo.result.files.get(uri);
    if (then && then !== after) {
      const covered = this.host.covered(folder);
      if (memo.options !== options || covered?.options !== options || !neutralEdit(then, after, options, covered.files)) return true;
    }
    return !placesStay(memo.result.results.findings, uri, then, after);
  }

  /**
   * Every file's findings of the folder holding `uri` (file and workspace rules over the whole folder, inline
   * exceptions applied): what the Problems panel lists and `netlens check` prints. Memoised while no input changed.
   */
  async of(uri: string): Promise<FolderResults | undefined> {
    const { service, disk, workers } = this.host;
    const folder = this.host.folderOf(uri);
    if (!folder || !disk.scanned) return undefined;
    const options = await service.settings.get(folder);
    if (!options.enable) return undefined;
    const inputs = await this.host.inputs(folder, options);
    const memo = this.results.get(folder);
    if (memo && memo.options === options && sameFiles(memo.inputs, inputs)) return memo.result;
    // An open document edited without changing what the workspace reads: the previous results, moved (VS Code
    // pulls the workspace's problems every 2 s, and each pull after typing judged the whole folder again).
    const moved = memo?.options === options ? this.move(folder, memo, inputs) : undefined;
    if (moved) return moved;
    // Every file's file rules, in slices (the index walk read the files for the model only), then the rules:
    // background work, whose slices wait while other jobs (an open document's analysis, the model) have theirs.
    const cache = this.host.cacheFor(folder);
    await workers.adoptLate(folder, options, cache, (u) => disk.files.get(u)?.parsed?.file);
    if (!(await prepareInputs(inputs, options, cache))) return this.of(uri);
    // After an edit of one file, the previous results' rules keep what the edit cannot change (core/rejudge.ts):
    // a policy edit judged every policy of the folder again (300 ms of CPU at 2,000 files).
    const previous = memo?.options === options ? memo.result.results.analysis.rules : undefined;
    const results = await this.resulting.run(folder, options, inputs, () => workspaceResultsSteps(inputs, options, cache, previous));
    // Superseded (a file changed meanwhile): the results of the newest inputs.
    if (!results) return this.of(uri);
    const done = this.results.get(folder);
    if (done && done.options === options && sameFiles(done.inputs, inputs)) return done.result;
    // Results moved over a later edit were kept meanwhile (a move runs no run, so it superseded none): newer.
    if (done !== memo) return this.of(uri);
    for (const e of results.analysis.ruleErrors) service.logError(`workspace rule ${e.code}`, e.error);
    const result: FolderResults = { key: folder, options, files: filesByUri(inputs), results };
    this.results.set(folder, { options, inputs, result });
    return result;
  }

  /** Folder results moved over a neutral edit of one of their inputs (lsp/remap.ts), or undefined. */
  private move(folder: string, memo: Entry, inputs: ParsedFile[]): FolderResults | undefined {
    const change = singleChange(memo.inputs, inputs);
    const covered = this.host.covered(folder);
    const options = memo.options;
    const region = change && covered?.options === options ? neutralEdit(change.before, change.after, options, covered.files) : undefined;
    if (!change || !region) return undefined;
    const cache = this.host.cacheFor(folder);
    const build = (): Model => analyzeWorkspace(inputs, options, cache, [], new Set()).model;
    const results = movedResults(memo.result.results, region, change.after, options, () => fileFindings(change.after, options, cache), inputs, build);
    if (!results) return undefined;
    const result: FolderResults = { key: folder, options, files: filesByUri(inputs), results };
    carryConverted(memo.result, result, region.uri);
    this.results.set(folder, { options, inputs, result });
    this.moved++;
    return result;
  }

  clear(): void {
    this.resulting.clear();
    this.results.clear();
  }
}
