// The input list of a folder's analysis: its disk files (parsed, and read for the model, in slices between which
// requests are answered; each text once per size limit) and its open documents at their current version.
import { buildsKustomize, consumed, droppableFile, dropOwnTrees, extractCachedSteps, extractKept, hasTrees, isDroppable, parseFileSteps, prepareFile, sameModelOptions, slotTables, withoutTrees, type Options, type ParsedFile, type WorkspaceCache } from '../core/index.ts';
import type { DiskTable } from './diskTable.ts';
import type { IndexWorkers } from './indexWorkers.ts';
import { sameFiles, withNewVersions } from './remap.ts';
import type { Service } from './service.ts';
import { drive, pause, sliceOver } from './slices.ts';
import { isYamlDocument } from './workspace.ts';

/** What a walk reads and shares with the index that owns it (lsp/workspaceIndex.ts). */
export interface WalkHost {
  readonly service: Service;
  readonly disk: DiskTable;
  readonly workers: IndexWorkers;
  folderOf(uri: string): string | undefined;
  /** The folder's workspace cache (model extracts and file findings of its files). */
  cacheFor(key: string): WorkspaceCache;
}

/** Closed files up to this size let their YAML trees go once read (larger ones, rare, keep them). */
const LEAN_MAX_CHARS = 128_000;

/** Per parse, a walker's model reading of it: on the parse (its cache's reading holds the parse; core/slots.ts). */
const READINGS = slotTables<ParsedFile, { options: Options; cache: WorkspaceCache; done: Promise<unknown> }>();

export class FolderWalks {
  /** Per folder, the last input list and what it was made from (hover and completion ask on every request). */
  private readonly listed = new Map<string, { diskVersion: number; options: Options; open: ParsedFile[]; files: ParsedFile[] }>();
  /** Per folder, the walk over its files under way (parsing and preparing them in slices). */
  private readonly walking = new Map<string, Promise<ParsedFile[]>>();
  /** Per parse, the model's reading of it under way or done (readModel); dropped with the parse. */
  private readonly reading = READINGS();
  /** Disk files parsed (netlens/indexStats: a settings change must not re-parse unchanged files). */
  parseCount = 0;
  /** Closed files whose trees the walk let go (netlens/indexStats treesDropped). */
  dropCount = 0;

  constructor(private readonly host: WalkHost) {}

  /** Whether the folder's files are being read. */
  walks(folder: string): boolean {
    return this.walking.has(folder);
  }

  /** Drops the memoised lists (settings or folders changed). */
  forget(): void {
    this.listed.clear();
  }

  /**
   * The files of `folder` as its analysis reads them (open documents at their current version, sorted by uri);
   * without a folder, the open document `uri` alone.
   */
  async inputs(folder: string | undefined, uri: string, options: Options): Promise<ParsedFile[]> {
    const docs = this.host.service.documents;
    // Large open documents read for the first time: parsed in slices (requests are answered meanwhile).
    for (const u of docs.keys()) {
      const doc = docs.get(u);
      if (!doc || !isYamlDocument(doc) || !(folder ? this.host.folderOf(u) === folder : u === uri)) continue;
      const sliced = await this.host.service.workspace.prepare(doc, options);
      // Its model reading as well, in slices (only on that first read: an edit's reading is the edit path's).
      const current = docs.get(u);
      if (sliced && folder && current) await this.readModel(this.host.service.workspace.parse(current, options), options, this.host.cacheFor(folder));
    }
    const files: ParsedFile[] = [];
    const seen = new Set<string>();
    const addOpen = (u: string): boolean => {
      const doc = docs.get(u);
      if (!doc || !isYamlDocument(doc)) return false;
      files.push(this.host.service.workspace.parse(doc, options));
      seen.add(u);
      return true;
    };
    if (!folder) {
      addOpen(uri);
      return files;
    }
    // Unchanged disk table, settings and open documents (each parsed once per version): the same list as
    // last time, without walking and sorting every file of the folder again.
    const version = this.host.disk.version;
    const open: ParsedFile[] = [];
    for (const u of docs.keys()) {
      const doc = docs.get(u);
      if (doc && isYamlDocument(doc) && this.host.folderOf(u) === folder) open.push(this.host.service.workspace.parse(doc, options));
    }
    const hit = this.listed.get(folder);
    // Settings that differ in rule severities only list the same files, read alike: the same list, so the analysis
    // keeps its model (core/options.ts sameModelOptions).
    if (hit && hit.diskVersion === version && sameModelOptions(hit.options, options)) {
      if (sameFiles(hit.open, open)) return hit.files;
      // Only open documents' versions changed (typing): the same list with their new parses, no walk (lsp/remap.ts).
      const files = withNewVersions(hit.open, open, hit.files);
      if (files) {
        this.listed.set(folder, { diskVersion: version, options, open, files });
        return files;
      }
    }
    // One walk of a folder at a time: each request during a long index (every hover) would otherwise start its
    // own walk, and the walks' slices would add up between two turns of the event loop. Later callers wait for
    // the running walk, then take its list (or finish quickly: its files are parsed and prepared by then).
    const running = this.walking.get(folder);
    if (running) {
      await running.catch(() => undefined);
      return this.inputs(folder, uri, options);
    }
    const walk = this.walkFolder(folder, options, version, open, files, seen, addOpen);
    this.walking.set(folder, walk);
    try {
      return await walk;
    } finally {
      if (this.walking.get(folder) === walk) this.walking.delete(folder);
    }
  }

  /**
   * The model's reading of `file` (cached per file and Options), in slices, shared by every caller while it runs:
   * each request during a large document's re-parse (a hover every few ms) waited for the parse and then began its
   * own reading of the same parse, none of which found the cache filled before its last slice (a keystroke in the
   * 4.7 MB near-limit file read its ~8,000 objects once per waiting hover: seconds of CPU and garbage).
   */
  private readModel(file: ParsedFile, options: Options, cache: WorkspaceCache): Promise<unknown> {
    const running = this.reading.get(file);
    if (running && running.options === options && running.cache === cache) return running.done;
    const done = drive(extractCachedSteps(file, options, cache.model));
    const entry = { options, cache, done };
    this.reading.set(file, entry);
    // A failed reading is not shared: the next caller reads again (and meets the error itself).
    done.catch(() => this.reading.get(file) === entry && this.reading.delete(file));
    return done;
  }

  /** The folder's texts: its disk files' and its open documents' (whether a kustomize build reads them). */
  private folderTexts(folder: string): { uri: string; text: string }[] {
    const out: { uri: string; text: string }[] = [];
    for (const [uri, f] of this.host.disk.files) if (f.folder === folder) out.push({ uri, text: f.text });
    for (const doc of this.host.service.documents.all()) if (this.host.folderOf(doc.uri) === folder) out.push({ uri: doc.uri, text: doc.getText() });
    return out;
  }

  /**
   * A file opened while the walk waited on it: the open document is listed instead (its text may differ from the
   * disk's) and the disk parse is not kept beside it (the table gives a parse up when a document opens over it).
   */
  private openedMeanwhile(uri: string, addOpen: (u: string) => boolean): boolean {
    return this.host.service.documents.get(uri) !== undefined && addOpen(uri);
  }

  private async walkFolder(folder: string, options: Options, version: number, open: ParsedFile[], files: ParsedFile[], seen: Set<string>, addOpen: (u: string) => boolean): Promise<ParsedFile[]> {
    const docs = this.host.service.documents;
    const cache = this.host.cacheFor(folder);
    // Closed files parsed here for the first time (or under a new size limit) go to the workers as well.
    const fresh = [...this.host.disk.files].filter(([u, f]) => f.folder === folder && !seen.has(u) && !docs.get(u) && f.parsed?.maxFileSize !== options.maxFileSize);
    this.host.workers.start(folder, fresh.map(([uri, f]) => ({ uri, text: f.text })), options);
    // Closed files let their trees go as they are read unless a kustomize build of the folder reads their objects (it
    // would parse them again at every analysis), or workers check them (NETLENS_WORKERS, opt-in: their results are
    // adopted after the walk, and dropping the trees here would run every file's rules on this thread first).
    const lean = !this.host.workers.busy(folder) && !buildsKustomize(this.folderTexts(folder));
    for (const [u, f] of [...this.host.disk.files]) {
      if (f.folder !== folder || seen.has(u) || addOpen(u)) continue;
      // Between files, let waiting requests (hover, completion) run: a big workspace parses for seconds.
      if (sliceOver()) await pause();
      // Held in a local: while this walk waits, opening the file takes the table's parse (DiskTable.takeParse).
      let parsed = f.parsed;
      // Its trees let go, and its share of the analysis does not hold under these options (a setting the model
      // reads changed) or its trees are wanted now (a kustomization appeared): parsed again here, in slices, rather
      // than by the first reading of a tree in one go.
      const stale = parsed !== undefined && !hasTrees(parsed.file) && (!lean || !extractKept(parsed.file, options, cache.model));
      let parsedNow = false;
      if (!parsed || parsed.maxFileSize !== options.maxFileSize || stale) {
        parsedNow = true;
        // A large file is parsed in slices too (parse/sliced.ts): one 5 MB file took seconds in one go.
        parsed = { maxFileSize: options.maxFileSize, file: await drive(parseFileSteps(u, f.text, options)) };
        this.parseCount++;
        if (this.openedMeanwhile(u, addOpen)) continue;
        f.parsed = parsed;
        // The workers' file rules and validation of this file, when they got to it first (they go backwards).
        this.host.workers.adopt(folder, parsed.file, options, cache);
      }
      // A file that can let its trees go is made so as it is parsed, before anything is cached under its objects.
      // An older parse (kept while workers ran or a kustomization read it, or handed back by a closed document) has
      // its share of the analysis cached: it is kept without trees from that (withoutTrees) rather than read again
      // as new objects. Larger files, rare, keep their trees: reading them again would parse the whole text in one go.
      if (lean && f.text.length <= LEAN_MAX_CHARS && !isDroppable(parsed.file)) {
        const file = parsedNow ? droppableFile(parsed.file, options) : withoutTrees(parsed.file, options, cache);
        if (file !== parsed.file) f.parsed = parsed = { maxFileSize: parsed.maxFileSize, file };
      }
      // The model's reading of the file too (cached per file and Options), inside this slice: the analysis that
      // follows only assembles, instead of blocking the server for every file at once (also after a settings
      // change; one of rule severities reads nothing again).
      await this.readModel(parsed.file, options, cache);
      if (this.openedMeanwhile(u, addOpen)) continue;
      prepareFile(parsed.file, options, cache, false);
      // Its file rules run now and its trees go, in place (core/offload.ts dropOwnTrees): the same file and objects
      // stay in every cache. Kept until the first results instead, at 2,000 files the trees made every collection in
      // the walk dearer than the rules they put off, and the peak memory 80 MB higher (bench/README.md, tenth session).
      if (lean && isDroppable(parsed.file)) this.drop(u, parsed.file, options, cache);
      files.push(parsed.file);
      seen.add(u);
    }
    // Open documents not (yet) on disk: new unsaved files of this folder.
    for (const u of docs.keys()) if (!seen.has(u) && this.host.folderOf(u) === folder) addOpen(u);
    files.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    this.listed.set(folder, { diskVersion: version, options, open, files });
    return files;
  }

  /** core/offload.ts dropOwnTrees, counted. */
  private drop(uri: string, file: ParsedFile, options: Options, cache: WorkspaceCache): void {
    try {
      if (dropOwnTrees(file, options, cache)) this.dropCount++;
    } catch (err) {
      // A rule that throws is a bug: the file keeps its trees, and the analysis meets the error itself and logs it.
      this.host.service.logError(`letting the trees of ${uri} go`, err);
    }
  }
}

/**
 * Every input's file rules and model reading, in background slices (the folder's results). False, with the rest
 * left, when an edit consumed one of them meanwhile (an open document's parse): results over it would be dropped
 * (lsp/slices.ts Runs), and its findings and drafts, read from documents moved into the new parse, are not kept
 * (core: analyze.ts, model/extract.ts, validate/index.ts). The caller starts over with the newest inputs.
 */
export async function prepareInputs(inputs: readonly ParsedFile[], options: Options, cache: WorkspaceCache): Promise<boolean> {
  for (const file of inputs) {
    if (sliceOver()) await pause(true);
    if (consumed(file)) return false;
    prepareFile(file, options, cache);
  }
  return true;
}
