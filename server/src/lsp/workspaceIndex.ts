// The workspace index: every YAML file of the workspace folders (disk text, or the open document's current
// version), analysed per folder as one workspace (model + workspace rules), memoised while no file changed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeWorkspace, createWorkspaceCache, parseFile, WORKSPACE_RULES, workspaceResults, type Options, type ParsedFile, type WorkspaceAnalysis, type WorkspaceCache, type WorkspaceResults } from '../core/index.ts';
import { globsMatcher } from './glob.ts';
import type { Service } from './service.ts';
import { isYamlDocument } from './workspace.ts';

/** Directories never indexed: dependencies and VCS internals (other tools' YAML, and big). */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export interface FolderAnalysis {
  /** The folder URI, or the document URI for a document outside every folder. */
  key: string;
  options: Options;
  /** Parsed files of the folder by uri (open documents at their current version). */
  files: ReadonlyMap<string, ParsedFile>;
  analysis: WorkspaceAnalysis;
}

export interface FolderResults {
  key: string;
  options: Options;
  files: ReadonlyMap<string, ParsedFile>;
  results: WorkspaceResults;
}

interface DiskFile {
  folder: string;
  text: string;
  parsed?: { maxFileSize: number; file: ParsedFile };
}

interface Memo {
  options: Options;
  inputs: ParsedFile[];
  result: FolderAnalysis;
}

function isUnder(uri: string, folder: string): boolean {
  const f = folder.endsWith('/') ? folder : `${folder}/`;
  return uri.startsWith(f);
}

function relativePath(folder: string, uri: string): string {
  return decodeURIComponent(uri.slice((folder.endsWith('/') ? folder : `${folder}/`).length));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class WorkspaceIndex {
  private folders: string[] = [];
  private readonly disk = new Map<string, DiskFile>();
  private readonly memo = new Map<string, Memo>();
  /** YAML files the last scan could not read as text (not UTF-8, unreadable, huge): counted as not analysed. */
  private readonly unread = new Set<string>();
  private readonly results = new Map<string, { options: Options; inputs: ParsedFile[]; result: FolderResults }>();
  private readonly caches = new Map<string, WorkspaceCache>();
  private scanGen = 0;
  private scanned = false;
  private scanning: Promise<void> | undefined;

  constructor(private readonly service: Service) {}

  /** Whether the first scan finished: before it, workspace rules would judge a partial workspace. */
  get ready(): boolean {
    return this.scanned;
  }

  get folderUris(): readonly string[] {
    return this.folders;
  }

  /** Number of indexed disk files (tests and the status). */
  get fileCount(): number {
    return this.disk.size;
  }

  setFolders(uris: readonly string[]): void {
    this.folders = [...new Set(uris.map((u) => u.replace(/\/$/, '')))].filter((u) => u.startsWith('file:'));
  }

  /** The folder holding `uri` (the innermost one), if any. */
  folderOf(uri: string): string | undefined {
    let best: string | undefined;
    for (const f of this.folders) if (isUnder(uri, f) && (!best || f.length > best.length)) best = f;
    return best;
  }

  /** (Re)reads every folder; resolves when done. A newer scan makes an older one's results be dropped. */
  scan(): Promise<void> {
    const gen = ++this.scanGen;
    const run = (async () => {
      const found = new Map<string, DiskFile>();
      this.unread.clear();
      for (const folder of this.folders) {
        const excluded = await this.excluder(folder);
        await this.walk(folder, fileURLToPath(folder), excluded, found);
      }
      if (gen !== this.scanGen) return;
      this.disk.clear();
      for (const [uri, f] of found) this.disk.set(uri, f);
      this.memo.clear();
      this.scanned = true;
    })();
    this.scanning = run;
    return run;
  }

  /** Waits for a running scan (requests that need the whole workspace). */
  async whenScanned(): Promise<void> {
    while (this.scanning) {
      const s = this.scanning;
      await s;
      if (this.scanning === s) this.scanning = undefined;
    }
  }

  /** A watched file was created, changed or deleted on disk. Returns whether the index changed. */
  async fileChanged(uri: string, deleted: boolean): Promise<boolean> {
    const folder = this.folderOf(uri);
    if (!folder) return false;
    if (deleted) {
      let changed = this.disk.delete(uri);
      // A deleted directory is one event: drop everything below it.
      for (const k of [...this.disk.keys()]) if (isUnder(k, uri)) changed = this.disk.delete(k) || changed;
      return changed;
    }
    if (!YAML_FILE.test(uri)) return false;
    const excluded = await this.excluder(folder);
    const rel = relativePath(folder, uri);
    if (rel.split('/').some((seg) => SKIPPED_DIRS.has(seg)) || excluded?.(rel)) return this.disk.delete(uri);
    const text = await this.read(fileURLToPath(uri));
    if (text === undefined) return this.disk.delete(uri);
    const old = this.disk.get(uri);
    if (old && old.text === text) return false;
    this.disk.set(uri, { folder, text });
    return true;
  }

  /**
   * The analysis of the workspace `uri` belongs to: its folder's files, with open documents at their current
   * version; a document outside every folder is analysed on its own. Recomputed only when an input changed.
   */
  async analysisFor(uri: string, whole = false): Promise<FolderAnalysis | undefined> {
    const folder = this.folderOf(uri);
    const key = folder ?? uri;
    const options = await this.service.settings.get(key);
    const inputs = this.inputs(folder, uri, options);
    // Workspace rules judge only the policies of `uri` (the document whose diagnostics are wanted): after a
    // keystroke in a large repository, judging every policy again would take seconds. Whole-workspace requests
    // (topology, reach) need the model only, so they run no workspace rule at all.
    const memoKey = whole ? `${key}\u0000*` : `${key}\u0000${uri}`;
    const memo = this.memo.get(memoKey);
    if (memo && memo.options === options && memo.inputs.length === inputs.length && memo.inputs.every((f, i) => f === inputs[i])) return memo.result;
    let cache = this.caches.get(key);
    if (!cache) {
      cache = createWorkspaceCache();
      this.caches.set(key, cache);
    }
    const analysis = whole ? analyzeWorkspace(inputs, options, cache, []) : analyzeWorkspace(inputs, options, cache, WORKSPACE_RULES, new Set([uri]));
    for (const e of analysis.ruleErrors) this.service.logError(`workspace rule ${e.code}`, e.error);
    const result: FolderAnalysis = { key, options, files: new Map(inputs.map((f) => [f.uri, f])), analysis };
    // One entry per open document at most; closed documents' entries go when the table grows.
    if (this.memo.size > 256) this.memo.clear();
    this.memo.set(memoKey, { options, inputs, result });
    return result;
  }

  /**
   * Every file's findings of the folder holding `uri` (file and workspace rules over the whole folder, inline
   * exceptions applied): what the Problems panel lists and `netlens check` prints. Memoised while no input changed.
   */
  async folderResults(uri: string): Promise<FolderResults | undefined> {
    const folder = this.folderOf(uri);
    if (!folder || !this.scanned) return undefined;
    const options = await this.service.settings.get(folder);
    if (!options.enable) return undefined;
    const inputs = this.inputs(folder, `${folder}/`, options);
    const memo = this.results.get(folder);
    if (memo && memo.options === options && memo.inputs.length === inputs.length && memo.inputs.every((f, i) => f === inputs[i])) return memo.result;
    let cache = this.caches.get(folder);
    if (!cache) {
      cache = createWorkspaceCache();
      this.caches.set(folder, cache);
    }
    const results = workspaceResults(inputs, options, cache);
    for (const e of results.analysis.ruleErrors) this.service.logError(`workspace rule ${e.code}`, e.error);
    const result: FolderResults = { key: folder, options, files: new Map(inputs.map((f) => [f.uri, f])), results };
    this.results.set(folder, { options, inputs, result });
    return result;
  }

  /** Files the last scan could not decode, for the "not analysed" summary. */
  undecodable(): { uri: string; what: string }[] {
    return [...this.unread].sort().map((uri) => ({ uri, what: 'not UTF-8 text, unreadable or too large' }));
  }

  /** Every folder's analysis (whole-workspace requests: topology, workloads, reach). */
  async allAnalyses(): Promise<FolderAnalysis[]> {
    const out: FolderAnalysis[] = [];
    for (const f of this.folders) {
      const a = await this.analysisFor(`${f}/`, true);
      if (a) out.push(a);
    }
    return out;
  }

  forgetCaches(): void {
    this.memo.clear();
    this.results.clear();
    this.caches.clear();
  }

  private inputs(folder: string | undefined, uri: string, options: Options): ParsedFile[] {
    const docs = this.service.documents;
    const files: ParsedFile[] = [];
    const seen = new Set<string>();
    const addOpen = (u: string): boolean => {
      const doc = docs.get(u);
      if (!doc || !isYamlDocument(doc)) return false;
      files.push(this.service.workspace.parse(doc, options));
      seen.add(u);
      return true;
    };
    if (!folder) {
      addOpen(uri);
      return files;
    }
    for (const [u, f] of this.disk) {
      if (f.folder !== folder || seen.has(u) || addOpen(u)) continue;
      if (!f.parsed || f.parsed.maxFileSize !== options.maxFileSize) f.parsed = { maxFileSize: options.maxFileSize, file: parseFile(u, f.text, options) };
      files.push(f.parsed.file);
      seen.add(u);
    }
    // Open documents not (yet) on disk: new unsaved files of this folder.
    for (const u of docs.keys()) if (!seen.has(u) && this.folderOf(u) === folder) addOpen(u);
    return files.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  /** `netlens.exclude` plus `files.exclude` (entries set to true) of a folder, as one matcher. */
  private async excluder(folder: string): Promise<((rel: string) => boolean) | undefined> {
    const options = await this.service.settings.get(folder);
    const globs = [...options.exclude];
    const filesExclude = await this.service.settings.section(folder, 'files.exclude');
    if (typeof filesExclude === 'object' && filesExclude !== null) {
      for (const [g, on] of Object.entries(filesExclude)) if (on === true) globs.push(g);
    }
    return globsMatcher(globs);
  }

  private async walk(folder: string, dir: string, excluded: ((rel: string) => boolean) | undefined, out: Map<string, DiskFile>): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished directory: index what can be read
    }
    const reads: Promise<void>[] = [];
    for (const e of entries) {
      const p = path.join(dir, e.name);
      const uri = pathToFileURL(p).href;
      const rel = relativePath(folder, uri);
      if (excluded?.(rel)) continue;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) await this.walk(folder, p, excluded, out);
      } else if (YAML_FILE.test(e.name) && (e.isFile() || e.isSymbolicLink())) {
        reads.push(
          this.read(p).then((text) => {
            if (text !== undefined) out.set(uri, { folder, text });
            else this.unread.add(uri);
          }),
        );
      }
    }
    await Promise.all(reads);
  }

  /** A file's text, or undefined when unreadable, not UTF-8, or far too large to be worth reading. */
  private async read(file: string): Promise<string | undefined> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > 64_000_000) return undefined;
      return utf8.decode(await fs.readFile(file)).replace(/^\uFEFF/, '');
    } catch {
      return undefined;
    }
  }
}
