// `npm run fuzz -- [--seed N] [--docs N] [--time SECONDS] [--out DIR] [--slow-ms MS] [dirs...]`: mutates the manifests under the
// given directories (and examples/) and drives the real server (dist/server.js --stdio) with them: open, incremental
// edits, hover, completion, code actions and the netlens/* requests. Any crash, error response, logged exception or
// request slower than 2 s (--slow-ms: another bound, to hunt slower requests) fails the run; the failing input is
// minimised and written to DIR. Same seed, same run.
// Runs under tsx (`node --import tsx scripts/fuzz/run.mjs`, as `npm run fuzz` does): server.mjs reads the server's
// node flags from server/src/protocol.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mutate, positionAt, randomEdit, rng } from './mutate.mjs';
import { Server } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A request slower than this fails the run (--slow-ms). */
let slowMs = 2000;

function parseArgs(argv) {
  const o = { seed: Date.now() % 1_000_000, docs: 1000, time: 600, out: path.join(ROOT, 'fuzz-out'), slowMs: 2000, dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--seed') o.seed = Number(val());
    else if (a === '--docs') o.docs = Number(val());
    else if (a === '--time') o.time = Number(val());
    else if (a === '--out') o.out = path.resolve(val());
    else if (a === '--slow-ms') o.slowMs = Number(val());
    else if (a === '--') continue;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.dirs.push(path.resolve(a));
  }
  for (const k of ['seed', 'docs', 'time', 'slowMs']) if (!Number.isFinite(o[k]) || o[k] < 0) throw new Error(`--${k === 'slowMs' ? 'slow-ms' : k} needs a number`);
  return o;
}

function yamlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Request times per operation, for the closing line (where the time goes, the slowest request). */
const STATS = {
  ops: new Map(),
  record(op, ms) {
    const o = this.ops.get(op) ?? { n: 0, total: 0, max: 0 };
    o.n++;
    o.total += ms;
    o.max = Math.max(o.max, ms);
    this.ops.set(op, o);
  },
  toString() {
    return [...this.ops].map(([op, o]) => `${op} ${o.n}× avg ${(o.total / o.n).toFixed(1)} max ${o.max} ms`).join('; ');
  },
};

/** The requests of one round on a document, as data (so a failure can be replayed and minimised). */
function plan(r, text) {
  const steps = [];
  let cur = text;
  const n = 2 + r.int(6);
  for (let i = 0; i < n; i++) {
    const kind = r.int(10);
    if (kind < 3) {
      const e = randomEdit(r, cur);
      steps.push({ op: 'edit', start: e.start, end: e.end, insert: e.insert });
      cur = e.text;
    } else if (kind < 5) steps.push({ op: 'hover', at: r.int(cur.length + 1) });
    else if (kind < 7) steps.push({ op: 'completion', at: r.int(cur.length + 1), trigger: r.chance(0.3) ? ' ' : undefined });
    else if (kind < 9) steps.push({ op: 'codeAction', from: r.int(cur.length + 1), len: r.int(200), allDiagnostics: r.chance(0.5) });
    else steps.push({ op: r.pick(['topology', 'report', 'workloads', 'reach']), seed: r.int(1e9) });
  }
  return steps;
}

/** Runs one document through the server; returns the first failure or undefined. */
export async function runDocument(server, uri, text, steps) {
  let cur = text;
  let version = 1;
  const fail = server.takeFailure();
  if (fail) return fail;
  await server.open(uri, cur);
  for (const s of steps) {
    let res;
    if (s.op === 'edit') {
      const range = { start: positionAt(cur, s.start), end: positionAt(cur, s.end) };
      cur = cur.slice(0, s.start) + s.insert + cur.slice(s.end);
      await server.change(uri, ++version, range, s.insert);
      continue;
    }
    const at = (o) => positionAt(cur, Math.min(o, cur.length));
    if (s.op === 'hover') res = await server.request('textDocument/hover', { textDocument: { uri }, position: at(s.at) });
    else if (s.op === 'completion') res = await server.request('textDocument/completion', { textDocument: { uri }, position: at(s.at), ...(s.trigger ? { context: { triggerKind: 2, triggerCharacter: s.trigger } } : {}) });
    else if (s.op === 'codeAction') {
      const range = { start: at(s.from), end: at(s.from + s.len) };
      const diagnostics = s.allDiagnostics ? server.diagnostics(uri) : server.diagnostics(uri).slice(0, 3);
      res = await server.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    } else if (s.op === 'topology') res = await server.request('netlens/topology', { uri, scope: s.seed % 2 ? 'file' : 'workspace', externalPeers: s.seed % 3 !== 0 });
    else if (s.op === 'report') res = await server.request('netlens/report', { kind: s.seed % 2 ? 'matrix' : 'coverage', uri });
    else if (s.op === 'workloads') res = await server.request('netlens/workloads', { uri });
    else res = await server.request('netlens/reach', { from: `ns${s.seed % 3}/a`, to: 'default/b', port: s.seed % 65536, uri });
    STATS.record(s.op, res.ms);
    if (res.error) return { kind: 'error response', detail: `${s.op}: ${res.error}` };
    if (res.ms > slowMs) return { kind: 'slow request', detail: `${s.op} took ${res.ms} ms` };
  }
  await server.close(uri);
  // Logged exceptions and crashes show up asynchronously: a round trip makes sure they have arrived.
  const ping = await server.request('netlens/workloads', {});
  STATS.record('ping', ping.ms);
  if (ping.error) return { kind: 'error response', detail: `workloads after close: ${ping.error}` };
  return server.takeFailure();
}

/** Delta debugging over lines (then characters), replaying on fresh servers, within a fixed budget. */
async function minimise(opts, uri, text, steps, failure) {
  const reproduces = async (t) => {
    const s = await Server.start(opts.workspace);
    try {
      const f = await runDocument(s, uri, t, steps.filter((x) => x.op !== 'edit'));
      return f !== undefined && f.kind === failure.kind;
    } finally {
      await s.stop();
    }
  };
  if (!(await reproduces(text))) return text; // depends on the edits: keep the whole input
  let units = text.split(/(?<=\n)/);
  let chunk = Math.max(1, Math.floor(units.length / 2));
  // Bounded by replays and by time: a slow-request failure costs seconds per replay.
  let budget = 60;
  const deadline = Date.now() + 300_000;
  while (chunk >= 1 && budget > 0 && Date.now() < deadline) {
    let removed = false;
    for (let i = 0; i < units.length && budget > 0 && Date.now() < deadline; i += chunk) {
      const candidate = [...units.slice(0, i), ...units.slice(i + chunk)];
      budget--;
      if (candidate.length > 0 && (await reproduces(candidate.join('')))) {
        units = candidate;
        removed = true;
        i -= chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return units.join('');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  slowMs = opts.slowMs;
  const dirs = [...opts.dirs, path.join(ROOT, 'examples')];
  const seeds = dirs.flatMap((d) => (fs.existsSync(d) ? yamlFiles(d) : [])).map((f) => fs.readFileSync(f, 'utf8'));
  if (seeds.length === 0) throw new Error('no YAML files to mutate');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run npm run build first');
  // The server indexes a small workspace of the examples, so the workspace requests have a model to work on.
  opts.workspace = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'netlens-fuzz-'));
  fs.cpSync(path.join(ROOT, 'examples'), opts.workspace, { recursive: true });
  const r = rng(opts.seed);
  console.log(`fuzz: seed ${opts.seed}, up to ${opts.docs} documents or ${opts.time} s, ${seeds.length} seed files`);
  const t0 = Date.now();
  let server = await Server.start(opts.workspace);
  let docs = 0;
  let requests = 0;
  let failure;
  try {
    for (; docs < opts.docs && Date.now() - t0 < opts.time * 1000; docs++) {
      const text = mutate(r, r.pick(seeds), seeds);
      const steps = plan(r, text);
      // A quarter of the documents join the indexed workspace (workspace rules, model requests over many files);
      // the others are analysed alone, which is cheaper and keeps the CI budget at a few minutes.
      const uri = r.chance(0.25) ? `${server.folderUri}/fuzz/doc${docs % 50}.yaml` : `file:///fuzz-outside/doc${docs % 50}.yaml`;
      const f = await runDocument(server, uri, text, steps);
      requests += steps.length;
      if (f) {
        failure = { ...f, doc: docs, uri, text, steps, stderr: server.stderrTail() };
        break;
      }
      // A fresh server now and then: leaks and slow drifts show as failures of later documents otherwise.
      if (docs % 2000 === 1999) {
        await server.stop();
        server = await Server.start(opts.workspace);
      }
      if (docs % 500 === 499) console.log(`  ${docs + 1} documents, ${requests} operations, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await server.stop();
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (!failure) {
    console.log(`fuzz: passed: ${docs} documents, ${requests} operations in ${secs} s (seed ${opts.seed}); no crash, error response, logged exception or request over ${slowMs} ms`);
    console.log(`fuzz: requests: ${STATS}`);
    fs.rmSync(opts.workspace, { recursive: true, force: true });
    return 0;
  }
  console.log(`fuzz: FAILED at document ${failure.doc} (seed ${opts.seed}): ${failure.kind}: ${failure.detail}`);
  // The input as it failed first (minimising replays it on fresh servers, which takes a while).
  fs.mkdirSync(opts.out, { recursive: true });
  const base = path.join(opts.out, `seed-${opts.seed}-doc-${failure.doc}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify({ seed: opts.seed, doc: failure.doc, kind: failure.kind, detail: failure.detail, steps: failure.steps, original: failure.text, stderr: failure.stderr }, null, 2));
  fs.writeFileSync(`${base}.original.yaml`, failure.text);
  const small = await minimise(opts, failure.uri, failure.text, failure.steps, failure);
  fs.writeFileSync(`${base}.yaml`, small);
  console.log(`fuzz: minimised input (${small.length} of ${failure.text.length} characters) in ${base}.yaml; replay with --seed ${opts.seed}`);
  fs.rmSync(opts.workspace, { recursive: true, force: true });
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
