// Preload for bench/gc-promotion.mjs: after every GC, the old space's used bytes, one line per GC to stdout
// (the probe's server runs over IPC, so its stdout is free): `[gc-old-space] S|F <bytes>` (S scavenge, F full GC).
// Objects V8 pretenures are born in the old space and never counted as promoted; this counts them.
import v8 from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0;
    process.stdout.write(`[gc-old-space] ${e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR ? 'S' : 'F'} ${old}\n`);
  }
}).observe({ entryTypes: ['gc'] });
