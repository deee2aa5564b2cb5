// A small pool of worker threads (host/analysisWorker.ts, bundled as dist/worker.js) that parse files and run their
// file rules off the main thread. Results are hints: a file without one is analysed on the main thread as before,
// so a missing, failing or closed pool changes speed, never findings.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileAnalysisData, Options } from '../core/index.ts';
import type { WorkerReply, WorkerRequest } from './analysisWorker.ts';

export interface PoolFile {
  uri: string;
  text: string;
}

/** Files per message: large enough that messaging costs little, small enough to stop soon after settle(). */
const CHUNK = 12;
/** Idle workers are stopped after this long (memory); the next batch starts them again. */
const IDLE_MS = 3000;
/** Heap limits of a worker (MB): a chunk's parses need a few MB; beyond, the worker fails and the main thread takes over. */
export interface WorkerHeap {
  oldMb: number;
  youngMb: number;
}

/** The language server's workers: small heaps, since each MB a worker holds is the server's RSS too. */
export const SERVER_WORKER_HEAP: WorkerHeap = { oldMb: 64, youngMb: 8 };

/**
 * The CLI's workers, which run once through every file: a larger young generation. A parse allocates about 2 MB per
 * file, so 8 MB meant a scavenge every few files; measured on `check` over 2,000 files (a worker taking about 1,000):
 * 566 scavenges and 9 full GCs with 8 MB, 142 and 5 with 32 MB, about 40 MB more RSS.
 */
export const CLI_WORKER_HEAP: WorkerHeap = { oldMb: 64, youngMb: 32 };
/** More workers than this copy the texts more often than they save time (the main thread assembles alone). */
const MAX_WORKERS = 4;

/**
 * One caller's files under one Options. Every chunk is sent at once, since the caller may not yield until it
 * wants the results (the CLI parses synchronously meanwhile); settle() raises a shared flag the workers read
 * before each file, so they stop where they are and the caller analyses the rest itself.
 */
export class PoolBatch {
  readonly results = new Map<string, FileAnalysisData>();
  readonly cancel = new Int32Array(new SharedArrayBuffer(4));
  /** One slot per chunk, set to 1 by whoever takes it first: a worker, or the caller through steal(). */
  readonly claims: Int32Array;
  inFlight = 0;
  private waiters: (() => void)[] = [];
  private next: number;
  /** Chunks sent to a worker whose reply has not come back, by chunk index. */
  private readonly pending = new Set<number>();
  /** Chunks the caller took through steal(). */
  private readonly stolen = new Set<number>();

  constructor(
    readonly options: Options,
    private readonly files: readonly PoolFile[] = [],
  ) {
    this.next = Math.ceil(files.length / CHUNK);
    this.claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, this.next)));
  }

  /**
   * The last chunk no worker has taken yet, now the caller's to analyse itself (undefined: none left). The caller
   * works from the end while the workers work from the start, so both stay busy until they meet.
   */
  steal(): readonly PoolFile[] | undefined {
    while (this.next > 0) {
      const c = --this.next;
      if (Atomics.compareExchange(this.claims, c, 0, 1) === 0) {
        this.stolen.add(c);
        return this.files.slice(c * CHUNK, (c + 1) * CHUNK);
      }
    }
    return undefined;
  }

  /**
   * After steal() returned undefined: resolves with every result once the chunks the workers took are back, not
   * waiting for the replies (empty) about chunks the caller took.
   */
  async taken(): Promise<ReadonlyMap<string, FileAnalysisData>> {
    const open = (): boolean => [...this.pending].some((c) => !this.stolen.has(c));
    while (open()) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.results;
  }

  /** @internal a chunk was sent to a worker. */
  sent(chunk: number): void {
    this.inFlight++;
    this.pending.add(chunk);
  }

  /** Stops the workers on this batch; resolves with every result once the chunks sent are back. */
  settle(): Promise<ReadonlyMap<string, FileAnalysisData>> {
    Atomics.store(this.cancel, 0, 1);
    return this.finished();
  }

  /** Resolves with every result once all the files sent are back (the workers are not stopped). */
  async finished(): Promise<ReadonlyMap<string, FileAnalysisData>> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.results;
  }

  /** @internal a chunk came back (or its worker died: `out` empty). */
  done(out: readonly FileAnalysisData[], chunk: number): void {
    for (const r of out) this.results.set(r.uri, r);
    this.pending.delete(chunk);
    this.inFlight--;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}

interface Slot {
  worker: Worker;
  /** Per message id, its batch and chunk index. */
  sent: Map<number, { batch: PoolBatch; chunk: number }>;
}

export class AnalysisPool {
  private slots: Slot[] = [];
  private nextId = 0;
  private idle: NodeJS.Timeout | undefined;
  private broken = false;
  /** Files analysed by workers (tests, logs). */
  analysed = 0;

  constructor(
    private readonly script: string,
    readonly size: number,
    private readonly heap: WorkerHeap = SERVER_WORKER_HEAP,
  ) {}

  /**
   * Starts the workers now, before there is work (they load the engine meanwhile: the CLI does this while it reads
   * the files). They do not keep the process alive until work is submitted.
   */
  warm(): void {
    while (!this.broken && this.slots.length < Math.min(this.size, MAX_WORKERS)) if (!this.start()) break;
  }

  /**
   * Sends `files` (taken in this order by each worker) for analysis under `options`; `whole`: each result also
   * holds the file's parse without its trees and its share of the model (core/offload.ts offloadedFile).
   */
  submit(files: readonly PoolFile[], options: Options, whole = false): PoolBatch {
    const batch = new PoolBatch(options, files);
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    const chunks = Math.ceil(files.length / CHUNK);
    while (!this.broken && this.slots.length < Math.min(this.size, MAX_WORKERS, chunks)) if (!this.start()) break;
    if (this.slots.length === 0) return batch;
    for (let c = 0; c < chunks; c++) {
      // Consecutive chunks to different workers: each works through its share in the caller's order.
      const slot = this.slots[c % this.slots.length] as Slot;
      const id = ++this.nextId;
      batch.sent(c);
      slot.sent.set(id, { batch, chunk: c });
      slot.worker.postMessage({ id, options, files: files.slice(c * CHUNK, (c + 1) * CHUNK), cancel: batch.cancel, claims: batch.claims, chunk: c, whole } satisfies WorkerRequest);
    }
    // Referenced while they work, so a caller awaiting their results keeps the process alive.
    for (const s of this.slots) s.worker.ref();
    return batch;
  }

  /** Stops every worker (shutdown; also safe to call twice). Batches under way settle without the rest. */
  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) this.orphan(s);
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  /** After a reply: workers with nothing sent no longer hold the process; all idle for a while, they stop. */
  private settled(): void {
    for (const s of this.slots) if (s.sent.size === 0) s.worker.unref();
    if (this.slots.length > 0 && this.slots.every((s) => s.sent.size === 0) && !this.idle) {
      this.idle = setTimeout(() => void this.close(), IDLE_MS);
      this.idle.unref();
    }
  }

  private start(): Slot | undefined {
    let worker: Worker;
    try {
      worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.heap.oldMb, maxYoungGenerationSizeMb: this.heap.youngMb } });
    } catch {
      this.fail();
      return undefined;
    }
    const slot: Slot = { worker, sent: new Map() };
    worker.on('message', (m: WorkerReply) => {
      const sent = slot.sent.get(m.id);
      if (!sent) return;
      slot.sent.delete(m.id);
      this.analysed += m.out.length;
      sent.batch.done(m.out, sent.chunk);
      this.settled();
    });
    // A worker that cannot start or dies: its files are analysed on the main thread, and no new one is started.
    const lost = (): void => {
      if (!this.slots.includes(slot)) return;
      this.slots = this.slots.filter((s) => s !== slot);
      this.orphan(slot);
      this.fail();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    // Referenced only while it has work (submit), so a warmed pool never holds the process.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private orphan(slot: Slot): void {
    for (const { batch, chunk } of slot.sent.values()) batch.done([], chunk);
    slot.sent.clear();
  }

  private fail(): void {
    this.broken = true;
  }
}

/**
 * How many workers: NETLENS_WORKERS (0, the default, turns them off). Off by default because they do not pay on two
 * cores: a worker is a second V8 isolate that compiles the engine's hot code again on the helper threads. Measured
 * on `netlens check` over 2,000 files (the main thread and one worker sharing the files, none parsed twice): the
 * main thread's CPU fell from about 4.1 to 3.7 s, but the process took about 40% more CPU in all (about 9 s).
 */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.NETLENS_WORKERS;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
}

/**
 * A pool over the bundled worker next to this bundle (dist/worker.js), or undefined when there is none (running
 * from sources, an install without it) or workers are off: the callers then analyse in-process.
 */
export function openPool(script = path.join(__dirname, 'worker.js'), heap: WorkerHeap = SERVER_WORKER_HEAP): AnalysisPool | undefined {
  const size = workerCount();
  if (size === 0 || !fs.existsSync(script)) return undefined;
  return new AnalysisPool(script, size, heap);
}

/** Whether `files` go to the pool at all (workers turned on, something to analyse). */
export function worthPooling(files: number): boolean {
  return files > 0 && workerCount() > 0;
}
