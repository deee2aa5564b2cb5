// Preload for the server under a benchmark: logs each full GC (and, with NETLENS_GC_MINOR=1, each scavenge) with
// its duration, the flags V8 gave it and the heap when the entry is delivered (shortly after the GC; entries come
// in batches), one line per GC, to NETLENS_GC_LOG (default /tmp/netlens-gc-<pid>.log). The server's stdout is its LSP channel, so --trace-gc cannot be used there.
//   NETLENS_BENCH_NODE_ARGS="--import=$PWD/bench/gc-observer.mjs" node --import tsx bench/edit.mjs
// A full GC flagged ALL_EXTERNAL_MEMORY comes from V8's memory reducer (bench/README.md, seventh session).
import fs from 'node:fs';
import v8 from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';

const out = process.env.NETLENS_GC_LOG || `/tmp/netlens-gc-${process.pid}.log`;
const minor = process.env.NETLENS_GC_MINOR === '1';
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'full',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
};
const FLAGS = Object.entries(constants).filter(([k, v]) => k.startsWith('NODE_PERFORMANCE_GC_FLAGS_') && v !== 0);
const mb = (n) => (n / 1048576).toFixed(1);

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR && !minor) continue;
    const flags = FLAGS.filter(([, v]) => e.detail.flags & v).map(([k]) => k.slice('NODE_PERFORMANCE_GC_FLAGS_'.length));
    const h = v8.getHeapStatistics();
    const line = `${(e.startTime / 1000).toFixed(3)}s ${KINDS[e.detail.kind] ?? e.detail.kind} ${e.duration.toFixed(1)}ms ${flags.join('|') || '-'} used=${mb(h.used_heap_size)}MB total=${mb(h.total_heap_size)}MB rss=${mb(process.memoryUsage.rss())}MB\n`;
    fs.appendFileSync(out, line);
  }
}).observe({ entryTypes: ['gc'] });
