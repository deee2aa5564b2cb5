// Runs engine work that stops between slices (core/steps.ts generators) on the event loop, yielding after a few
// milliseconds of work, so requests on other documents (hover, completion) are answered while a large file is read
// or a large workspace analysed; and keeps one driven run per key (a newer request supersedes an older one).
import { consumed, consumedCount } from '../core/index.ts';

const SLICE_MS = 8;
/**
 * Turns of the event loop between two slices. vscode-jsonrpc handles one queued message per turn (setImmediate),
 * so with one turn per slice a hover sent every 10 ms queued up behind slices and waited seconds.
 */
const TURNS = 4;

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One queue for every sliced job (index walk, analyses, parses, conversions): the pump resumes one waiter per
 * TURNS turns of the event loop, so the work between two turns stays one slice however many jobs run at once (each
 * job pausing on its own let them run back to back: several slices between two messages).
 */
const waiting: (() => void)[] = [];
/**
 * Background jobs' waiters (the closed files' problems): resumed only when no other job waits, so the Problems
 * panel's whole-folder work never lengthens an open document's diagnostics or a model a request needs.
 */
const later: (() => void)[] = [];
let pumping = false;
/** When the running slice began (the last resume from pause()). */
let sliceStart = 0;

async function pump(): Promise<void> {
  pumping = true;
  try {
    while (waiting.length > 0 || later.length > 0) {
      for (let i = 0; i < TURNS; i++) await yieldNow();
      sliceStart = Date.now();
      (waiting.shift() ?? later.shift())?.();
    }
  } finally {
    pumping = false;
  }
}

/**
 * Waits for this job's next turn: resolves after other requests and other jobs' slices had theirs; a `background`
 * job's turn comes only when no other job waits for one.
 */
export function pause(background = false): Promise<void> {
  return new Promise((resolve) => {
    (background ? later : waiting).push(resolve);
    if (!pumping) void pump();
  });
}

/** Whether the running slice used its time (work started outside a slice, e.g. in a request handler, pauses soon). */
export function sliceOver(sliceMs = SLICE_MS): boolean {
  return Date.now() - sliceStart >= sliceMs;
}

/** Thrown by drive() when its run was superseded (`stale()` said so between two slices); the work is dropped. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
  }
}

/**
 * Runs `steps` to its end, pausing (pause()) whenever the slice used `sliceMs`. With `stale`, asked after each
 * pause: once it says true the generator is closed and drive() rejects with Superseded.
 */
export async function drive<T>(steps: Generator<void, T, void>, sliceMs = SLICE_MS, stale?: () => boolean, background = false): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (sliceOver(sliceMs)) {
      await pause(background);
      if (stale?.()) {
        steps.return(undefined as never);
        throw new Superseded();
      }
    }
  }
}

interface Run<T> {
  options: unknown;
  inputs: readonly unknown[];
  done: Promise<T | undefined>;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]): boolean => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * Driven runs by key (an analysis per document, a folder's results). A request for the same options and inputs
 * (compared item by item) joins the running one; one for other inputs starts a run that supersedes it: the older
 * run stops at its next pause and resolves undefined (its callers ask again, for the newest inputs).
 */
export class Runs<T> {
  private readonly running = new Map<string, Run<T>>();
  /** Runs started (joins not counted). */
  started = 0;

  /** `background`: the runs are background jobs (pause()). */
  constructor(private readonly background = false) {}

  run(key: string, options: unknown, inputs: readonly unknown[], steps: () => Generator<void, T, void>): Promise<T | undefined> {
    const hit = this.running.get(key);
    if (hit && hit.options === options && sameList(hit.inputs, inputs)) return hit.done;
    this.started++;
    const run: Run<T> = { options, inputs, done: Promise.resolve(undefined) };
    const own = (): boolean => this.running.get(key) === run;
    // An input parse consumed by an edit (core reparseFile) makes the run stale like a newer request does. The
    // inputs are scanned only after a parse was consumed: scanning thousands of them after every pause of a long
    // run cost seconds over a 2,000-file index (and grew with the square of the workspace).
    let seen = consumedCount();
    const stale = (): boolean => {
      if (!own()) return true;
      const now = consumedCount();
      if (now === seen) return false;
      seen = now;
      return inputs.some(consumed);
    };
    // Dropped after a pause, never at once: its callers ask again, and must let the event loop turn (the edit that
    // consumed the input is handled there) rather than loop on microtasks.
    run.done = (inputs.some(consumed) ? pause(this.background).then(() => Promise.reject(new Superseded())) : drive(steps(), SLICE_MS, stale, this.background))
      .catch((err: unknown) => {
        if (err instanceof Superseded) return undefined;
        throw err;
      })
      .finally(() => {
        if (own()) this.running.delete(key);
      });
    this.running.set(key, run);
    return run.done;
  }

  /** Drops every run (a settings change): each stops at its next pause and resolves undefined. */
  clear(): void {
    this.running.clear();
  }
}
