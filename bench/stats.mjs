// Small measurement helpers shared by the benchmark sections: timing, percentiles, memory, aligned output.

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: percentile(s, 50), p95: percentile(s, 95), min: s[0], max: s[s.length - 1], total: s.reduce((a, b) => a + b, 0) };
}

/** Times `fn` `runs` times after `warmup` untimed runs; returns milliseconds per run. */
export function timeRuns(fn, runs, warmup = 3) {
  for (let i = 0; i < warmup; i++) fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Tracks the highest heap seen at sample points (RSS peak comes from the OS: resourceUsage().maxRSS). */
export class PeakHeap {
  peak = 0;
  sample() {
    const h = process.memoryUsage().heapUsed;
    if (h > this.peak) this.peak = h;
  }
}

export function mb(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

export function ms(x) {
  return x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(1)} ms`;
}

export function memoryLine(peakHeap) {
  return `peak memory: RSS ${mb(process.resourceUsage().maxRSS * 1024)}, heap ${mb(peakHeap.peak)}`;
}

/** A target line: figure, target and PASS/MISS (informational: the benchmark never fails on it). */
export function target(label, value, limit, unit = '') {
  return `${label}: ${value.toFixed(2)}${unit} (target <= ${limit}${unit}) ${value <= limit ? 'PASS' : 'MISS'}`;
}

export function row(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

/** A ratio against an anchor measured in the same run, with its target and PASS/MISS. */
export function ratioLine(label, value, anchor, limit) {
  const r = value / anchor;
  return `${label}: ${r.toFixed(2)}x (${ms(value)} vs ${ms(anchor)}) (target <= ${limit}x) ${r <= limit ? 'PASS' : 'MISS'}`;
}
