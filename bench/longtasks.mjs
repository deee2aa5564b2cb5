// Lists what the server ran while a hover waited: each slow hover's window ([sent, answered] from NETLENS_BENCH_STALLS
// or bench/hostile.mjs --cpu-prof) read against the server's V8 CPU profile, with its GC time and heaviest frames.
//   node bench/longtasks.mjs PROFILE.cpuprofile STALLS.json [--top=30]
// Both use the monotonic clock in µs, so a window selects the samples taken while that hover was waiting; a window
// may carry a third element, its name (an in-process harness timing steps writes [start, end, step]).
import fs from 'node:fs';

const [profFile, stallsFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 30);
if (!profFile || !stallsFile) {
  console.error('usage: node bench/longtasks.mjs PROFILE.cpuprofile STALLS.json [--top=30]');
  process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(profFile, 'utf8'));
const stalls = JSON.parse(fs.readFileSync(stallsFile, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
// Frames every slice runs under (the event loop, generators, the slice driver): they say nothing about the work.
const GENERIC = /^\((root|program|anonymous)\)|^(next|step|drive|finish|processTicksAndRejections|runNextTicks|processImmediate|listOnTimeout|emit|fulfilled|rejected|__awaiter|pump):/;

// Sample times: the profile's startTime plus the running sum of timeDeltas; each sample lasts until the next.
const times = [];
for (let i = 0, t = prof.startTime; i < prof.samples.length; i++) times.push((t += prof.timeDeltas[i] ?? 0));

function windowOf([from, to, name]) {
  const w = { from, name, dur: (to - from) / 1000, gc: 0, idle: 0, self: new Map(), incl: new Map() };
  for (let i = 0; i < times.length; i++) {
    if (times[i] < from || times[i] >= to) continue;
    const dt = ((times[i + 1] ?? times[i]) - times[i]) / 1000;
    const node = byId.get(prof.samples[i]);
    const fn = node.callFrame.functionName;
    if (fn === '(idle)') w.idle += dt;
    if (fn === '(garbage collector)') w.gc += dt;
    w.self.set(label(node), (w.self.get(label(node)) ?? 0) + dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = label(byId.get(id));
      if (seen.has(k)) continue;
      seen.add(k);
      w.incl.set(k, (w.incl.get(k) ?? 0) + dt);
    }
  }
  return w;
}

const windows = stalls.map(windowOf).sort((a, b) => b.dur - a.dur);
console.log(`${windows.length} slow hovers; profile ${((times[times.length - 1] - prof.startTime) / 1e6).toFixed(1)} s`);
const fmt = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toFixed(1)}`);
for (const w of windows.slice(0, top)) {
  const incl = fmt(new Map([...w.incl].filter(([k]) => !GENERIC.test(k))), 7);
  console.log(`${w.dur.toFixed(1)} ms at ${((w.from - prof.startTime) / 1e6).toFixed(2)} s${w.name ? ` (${w.name})` : ''}: gc ${w.gc.toFixed(1)}, idle ${w.idle.toFixed(1)}`);
  console.log(`   self: ${fmt(w.self, 4).join(', ')}`);
  console.log(`   incl: ${incl.join(' > ')}`);
}
