// Loads what a command works on: the files under the path arguments, read as text, grouped by the settings
// that apply to them. Shared by every command (check, reach, graph, ...) so they see the same workspace.
import { pathToFileURL } from 'node:url';
import { analyzeWorkspace, buildsKustomize, createWorkspaceCache, offloadedFile, parseFile, prepareFile, withoutTrees, workspaceResults, type Options, type ParsedFile, type WorkspaceAnalysis, type WorkspaceCache, type WorkspaceResults } from '../core/index.ts';
import type { AnalysisPool } from '../host/pool.ts';
import { loadConfigFile, loadSettings, NO_OVERRIDES, withOverrides, type LoadedSettings, type SettingsOverrides } from './config.ts';
import type { ReadProblem, ReadProblemReason } from '../host/files.ts';
import { displayPath, expandPaths, readSource } from './files.ts';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** `file://` URI, the identity the engine uses (as in the editor). */
  uri: string;
  /** Path relative to the working directory, posix separators (what the CLI prints). */
  display: string;
  text: string;
}

export interface SkippedFile {
  path: string;
  uri: string;
  display: string;
  reason: ReadProblemReason;
  message: string;
}

/**
 * Files that share one settings file. Each group is analysed as one workspace with its options, the way a
 * VS Code workspace folder has its own `.vscode/settings.json`.
 */
export interface FileGroup {
  settingsFile: string | undefined;
  /** The settings as loaded (file, raw section, overrides), for `netlens config`. */
  settings?: LoadedSettings;
  options: Options;
  files: SourceFile[];
  /** Files that could not be turned into text (not UTF-8, unreadable). */
  skipped: SkippedFile[];
}

export interface Workspace {
  groups: FileGroup[];
  /** Number of files found (read or skipped), excluded ones not counted. */
  fileCount: number;
  /** Files found by walking that `netlens.exclude` / `files.exclude` left out. */
  excludedCount: number;
  /** Directories that could not be listed and files that could not be read, for the one summary. */
  problems: ReadProblem[];
}

/**
 * Reads every file under `paths` (default: the working directory). Throws InputError for a missing path or
 * a settings file that cannot be parsed; unreadable files land in `skipped` so the others still get checked.
 */
export function loadWorkspace(paths: readonly string[], cwd: string, overrides: SettingsOverrides = NO_OVERRIDES): Workspace {
  const { files: found, problems } = expandPaths(paths.length > 0 ? paths : ['.'], cwd);
  const cache = new Map<string, LoadedSettings>();
  const fixed = overrides.configFile !== undefined ? withOverrides(loadConfigFile(overrides.configFile), overrides) : undefined;
  const applied = new Map<LoadedSettings, LoadedSettings>();
  // Per path argument: every file found under one shares its settings, and looking them up walks the folders
  // above it (a few file-system calls per level; 2,000 files under one argument cost 60 ms of it).
  const byRoot = new Map<string, LoadedSettings>();
  const settingsFor = (root: string): LoadedSettings => {
    if (fixed) return fixed;
    const known = byRoot.get(root);
    if (known) return known;
    const loaded = loadSettings(root, cache);
    let s = applied.get(loaded);
    if (!s) applied.set(loaded, (s = withOverrides(loaded, overrides)));
    byRoot.set(root, s);
    return s;
  };
  const groups = new Map<string, FileGroup>();
  let excludedCount = 0;
  for (const f of found) {
    const settings = settingsFor(f.root);
    if (!f.explicit && settings.excluded && settings.folder !== undefined && settings.excluded(displayPath(f.path, settings.folder))) {
      excludedCount++;
      continue;
    }
    const key = settings.file ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { settingsFile: settings.file, settings, options: settings.options, files: [], skipped: [] };
      groups.set(key, group);
    }
    const uri = pathToFileURL(f.path).href;
    const display = displayPath(f.path, cwd);
    const read = readSource(f.path, settings.options.maxFileSize, !f.explicit);
    // Literals, not spreads of one ids object: those gave each file a V8 hidden class of its own (core/same-shape.ts).
    if (read.ok) group.files.push({ path: f.path, uri, display, text: read.text });
    else {
      group.skipped.push({ path: f.path, uri, display, reason: read.reason, message: read.message });
      if (read.reason === 'unreadable' || read.reason === 'special') problems.push({ path: f.path, reason: read.reason, message: read.message });
    }
  }
  return { groups: [...groups.values()], fileCount: found.length - excludedCount, excludedCount, problems };
}

/**
 * The group's files, shared between this thread and the pool's workers: the workers take chunks from the start,
 * this thread from the end, until they meet. A file a worker analysed is assembled from its result (parsed here
 * only if something reads its trees), with its findings, validation and model share in `cache`; any file without
 * a result (a worker failed) is parsed here. The list keeps the group's order.
 */
export async function parseGroupShared(group: FileGroup, pool: AnalysisPool, cache: WorkspaceCache): Promise<ParsedFile[]> {
  const batch = pool.submit(group.files.map((f) => ({ uri: f.uri, text: f.text })), group.options, true);
  const own = new Map<string, ParsedFile>();
  // NETLENS_WORKERS_WAIT=1 (tests): every file from the workers.
  // Each file this thread takes gets the work a worker does for its files (model extract, file rules), so both
  // sides take chunks at the same pace and the analysis after they meet only assembles.
  if (process.env.NETLENS_WORKERS_WAIT !== '1') {
    const lean = !keepTrees(group);
    for (let chunk = batch.steal(); chunk; chunk = batch.steal()) {
      for (const f of chunk) {
        if (lean) {
          own.set(f.uri, leanFile(f.uri, f.text, group.options, cache));
          continue;
        }
        const file = parseFile(f.uri, f.text, group.options);
        prepareFile(file, group.options, cache);
        own.set(f.uri, file);
      }
    }
  }
  const results = await batch.taken();
  return group.files.map((f) => {
    const mine = own.get(f.uri);
    if (mine) return mine;
    const data = results.get(f.uri);
    return (data && offloadedFile(f.uri, f.text, group.options, cache, data)) ?? parseFile(f.uri, f.text, group.options);
  });
}

/**
 * Parses a group's files and analyses them as one workspace (model + findings of file and workspace rules).
 * Every command that needs the model (check, reach, graph, matrix, coverage) goes through here.
 */
export function analyzeGroupWorkspace(group: FileGroup): WorkspaceAnalysis {
  const parsed = group.files.map((f) => parseFile(f.uri, f.text, group.options));
  return analyzeWorkspace(parsed, group.options);
}

/**
 * One file as `check` keeps it: parsed, analysed as far as it goes alone (file rules, validation, its share of the
 * model, the spans the workspace rules report at: core/offload.ts), then kept without its YAML trees (parsed again
 * only if something reads them after all: parse/skeleton.ts). A 2,000-file check held every file's trees to its
 * end; as each file's die young, the scavenges no longer copy them (most of the check's GC time) and peak RSS fell
 * from about 310 to 200 MB. A file whose trees a later step reads anyway (inline exceptions, a syntax error's
 * summary) keeps them. The editor's index keeps closed files the same way (lsp/walk.ts, core/offload.ts withoutTrees).
 */
export function leanFile(uri: string, text: string, options: Options, cache: WorkspaceCache): ParsedFile {
  const file = parseFile(uri, text, options);
  const lean = withoutTrees(file, options, cache);
  // Kept whole (its trees are read later anyway, or its text did not assemble): analysed as any file.
  if (lean === file) prepareFile(file, options, cache);
  return lean;
}

/**
 * Whether `check` keeps every file's trees: when a kustomize build reads the group's files (each would be parsed
 * twice), and with NETLENS_CLI_TREES=1 (the tests that compare both ways).
 */
export const keepTrees = (group: FileGroup): boolean => process.env.NETLENS_CLI_TREES === '1' || buildsKustomize(group.files);

/** The group's files as `check` analyses them on this thread (leanFile, unless keepTrees: parseGroup). */
export function parseGroupLean(group: FileGroup, cache: WorkspaceCache): ParsedFile[] {
  if (keepTrees(group)) return parseGroup(group);
  return group.files.map((f) => leanFile(f.uri, f.text, group.options, cache));
}

/** The group's files parsed on this thread (every command needs them: the model reads their nodes). */
export function parseGroup(group: FileGroup): ParsedFile[] {
  return group.files.map((f) => parseFile(f.uri, f.text, group.options));
}

/**
 * The group's results as `check` reports them: findings after each file's inline exceptions, and what they
 * covered. `parsed`: the group's files already parsed; `cache`: what their parse seeded (parseGroupShared).
 */
export function groupResults(group: FileGroup, parsed = parseGroup(group), cache = createWorkspaceCache()): WorkspaceResults & { parsed: ParsedFile[] } {
  return { ...workspaceResults(parsed, group.options, cache), parsed };
}
