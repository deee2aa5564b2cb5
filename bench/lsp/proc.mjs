// CPU time and memory of a server process from /proc (Linux): utime+stime of the process and its live
// descendants (worker processes count; worker threads are already in the process's own figures), VmRSS/VmHWM.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let tick = 100;
try {
  tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // 100 Hz is the Linux default
}
/** Resolution of the CPU figures: one clock tick. */
export const TICK_MS = 1000 / tick;

function stat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // f[1] = ppid (field 4); utime, stime, cutime, cstime are fields 14-17.
    return { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

function descendants(pid) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(d);
    if (!s) continue;
    if (!children.has(s.ppid)) children.set(s.ppid, []);
    children.get(s.ppid).push(Number(d));
  }
  const out = [];
  const todo = [pid];
  while (todo.length) for (const c of children.get(todo.pop()) ?? []) out.push(c), todo.push(c);
  return out;
}

/** CPU milliseconds (user + system) the process and its descendants have used so far. */
export function cpuMs(pid, withChildren = true) {
  let ticks = stat(pid)?.cpu ?? 0;
  if (withChildren) for (const c of descendants(pid)) ticks += stat(c)?.cpu ?? 0;
  return ticks * TICK_MS;
}

/**
 * CPU milliseconds of the process's main thread alone (/proc/<pid>/task/<pid>/stat): the server answers requests on
 * it, so its CPU up to an answer is the answer's latency on an idle machine, without V8's compiler and GC helper
 * threads (the other core) and whatever the process does after answering.
 */
export function mainThreadCpuMs(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Resident memory now and its peak (VmHWM), bytes; children's added when they exist. */
export function memory(pid) {
  let rss = 0;
  let hwm = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const s = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      rss += Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) * 1024;
      hwm += Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) * 1024;
    } catch {
      // exited meanwhile
    }
  }
  return { rss, hwm };
}

/**
 * Resolves once the process has used no CPU (at most `slackMs` per poll: a profiler's sampling thread) for `quietMs` and `busy()` is false (no request in flight), polling
 * every 50 ms: deferred work (debounced re-validation, refreshes) is over. Rejects after `timeoutMs`.
 */
export async function waitIdle(pid, { quietMs = 700, busy = () => false, timeoutMs = 600_000, slackMs = 0 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = cpuMs(pid);
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const now = cpuMs(pid);
    if (now - last > slackMs || busy()) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return now;
    if (Date.now() > deadline) throw new Error(`server ${pid} still busy after ${timeoutMs} ms`);
  }
}
