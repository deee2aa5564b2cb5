// Bench section "cli-check": `netlens check` end to end (process start, file walk, reading, analysis, output)
// on the mixed workspace (NetworkPolicy, Cilium, Gateway API) at 1k/2k/4k/8k files in a temporary folder:
// wall, CPU (user+system) and peak RSS of the CLI process; targets at 2,000 files (<= 3 s, <= 400 MB) and
// the 8k/2k ratio (<= 4.5x).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mixedFolder, ROOT } from './lsp/servers.mjs';
import { mb, ms, row } from './stats.mjs';

const cli = path.join(ROOT, 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.log('dist/cli.js not built (npm run bench builds it)');
  process.exit(0);
}
const QUICK = process.argv.includes('--quick');
const sizes = process.argv.find((a) => a.startsWith('--sizes='))?.slice(8).split(',').map(Number) ?? (QUICK ? [2000] : [1000, 2000, 4000, 8000]);
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

// The child reports its own CPU and peak RSS at exit through a preloaded hook (outside the repository), and the CPU
// of its main thread alone (Linux: /proc/self/task/<pid>/stat, in clock ticks of 10 ms): the process figure also
// counts V8's compiler and GC threads (and worker threads), which run on the other core; the main thread's is the
// critical path of a single-threaded check, and varies less with the machine's load than wall time.
const preload = path.join(os.tmpdir(), `netlens-bench-usage-${process.pid}.cjs`);
fs.writeFileSync(
  preload,
  `process.on('exit', () => {
  const u = process.resourceUsage();
  try {
    const s = require('fs').readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    u.mainThreadCPU = (Number(f[11]) + Number(f[12])) * 10;
  } catch {}
  process.stderr.write('\\nusage=' + JSON.stringify(u) + '\\n');
});
`,
);
process.on('exit', () => fs.rmSync(preload, { force: true }));

const results = new Map();
const w = [8, 12, 12, 12, 12, 10, 6];
console.log(row(['files', 'wall', 'CPU', 'main CPU', 'peak RSS', 'findings', 'exit'], w));
for (const count of sizes) {
  const ws = mixedFolder(count);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, cli, 'check', '--format', 'json', ws.dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - t0;
  const usage = JSON.parse(/usage=(\{.*\})/.exec(r.stderr)?.[1] ?? '{}');
  let findings = '?';
  try {
    findings = JSON.parse(r.stdout).findings.length;
  } catch {
    console.log(`!! check output was not JSON (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
  }
  const res = { wall, cpu: ((usage.userCPUTime ?? 0) + (usage.systemCPUTime ?? 0)) / 1000, main: usage.mainThreadCPU, rss: (usage.maxRSS ?? 0) * 1024 };
  results.set(count, res);
  console.log(row([count, ms(res.wall), ms(res.cpu), res.main === undefined ? '-' : ms(res.main), mb(res.rss), findings, r.status], w));
  fs.rmSync(ws.dir, { recursive: true, force: true });
}
const at2k = results.get(2000);
if (at2k) {
  const main = at2k.main === undefined ? '' : `, ${ms(at2k.main)} on the main thread`;
  console.log(`check on 2,000 files: ${ms(at2k.wall)} wall, ${ms(at2k.cpu)} CPU${main} (target <= 3000 ms) ${verdict(at2k.wall <= 3000)}`);
  console.log(`CLI peak RSS at 2,000 files: ${mb(at2k.rss)} (target <= 400 MB) ${verdict(at2k.rss <= 400 * 1048576)}`);
  const top = Math.max(...results.keys());
  if (top > 2000) {
    const big = results.get(top);
    for (const [label, k] of [['wall', 'wall'], ['CPU', 'cpu'], ['peak RSS', 'rss']]) {
      const ratio = big[k] / at2k[k];
      console.log(`scale ${label} ${top / 1000}k/2k: ${ratio.toFixed(2)}x (target <= 4.5x) ${verdict(ratio <= 4.5)}`);
    }
  }
}
