// Open documents -> engine results, cached by document version (parse, incremental per `---` document) and
// by parsed file + Options (findings, shared with the workspace index), so nothing is parsed or checked twice.
import { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFile, consumed, finish, fingerprint, fingerprintSteps, parseFileSteps, reparseFile, reparseFileSteps, SLICE_CHARS, warmObjectFindings, type Finding, type ReparseStats, type Options, type ParsedFile, type WorkspaceCache } from '../core/index.ts';
import { documentsConfig, LARGE_DOCUMENT_CHARS, lineStartsOf } from './documents.ts';
import { drive, Superseded } from './slices.ts';

export interface Analysis {
  uri: string;
  version: number;
  file: ParsedFile;
  /** Every finding of the engine, before the editor-side filtering of features/diagnostics. */
  findings: Finding[];
  options: Options;
}

interface ParseEntry {
  version: number;
  maxFileSize: number;
  file: ParsedFile;
}


/** YAML by language id, or by file name for clients that send another id (e.g. `plaintext`). */
export function isYamlDocument(doc: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.replace(/[?#].*$/, ''));
}

export class Workspace {
  readonly documents = new TextDocuments(documentsConfig(LARGE_DOCUMENT_CHARS, (doc) => this.knownStarts(doc)));
  private readonly parsed = new Map<string, ParseEntry>();
  /**
   * File-rule findings per parsed file, shared with the workspace index's analyses (WorkspaceCache.findings):
   * one edit runs the file rules once, whichever path asks first.
   */
  readonly fileFindings: WorkspaceCache['findings'] = new WeakMap();
  /** How many times a text was parsed; tests use it to prove the cache holds. */
  parseCount = 0;
  /**
   * Re-parses of an edited document (netlens/indexStats): how many, how many read the whole text, and the `---`
   * documents the others composed anew (the rest were kept or moved from the previous parse).
   */
  readonly reparses = { count: 0, whole: 0, replaced: 0 };
  /**
   * The workspace index's parse of a file's disk text, handed over when an opened document's text equals it (set
   * by the service): opening a file the index has read parses nothing, and one parse is kept, not two. Undefined:
   * parse the text.
   */
  adoptDiskParse: ((uri: string, text: string, maxFileSize: number) => ParsedFile | undefined) | undefined;
  /**
   * Parses of large documents running in slices (prepare), per uri; a re-parse keeps its steps and the parse it
   * started from, so a parse() meanwhile finishes it instead of parsing again.
   */
  private readonly preparing = new Map<string, { version: number; maxFileSize: number; done: Promise<void>; steps?: Generator<void, ParsedFile, void>; base?: ParseEntry; stats?: ReparseStats }>();

  /** Whether a large document `within` says is parsed or warmed in slices (its analysis is hundreds of ms away). */
  slicing(within: (uri: string) => boolean): boolean {
    for (const uri of this.preparing.keys()) if (within(uri)) return true;
    return false;
  }

  /**
   * Parses a large document's first version in slices, letting the event loop turn between them, so requests on
   * other documents are answered meanwhile (a 5 MB file parses for seconds); parse() then finds it cached. After
   * an edit there is a previous parse: the documents the edit touched are re-parsed, in slices too (reparse).
   * Returns whether it read the document in slices (or waited for that).
   */
  async prepare(doc: TextDocument, options: Options): Promise<boolean> {
    const { uri, version } = doc;
    const hit = this.parsed.get(uri);
    if (hit && hit.maxFileSize === options.maxFileSize) {
      if (hit.version === version) {
        // Parsed, its per-object rules still warming in slices: wait for them (analyze() would run them in one go).
        const warming = this.preparing.get(uri);
        if (!warming || warming.version !== version || warming.maxFileSize !== options.maxFileSize) return false;
        await warming.done;
        return true;
      }
      if (doc.getText().length <= SLICE_CHARS) return false;
      // A re-parse that consumed the parse it started from is finishing: the next one starts from its result.
      const running = this.preparing.get(uri);
      if (running && running.version !== version && consumed(hit.file)) {
        await running.done;
        return this.prepare(doc, options);
      }
      return this.reparse(doc, options, hit);
    }
    const adopted = this.adopt(doc, options);
    if (adopted) {
      if (doc.getText().length <= SLICE_CHARS) return false;
      // The index's walk read the file for the model only: its per-object rules still run here, in slices, and a
      // request meanwhile waits for them (above) instead of running the rest in one go (170-290 ms hover stalls).
      const done = drive(warmObjectFindings(adopted, options));
      const started = { version, maxFileSize: options.maxFileSize, done };
      this.preparing.set(uri, started);
      void done.finally(() => this.preparing.get(uri) === started && this.preparing.delete(uri)).catch(() => undefined);
      await done;
      return true;
    }
    if (doc.getText().length <= SLICE_CHARS) return false;
    let job = this.preparing.get(uri);
    if (!job || job.version !== version || job.maxFileSize !== options.maxFileSize) {
      const done = drive(parseFileSteps(uri, doc.getText(), options)).then(async (file) => {
        const now = this.parsed.get(uri);
        // Closed meanwhile, or parse() already ran for this version or a newer one: keep what is there. An older
        // version's parse still serves the incremental re-parse of the current one.
        if (!this.documents.get(uri) || (now && now.maxFileSize === options.maxFileSize && now.version >= version)) return;
        this.parseCount++;
        this.keep(uri, version, options.maxFileSize, file);
        // The per-object rules too (checkFile then only assembles): thousands of objects took a second in one go.
        await drive(warmObjectFindings(file, options));
      });
      const started = { version, maxFileSize: options.maxFileSize, done };
      this.preparing.set(uri, started);
      void done.finally(() => this.preparing.get(uri) === started && this.preparing.delete(uri)).catch(() => undefined);
      job = started;
    }
    await job.done;
    return true;
  }

  /**
   * An edited large document's re-parse in slices (a keystroke in one huge document re-parses all of it, 0.5-1 s):
   * parse() then finds it cached. A newer version's re-parse, or a parse() meanwhile, supersedes it while it has
   * not consumed the previous parse (dropped unharmed); after, only a parse() meanwhile drops it.
   */
  private async reparse(doc: TextDocument, options: Options, hit: ParseEntry): Promise<boolean> {
    const { uri, version } = doc;
    let job = this.preparing.get(uri);
    if (!job || job.version !== version || job.maxFileSize !== options.maxFileSize) {
      // Once the re-parse consumed the previous parse it finishes (dropped, the next would read the whole text).
      const stale = (): boolean => this.parsed.get(uri) !== hit || (!consumed(hit.file) && (this.preparing.get(uri) !== started || !this.documents.get(uri)));
      const stats = newStats();
      const reparsing = reparseFileSteps(hit.file, uri, doc.getText(), options, stats);
      const steps = async (): Promise<void> => {
        // The previous parse's fingerprint while it is still current, as parse() takes it (lsp/remap.ts).
        await drive(fingerprintSteps(hit.file, options), undefined, stale);
        const file = await drive(reparsing, undefined, stale);
        // parse() finished the steps meanwhile (then the generator is done, and `file` undefined) or parsed anew.
        if (this.parsed.get(uri) !== hit) return;
        this.parseCount++;
        this.counted(stats, file);
        this.keep(uri, version, options.maxFileSize, file);
        await drive(warmObjectFindings(file, options));
      };
      const done = steps().catch((err: unknown) => {
        if (!(err instanceof Superseded)) throw err;
      });
      const started = { version, maxFileSize: options.maxFileSize, done, steps: reparsing, base: hit, stats };
      this.preparing.set(uri, started);
      void done.finally(() => this.preparing.get(uri) === started && this.preparing.delete(uri)).catch(() => undefined);
      job = started;
    }
    await job.done;
    return true;
  }

  /** The parsed file of an open document at its current version. */
  parse(doc: TextDocument, options: Options): ParsedFile {
    const hit = this.parsed.get(doc.uri);
    if (hit && hit.version === doc.version && hit.maxFileSize === options.maxFileSize) return hit.file;
    const adopted = hit ? undefined : this.adopt(doc, options);
    if (adopted) return adopted;
    this.parseCount++;
    const prev = hit?.maxFileSize === options.maxFileSize ? hit.file : undefined;
    // The previous parse's fingerprint, taken while it is still current (the re-parse moves its documents): the
    // analyses compare the edit with it to know whether the workspace must be judged again (lsp/remap.ts).
    // Per object and carried over from the parse before, so only the first edit of a document keys every object.
    if (prev) fingerprint(prev, options);
    // A re-parse of this very version running in slices (prepare) is finished here, not done again: once it has
    // consumed the previous parse, a re-parse from that one would read the whole text.
    const job = this.preparing.get(doc.uri);
    const running = job?.steps && job.base === hit && job.version === doc.version && job.maxFileSize === options.maxFileSize ? job.steps : undefined;
    // After an edit only the `---` documents it touched are parsed again; the previous parse is handed over.
    const stats = (running && job?.stats) || newStats();
    const file = running ? finish(running) : reparseFile(prev, doc.uri, doc.getText(), options, stats);
    if (prev) this.counted(stats, file);
    this.keep(doc.uri, doc.version, options.maxFileSize, file);
    return file;
  }

  /** Counts a re-parse of an edited document (reparses). */
  private counted(stats: ReparseStats, file: ParsedFile): void {
    this.reparses.count++;
    if (stats.full) this.reparses.whole++;
    else this.reparses.replaced += file.docs.length - stats.keptDocs;
  }

  /**
   * A first parse of an open document taken over from the workspace index (its disk text equals the document's),
   * recorded as the document's current parse; the index gives it up (lsp/diskTable.ts takeParse), so an edit may
   * consume it. Undefined when the index holds none for this text and size limit.
   */
  private adopt(doc: TextDocument, options: Options): ParsedFile | undefined {
    const file = this.adoptDiskParse?.(doc.uri, doc.getText(), options.maxFileSize);
    if (file) this.keep(doc.uri, doc.version, options.maxFileSize, file);
    return file;
  }

  /**
   * Records `file` as the parse of the document's `version`. A large document and its parse share one line table
   * (lsp/documents.ts): whichever has it first gives it to the other, as both are of the same text.
   */
  private keep(uri: string, version: number, maxFileSize: number, file: ParsedFile): void {
    this.parsed.set(uri, { version, maxFileSize, file });
    const doc = this.documents.get(uri);
    const starts = doc && doc.version === version ? lineStartsOf(doc) : undefined;
    if (starts && file.text === doc?.getText()) file.lines.seed(starts);
  }

  /** The line table of the document's parse at its version, if the parse built one. */
  private knownStarts(doc: TextDocument): readonly number[] | undefined {
    const hit = this.parsed.get(doc.uri);
    return hit && hit.version === doc.version && hit.file.text === doc.getText() ? hit.file.lines.known() : undefined;
  }

  /** The parse of a document at `version`, if that version was parsed (closing hands it back to the index). */
  parseOf(uri: string, version: number): { file: ParsedFile; maxFileSize: number } | undefined {
    const hit = this.parsed.get(uri);
    return hit && hit.version === version ? hit : undefined;
  }

  /** Parse + rules for an open document; recomputes findings only when the version or the Options changed. */
  analyze(doc: TextDocument, options: Options): Analysis {
    const file = this.parse(doc, options);
    let entry = this.fileFindings.get(file);
    if (!entry || entry.options !== options) {
      entry = { options, findings: checkFile(file, options) };
      this.fileFindings.set(file, entry);
    }
    return { uri: doc.uri, version: doc.version, file, findings: entry.findings, options };
  }

  /** The line table of an open document's current parse (related locations into it), if it was parsed. */
  linesOf(uri: string): ParsedFile['lines'] | undefined {
    const hit = this.parsed.get(uri);
    return hit && hit.version === this.documents.get(uri)?.version ? hit.file.lines : undefined;
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}

const newStats = (): ReparseStats => ({ parsedDocs: 0, keptDocs: 0, full: false });
