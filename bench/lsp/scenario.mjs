// What the server benchmarks do with a running server: one-line edits (CPU until idle, wall to diagnostics),
// a cold index with hover polled throughout, request latency, and a settings change.
import fs from 'node:fs';
import { summarize } from '../stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Offsets of the digit after the `replicas: ` nearest the middle of the text (a one-line, one-character edit). */
export function replicasDigit(text) {
  const i = text.indexOf('replicas: ', Math.floor(text.length / 2));
  if (i === -1) throw new Error('bench: no `replicas:` line to edit');
  return i + 'replicas: '.length;
}

/** The last digit of the first `endPort:` of `text` (a policy's port range: editing it moves nothing). */
export function endPortDigit(text) {
  const i = text.indexOf('endPort: ');
  if (i === -1) throw new Error('bench: no `endPort:` line to edit');
  let end = i + 'endPort: '.length;
  while (/[0-9]/.test(text[end + 1] ?? '')) end++;
  return end;
}

/**
 * `edits` one-line edits of `uri`, each followed by its diagnostics and then by idleness, so the figure holds
 * everything an edit costs (deferred re-validation of other documents, refresh re-pulls) and nothing else.
 * `warmup` edits go first, unmeasured, so the figure is an edit's steady cost: the full GC a cold index leaves
 * pending (at 2,000 files it ends inside one of the next edits, +200 ms on that one) and the optimizing compiler's
 * work on the edit path while a fresh server warms up (5-60 ms of another thread's CPU per function compiled, over
 * its first 40-60 edits) would otherwise land in one case's window and not another's (bench/README.md, fourteenth
 * session). `after`: called after each edit's diagnostics, its cost counted (a client's request that follows edits).
 */
export async function editLoop(server, uri, edits, locate = replicasDigit, { warmup = 0, after } = {}) {
  for (let k = 0; k < warmup; k++) {
    const at = locate(server.docs.get(uri).text);
    const since = server.publishes.length;
    await server.edit(uri, at, at + 1, server.docs.get(uri).text[at] === '7' ? '8' : '7');
    await server.diagnostics(uri, since);
    await after?.();
    await server.idle(250);
  }
  await server.idle();
  const walls = [];
  let cpuToDiagnostics = 0;
  let cpuTotal = 0;
  for (let k = 0; k < edits; k++) {
    const at = locate(server.docs.get(uri).text);
    const old = server.docs.get(uri).text[at];
    const since = server.publishes.length;
    const c0 = server.cpu();
    const t0 = performance.now();
    await server.edit(uri, at, at + 1, old === '7' ? '8' : '7');
    await server.diagnostics(uri, since);
    walls.push(performance.now() - t0);
    cpuToDiagnostics += server.cpu() - c0;
    await after?.();
    cpuTotal += (await server.idle()) - c0;
  }
  const w = summarize(walls);
  return { edits, cpu: cpuTotal / edits, cpuToDiagnostics: cpuToDiagnostics / edits, wall: w.median, wallP95: w.p95, walls };
}

/** CPU per request is read over this many requests: /proc counts CPU in 10 ms ticks, so 1,000 resolve 0.01 ms. */
export const CPU_REQUESTS = 1000;

/**
 * Latency of `count` sequential requests made by `fn`, after the server is idle; then the server's CPU per
 * request over `cpuCount` more (the latency requests are too few to read CPU from clock ticks).
 */
export async function latency(server, fn, count, cpuCount = CPU_REQUESTS) {
  await server.idle();
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const r = await fn();
    times.push(performance.now() - t0);
    if (i === 0 && (r === null || r === undefined || (Array.isArray(r) ? r.length === 0 : Array.isArray(r.items) && r.items.length === 0))) {
      throw new Error(`bench: ${server.name} answered nothing`);
    }
  }
  await server.idle();
  const c0 = server.cpu();
  for (let i = 0; i < cpuCount; i++) await fn();
  return { ...summarize(times), cpu: (server.cpu() - c0) / cpuCount };
}

/**
 * NETLENS_BENCH_STALLS=FILE: hovers of the cold index answered after more than STALL_MS, as [sent, answered] in µs of
 * the monotonic clock (a V8 CPU profile's, see NETLENS_BENCH_NODE_ARGS), written to FILE for bench/longtasks.mjs.
 */
const STALLS_FILE = process.env.NETLENS_BENCH_STALLS;
const STALLS = STALLS_FILE ? [] : undefined;
const STALL_MS = 30;
if (STALLS_FILE) process.on('exit', () => fs.writeFileSync(STALLS_FILE, JSON.stringify(STALLS)));

/**
 * From a freshly started server (initialized already sent): opens `uri`, pulls its diagnostics (again on each
 * refresh, as an editor does) and sends hover requests one after another (10 ms apart) while it indexes: until
 * `counters()` (netlens/indexStats) says ready and a pull answered after that has been followed by 300 ms more of polling. Then
 * waits for idleness. The open file's diagnostics are complete when a pulled result first equals the final one.
 */
export async function coldIndex(server, uri, text, hoverOffset, counters) {
  await server.open(uri, text);
  void server.diagnostics(uri).catch(() => undefined);
  const hovers = [];
  let indexedAt;
  let stopAt = Infinity;
  while (performance.now() < stopAt) {
    const t0 = performance.now();
    const h0 = process.hrtime.bigint();
    await server.hover(uri, hoverOffset);
    hovers.push(performance.now() - t0);
    if (STALLS && performance.now() - t0 > STALL_MS) STALLS.push([Number(h0 / 1000n), Number(process.hrtime.bigint() / 1000n)]);
    await sleep(10);
    if (indexedAt === undefined && hovers.length % 5 === 0 && (await counters())?.ready !== false) indexedAt = performance.now();
    if (indexedAt !== undefined && stopAt === Infinity && server.pulled.some((p) => p.uri === uri && p.at > indexedAt)) stopAt = performance.now() + 300;
  }
  const cpuIndexed = await server.idle(1000);
  const final = JSON.stringify(await server.diagnostics(uri));
  const done = server.pulled.find((p) => p.uri === uri && JSON.stringify(p.items) === final);
  const h = summarize(hovers);
  const mem = server.memory();
  return {
    diagnosticsWall: (done?.at ?? performance.now()) - server.initializedAt,
    cpu: cpuIndexed,
    hoverMax: h.max,
    hoverP95: h.p95,
    hovers: hovers.length,
    rss: mem.rss,
    hwm: mem.hwm,
    diagnostics: JSON.parse(final).length,
  };
}

/** How many settings changes settingsChange makes: one of about 10-20 ms of CPU is one or two clock ticks. */
const SETTINGS_CHANGES = 6;

/**
 * Changes one rule's severity (a code the open file reports, so its diagnostics must change) SETTINGS_CHANGES
 * times, to another severity and back, and measures for each the wall time until the pulled diagnostics show it
 * and the CPU until idle; returns the median wall, the mean CPU per change and the files parsed meanwhile.
 */
export async function settingsChange(server, uri, counters) {
  await server.idle();
  const first = await server.diagnostics(uri);
  const code = first.find((d) => typeof d.code === 'string')?.code;
  if (!code) return undefined;
  const severity = first.find((d) => d.code === code).severity === 1 ? 'warning' : 'error';
  const parses0 = (await counters())?.parses;
  const walls = [];
  let cpu = 0;
  let before = first;
  for (let i = 0; i < SETTINGS_CHANGES; i++) {
    const since = server.pulled.length;
    const c0 = server.cpu();
    const t0 = performance.now();
    // Even turns set the other severity, odd ones go back to the default.
    const rules = i % 2 === 0 ? { [code]: severity } : {};
    await server.configure({ ...server.settings, netlens: { ...server.settings.netlens, rules } });
    let changed;
    while (!(changed = server.pulled.slice(since).find((p) => p.uri === uri && JSON.stringify(p.items) !== JSON.stringify(before)))) {
      if (performance.now() - t0 > 600_000) throw new Error('bench: the settings change never reached the diagnostics');
      await sleep(5);
    }
    walls.push(changed.at - t0);
    cpu += (await server.idle()) - c0;
    before = changed.items;
  }
  const parses1 = (await counters())?.parses;
  return { code, severity, changes: SETTINGS_CHANGES, wall: summarize(walls).median, cpu: cpu / SETTINGS_CHANGES, reparsed: parses0 === undefined || parses1 === undefined ? undefined : parses1 - parses0 };
}
