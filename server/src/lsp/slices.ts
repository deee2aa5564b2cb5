// Runs engine work that stops between slices (core/parse/sliced.ts) on the event loop, yielding after a few
// milliseconds of work, so requests on other documents (hover, completion) are answered while a large file is read.
const SLICE_MS = 8;
/**
 * Turns of the event loop between two slices. vscode-jsonrpc handles one queued message per turn (setImmediate),
 * so with one turn per slice a hover sent every 10 ms queued up behind slices and waited seconds.
 */
const TURNS = 4;

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `steps` to its end, letting the event loop turn every `sliceMs` of work. */
export async function drive<T>(steps: Generator<void, T, void>, sliceMs = SLICE_MS): Promise<T> {
  let start = Date.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (Date.now() - start >= sliceMs) {
      for (let i = 0; i < TURNS; i++) await yieldNow();
      start = Date.now();
    }
  }
}
