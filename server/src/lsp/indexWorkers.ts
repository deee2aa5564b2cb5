// Worker threads for the workspace index: closed files the walk parses for the first time are parsed by workers
// too, which run their file rules and validation; the index adopts what they return (host/pool.ts, core/offload.ts).
import { adoptFileAnalysis, type Options, type ParsedFile, type WorkspaceCache } from '../core/index.ts';
import { openPool, worthPooling, type AnalysisPool, type PoolBatch, type PoolFile } from '../host/pool.ts';

export class IndexWorkers {
  /** undefined: none started yet; null: unavailable or closed (everything runs on the main thread). */
  private pool: AnalysisPool | null | undefined;
  /** Per folder, the batch of its last walk: what came back after the walk is adopted before the folder's rules. */
  private readonly batches = new Map<string, { batch: PoolBatch; options: Options; texts: Map<string, string> }>();
  /** Files whose file rules and validation came from a worker (netlens/indexStats). */
  adopted = 0;

  /**
   * Sends `files` (the folder's closed files this walk parses for the first time) to the workers, last file first:
   * the walk parses them in order for the model, and each side meets the other's results.
   */
  start(folder: string, files: PoolFile[], options: Options): void {
    // A walk with little to parse (after an edit) leaves the batch of the walk before for adoptLate.
    if (!worthPooling(files.length)) return;
    if (this.pool === undefined) this.pool = openPool() ?? null;
    if (!this.pool) return;
    const batch = this.pool.submit(files.reverse(), options);
    this.batches.set(folder, { batch, options, texts: new Map(files.map((f) => [f.uri, f.text])) });
  }

  /** Whether workers are analysing a batch of `folder`'s files (their results are adopted after the walk). */
  busy(folder: string): boolean {
    return this.batches.has(folder);
  }

  /** Adopts the workers' result for `file` (of `folder`), if they analysed this very text under these options. */
  adopt(folder: string, file: ParsedFile, options: Options, cache: WorkspaceCache): void {
    const b = this.batches.get(folder);
    const data = b?.batch.results.get(file.uri);
    if (data && b?.options === options && b.texts.get(file.uri) === file.text && adoptFileAnalysis(file, options, cache, data)) this.adopted++;
  }

  /**
   * Before the folder's file rules run: stops the workers on its batch and adopts every result not taken yet.
   * NETLENS_WORKERS_WAIT=1 (tests) lets them finish first, so every file comes from a worker.
   */
  async adoptLate(folder: string, options: Options, cache: WorkspaceCache, fileOf: (uri: string) => ParsedFile | undefined): Promise<void> {
    const pending = this.batches.get(folder);
    if (!pending) return;
    const results = await (process.env.NETLENS_WORKERS_WAIT === '1' ? pending.batch.finished() : pending.batch.settle());
    for (const uri of results.keys()) {
      const file = fileOf(uri);
      if (file && !cache.findings.has(file)) this.adopt(folder, file, options, cache);
    }
    if (this.batches.get(folder) === pending) this.batches.delete(folder);
  }

  /** Results of earlier walks are dropped (a new scan, folders changed). */
  forget(): void {
    this.batches.clear();
  }

  /** Stops the workers (shutdown); later walks run on the main thread. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    this.batches.clear();
    await pool?.close();
  }
}
