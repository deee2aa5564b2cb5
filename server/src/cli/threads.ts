// Lowers the scheduling priority of the CLI process's helper threads (V8's compiler and GC threads) below its main thread's.
import fs from 'node:fs';
import os from 'node:os';

/** How much nicer than the main thread the helper threads are made (capped at 19, the lowest priority). */
export const HELPER_NICE = 10;

/**
 * Node starts four V8 helper threads whatever the core count; on two cores they (optimising compiles, concurrent
 * marking, parallel scavenges) take turns with the main thread, whose work is the check's critical path, and the
 * main thread waited for a core about 0.7 s of a 2,000-file check's 3.2 s. Node's pool size can only be set on its
 * command line (`--v8-pool-size`), which a bin cannot portably carry (`env -S` in the shebang is refused by busybox
 * and coreutils before 8.30, and by yarn's Windows shims); lowering the helpers' priority needs no flag and no second
 * process. They still run on an idle core; they only yield to the main thread when both want the same one.
 *
 * Linux only: there a thread is a task with its own nice value, and `setpriority(PRIO_PROCESS, tid)` (what
 * os.setPriority calls) sets that thread's alone. Elsewhere thread ids are not process ids, so nothing is done.
 * Threads started later (libuv's pool, NetLens's worker threads) inherit the main thread's priority, so they keep 0.
 * The step is relative to the main thread's own nice value, so `nice -n 5 netlens ...` keeps its helpers below it
 * too. `NETLENS_HELPER_NICE=0` leaves the priorities alone (for A/B measurements). Returns how many threads changed.
 */
export function lowerHelperThreads(env: Readonly<Record<string, string | undefined>> = process.env): number {
  if (process.platform !== 'linux') return 0;
  const raw = env.NETLENS_HELPER_NICE;
  const nice = raw === undefined || raw === '' ? HELPER_NICE : Number(raw);
  if (!Number.isInteger(nice) || nice <= 0 || nice > 19) return 0;
  let tasks: string[];
  let target: number;
  try {
    tasks = fs.readdirSync('/proc/self/task');
    target = Math.min(19, os.getPriority() + nice);
  } catch {
    return 0;
  }
  let changed = 0;
  for (const task of tasks) {
    const tid = Number(task);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      os.setPriority(tid, target);
      changed++;
    } catch {
      // A thread that ended meanwhile, or a kernel that refuses: the check runs the same, only less favoured.
    }
  }
  return changed;
}
