// One full garbage collection after most of the heap became garbage at once (the index let the closed files' trees go).
import { pause } from './slices.ts';

/** V8's collector, when the server runs with `--expose-gc` (protocol.ts SERVER_NODE_ARGS); else nothing is done. */
const collect = (globalThis as { gc?: () => void }).gc;
let queued = false;

/**
 * Collects once no job waits for a slice (lsp/slices.ts pause: a background turn). Without it V8 sets its next
 * collection by the heap the trees filled (its growing factor over about 200 MB live at 2,000 files), and the
 * garbage of the requests that follow grew RSS past that of keeping the trees; after it, the limit follows the
 * ~90 MB left. One atomic collection (about 0.1 s at 2,000 files), once per index.
 */
export function collectSoon(): void {
  if (!collect || queued) return;
  queued = true;
  void pause(true).then(() => {
    queued = false;
    collect();
  });
}
