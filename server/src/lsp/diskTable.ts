// The disk side of the workspace index: the workspace folders, the text of every YAML file in them (one scan at
// start-up, then watched-file events), what could not be read, and the settings each folder was scanned with.
import fsp from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasTrees, type ParsedFile } from '../core/index.ts';
import { forEachLimit, maxBytesFor, readText, SKIPPED_DIRS, walk, YAML_FILE, type ReadProblem } from '../host/files.ts';
import { globsMatcher } from './glob.ts';
import type { Service } from './service.ts';

/**
 * Files read at once. Reading a whole directory at once ran out of file descriptors (EMFILE) and, with the
 * errors skipped, indexed 0 or 1,005 of 2,000 files from run to run; transient errors are retried as well.
 */
const READ_CONCURRENCY = 32;

export interface DiskFile {
  folder: string;
  text: string;
  /** The file's parse, kept while its text and the size limit stay (a settings change re-parses nothing). */
  parsed?: { maxFileSize: number; file: ParsedFile };
}

export function isUnder(uri: string, folder: string): boolean {
  const f = folder.endsWith('/') ? folder : `${folder}/`;
  return uri.startsWith(f);
}

function relativePath(folder: string, uri: string): string {
  return decodeURIComponent(uri.slice((folder.endsWith('/') ? folder : `${folder}/`).length));
}

export class DiskTable {
  private folderList: string[] = [];
  /** Every read file by uri, sorted by uri after a scan. */
  readonly files = new Map<string, DiskFile>();
  /** Bumped whenever `files` changes: lists made from it are valid while it stays. */
  version = 0;
  private scanGen = 0;
  private scanning: Promise<void> | undefined;
  /** Whether a scan finished. */
  scanned = false;
  /** Scans started (tests: one scan at start-up). */
  scanCount = 0;
  /** What the last scan could not read (files and directories), reported to the user. */
  private unread: ReadProblem[] = [];
  /** Per folder, the settings the last scan walked with (excludes, size limit): a rescan only when they change. */
  private readonly scanKeys = new Map<string, string>();
  /**
   * Watched-file events, numbered as they come. Events are handled while earlier ones still read (each batch is
   * its own notification), so a read keeps its result only if no later event named its path or a folder above it:
   * that event read it again or removed it. Kept while events are under way.
   */
  private events = 0;
  private pending = 0;
  private readonly touched: { uri: string; at: number }[] = [];

  constructor(private readonly service: Service) {}

  get folders(): readonly string[] {
    return this.folderList;
  }

  setFolders(uris: readonly string[]): void {
    this.folderList = [...new Set(uris.map((u) => u.replace(/\/$/, '')))].filter((u) => u.startsWith('file:'));
  }

  /** The folder holding `uri` (the innermost one), if any. */
  folderOf(uri: string): string | undefined {
    let best: string | undefined;
    for (const f of this.folderList) if (isUnder(uri, f) && (!best || f.length > best.length)) best = f;
    return best;
  }

  /** Files and directories the last scan could not read (absolute paths), for the output and status. */
  get problems(): readonly ReadProblem[] {
    // Files that are not text (not UTF-8, far too large) are "not analysed", as check counts them; these are
    // the ones that could not be read at all, which check reports on stderr with exit 2.
    return this.unread.filter((p) => p.reason !== 'not-utf8' && p.reason !== 'too-large');
  }

  /** Files the last scan could not decode, for the "not analysed" summary. */
  undecodable(): { uri: string; what: string }[] {
    return this.unread.filter((p) => p.reason === 'not-utf8' || p.reason === 'too-large').map((p) => ({ uri: pathToFileURL(p.path).href, what: p.message }));
  }

  /** (Re)reads every folder. Resolves true when this scan's table was taken, false when a newer scan superseded it. */
  scan(): Promise<boolean> {
    const gen = ++this.scanGen;
    this.scanCount++;
    const run = (async () => {
      const found = new Map<string, DiskFile>();
      const problems: ReadProblem[] = [];
      for (const folder of this.folderList) {
        const { excluded, key, maxBytes } = await this.scanSettings(folder);
        this.scanKeys.set(folder, key);
        const listed = await walk(fileURLToPath(folder), excluded);
        problems.push(...listed.problems);
        await forEachLimit(listed.files, READ_CONCURRENCY, async (file) => {
          // Listed by the walk as a regular file (or a symlink to one): not stat'ed again.
          const read = await readText(file, maxBytes, true);
          if (read.ok) found.set(pathToFileURL(file).href, { folder, text: read.text });
          else problems.push({ path: file, reason: read.reason, message: read.message });
        });
      }
      if (gen !== this.scanGen) return false;
      this.files.clear();
      this.version++;
      for (const [uri, f] of [...found].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) this.files.set(uri, f);
      this.unread = problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      this.scanned = true;
      return true;
    })();
    this.scanning = run.then(() => undefined);
    return run;
  }

  /** Whether settings that decide which files are read changed since the last scan (then: scan again). */
  async settingsChanged(): Promise<boolean> {
    // A scan under way records the settings it read; compare with those (start-up sends one change at once).
    await this.whenScanned();
    for (const folder of this.folderList) {
      const old = this.scanKeys.get(folder);
      if (old === undefined || old !== (await this.scanSettings(folder)).key) return true;
    }
    return false;
  }

  /** Waits for a running scan (requests that need the whole workspace). */
  async whenScanned(): Promise<void> {
    while (this.scanning) {
      const s = this.scanning;
      await s;
      if (this.scanning === s) this.scanning = undefined;
    }
  }

  /** A watched file was created, changed or deleted on disk. Returns whether the table changed. */
  async fileChanged(uri: string, deleted: boolean): Promise<boolean> {
    const at = ++this.events;
    if (this.pending > 0) this.touched.push({ uri, at });
    this.pending++;
    let changed: boolean;
    try {
      changed = await this.applyFileChange(uri, deleted, at);
    } finally {
      if (--this.pending === 0) this.touched.length = 0;
    }
    if (changed) this.version++;
    return changed;
  }

  private async applyFileChange(uri: string, deleted: boolean, at: number): Promise<boolean> {
    const folder = this.folderOf(uri);
    if (!folder) return false;
    if (deleted) {
      // A path that was an indexed file, or is named like one, is no folder. A deleted directory is one event (the
      // client reports deletions of every path): drop everything below it.
      if (this.files.delete(uri)) return true;
      if (YAML_FILE.test(uri)) return false;
      let changed = false;
      for (const k of [...this.files.keys()]) if (isUnder(k, uri)) changed = this.files.delete(k) || changed;
      return changed;
    }
    if (!YAML_FILE.test(uri)) return this.folderCreated(folder, uri, at);
    const { excluded, maxBytes } = await this.scanSettings(folder);
    const rel = relativePath(folder, uri);
    if (rel.split('/').some((seg) => SKIPPED_DIRS.has(seg)) || excluded?.(rel)) return this.files.delete(uri);
    return this.readInto(folder, uri, fileURLToPath(uri), maxBytes, false, at);
  }

  /**
   * Reads `file` (`uri`) into the table, its read problem (if any) replacing an earlier one; one that cannot be read
   * leaves the table. `listed`: the walk listed it as a regular file (not stat'ed again). `at`: the event that asked
   * for the read; the result is dropped when a later event touched the path meanwhile. Whether the table changed.
   */
  private async readInto(folder: string, uri: string, file: string, maxBytes: number, listed: boolean, at: number): Promise<boolean> {
    const read = await readText(file, maxBytes, listed);
    if (this.touched.some((t) => t.at > at && (t.uri === uri || isUnder(uri, t.uri)))) return false;
    this.unread = this.unread.filter((p) => p.path !== file);
    if (!read.ok) {
      this.unread.push({ path: file, reason: read.reason, message: read.message });
      return this.files.delete(uri);
    }
    if (this.files.get(uri)?.text === read.text) return false;
    this.files.set(uri, { folder, text: read.text });
    return true;
  }

  /**
   * A created path that is not a YAML file: a folder created, moved or renamed in is one event for the folder, so
   * the YAML files below it are read as the scan reads them. (NetLens's own client does not report creations of
   * every path, client.ts; other clients may.)
   */
  private async folderCreated(folder: string, uri: string, at: number): Promise<boolean> {
    const dir = fileURLToPath(uri);
    if (!(await fsp.stat(dir).catch(() => undefined))?.isDirectory()) return false;
    const { excluded, maxBytes } = await this.scanSettings(folder);
    const rel = relativePath(folder, uri);
    if (rel.split('/').some((seg) => SKIPPED_DIRS.has(seg)) || excluded?.(rel)) return false;
    const listed = await walk(dir, excluded ? (r) => excluded(`${rel}/${r}`) : undefined);
    this.unread.push(...listed.problems);
    let changed = false;
    await forEachLimit(listed.files, READ_CONCURRENCY, async (file) => {
      changed = (await this.readInto(folder, pathToFileURL(file).href, file, maxBytes, true, at)) || changed;
    });
    return changed;
  }

  /**
   * Gives up the parse of `uri`'s disk text to the document just opened over it (lsp/workspace.ts): returned when
   * the document's text equals the disk text and the size limit is the same, dropped either way. While the document
   * is open the index reads its parse, not this one; keeping both doubled a large file's memory, and an edit of the
   * document consumes (moves) the parse it was made from.
   */
  takeParse(uri: string, text: string, maxFileSize: number): ParsedFile | undefined {
    const f = this.files.get(uri);
    const parsed = f?.parsed;
    if (!f || !parsed) return undefined;
    f.parsed = undefined;
    // A parse kept without its trees is not given: an open document's parse keeps them (its edits re-parse from
    // them, and its findings carry the fixes of the workspace rules, which a tree-less file does not get).
    return parsed.maxFileSize === maxFileSize && f.text === text && hasTrees(parsed.file) ? parsed.file : undefined;
  }

  /** Takes back a closed document's last parse when its text is the disk text: closing an unchanged file parses nothing. */
  giveParse(uri: string, text: string, maxFileSize: number, file: ParsedFile): void {
    const f = this.files.get(uri);
    if (f && !f.parsed && f.text === text) f.parsed = { maxFileSize, file };
  }

  /** What decides a folder's scan: `netlens.exclude` plus `files.exclude` (entries set to true), the size limit. */
  private async scanSettings(folder: string): Promise<{ excluded: ((rel: string) => boolean) | undefined; key: string; maxBytes: number }> {
    const options = await this.service.settings.get(folder);
    const globs = [...options.exclude];
    const filesExclude = await this.service.settings.section(folder, 'files.exclude');
    if (typeof filesExclude === 'object' && filesExclude !== null) {
      for (const [g, on] of Object.entries(filesExclude)) if (on === true) globs.push(g);
    }
    const maxBytes = maxBytesFor(options.maxFileSize);
    return { excluded: globsMatcher(globs), key: JSON.stringify([globs, maxBytes]), maxBytes };
  }
}
