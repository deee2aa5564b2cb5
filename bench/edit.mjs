// Bench section "edit": server CPU per one-line edit of a 5,000-line file, measured on the real servers over
// stdio (CPU from /proc beside wall): NetLens against yaml-language-server with a NetworkPolicy schema on the
// same file (target <= 1/5), NetLens in a 2,000-file workspace against a one-file workspace (<= 1.2x), and
// with 10 open documents against 1 (<= 1.2x).
import { multiDocFile } from './generate.mjs';
import { editLoop } from './lsp/scenario.mjs';
import { fileUri, mixedFolder, startNetLens, startYamlLs, yamlServerScript } from './lsp/servers.mjs';
import { ms, ratioLine, row } from './stats.mjs';

const QUICK = process.argv.includes('--quick');
const EDITS = QUICK ? 5 : 30;
// Unmeasured edits first, in every case alike (scenario.mjs editLoop says why).
const WARMUP = QUICK ? 1 : 40;
const FILES = 2000;
const big = multiDocFile(5000);
const lines = big.split('\n').length;
const docs = big.split('\n---\n').length;
console.log(`file: big.yaml, ${lines} lines, ${docs} documents (Deployment, Service, NetworkPolicy); ${EDITS} one-character edits of a \`replicas:\` line after ${WARMUP} unmeasured ones, each followed by its diagnostics and by idleness`);
console.log('CPU: server process user+system until idle after the edit (deferred work included); wall: edit sent -> its diagnostics received\n');

const w = [58, 12, 14, 12, 12];
console.log(row(['', 'CPU/edit', 'CPU to diags', 'wall med', 'wall p95'], w));
const show = (label, r) => console.log(row([label, ms(r.cpu), ms(r.cpuToDiagnostics), ms(r.wall), ms(r.wallP95)], w));

/** Opens `uri` (unless open) and `more` documents, then times the edits (`afterEach` after each one's diagnostics); stops the server unless `keep`. */
async function measure(label, server, uri, { more = [], keep = false, afterEach } = {}) {
  try {
    if (!server.docs.has(uri)) await server.open(uri, big);
    await server.diagnostics(uri);
    for (const f of more) {
      await server.open(f.uri, f.text);
      await server.diagnostics(f.uri);
    }
    const before = await reparses(server);
    const r = await editLoop(server, uri, EDITS, undefined, { warmup: WARMUP, after: afterEach });
    const after = await reparses(server);
    if (before && after) r.reparse = { count: after.count - before.count, whole: after.whole - before.whole, replaced: after.replaced - before.replaced };
    show(label, r);
    return r;
  } finally {
    if (!keep) await server.stop();
  }
}

/** NetLens's counters of edited documents' re-parses (netlens/indexStats); undefined for another server. */
async function reparses(server) {
  if (server.name !== 'netlens') return undefined;
  return (await server.request('netlens/indexStats', {}))?.reparses;
}

// One-file workspace: the file alone in its folder.
const single = mixedFolder(0, { 'big.yaml': big });
const bigUri = fileUri(single.dir, 'big.yaml');
let yamlLs;
if (yamlServerScript()) {
  // Guard: the schema really applies (an invalid policyTypes value is reported), else the ratio means nothing.
  const probe = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: probe}\nspec:\n  podSelector: {}\n  policyTypes: [Ingres]\n';
  const s = await startYamlLs([single.dir]);
  await s.open(fileUri(single.dir, 'probe.yaml'), probe);
  const applied = (await s.diagnostics(fileUri(single.dir, 'probe.yaml'))).some((d) => /Ingress/.test(d.message));
  if (!applied) console.log('!! yaml-language-server did not apply the NetworkPolicy schema; its figure is not comparable');
  yamlLs = await measure('yaml-language-server 2.x (schema: NetworkPolicy), 1 file', s, bigUri);
} else {
  console.log('yaml-language-server: not installed (npm ci installs the devDependency); no anchor');
}
const one = await measure('NetLens, one-file workspace', await startNetLens([single.dir]), bigUri);

// The same file inside a 2,000-file workspace (Cilium, Gateway API and NetworkPolicy kinds), then 10 open.
const ws = mixedFolder(FILES, { 'big.yaml': big });
const wsUri = fileUri(ws.dir, 'big.yaml');
const server = await startNetLens([ws.dir]);
const t0 = performance.now();
await server.open(wsUri, big);
await server.diagnostics(wsUri);
await server.idle();
console.log(`  (${FILES}-file workspace indexed: ${ms(performance.now() - t0)} wall, ${ms(server.cpu())} CPU)`);
const many = await measure(`NetLens, ${FILES}-file workspace, 1 open document`, server, wsUri, { keep: true });
const others = ws.files.filter((f) => f.path !== 'big.yaml').slice(1, 10).map((f) => ({ uri: fileUri(ws.dir, f.path), text: f.text }));
const ten = await measure(`NetLens, ${FILES}-file workspace, 10 open documents`, server, wsUri, { more: others, keep: true });
// VS Code's language client asks for the workspace's problems (workspace/diagnostic) 2 s after each answer, with the
// result ids it has: here once after each edit. Every closed file's problems are in each answer (unchanged ones as
// such), and an edit must not make the server judge the folder again (bench/README.md, fifteenth session).
const resultIds = new Map();
const pullWorkspace = async () => {
  const r = await server.request('workspace/diagnostic', { previousResultIds: [...resultIds].map(([uri, value]) => ({ uri, value })) });
  for (const i of r?.items ?? []) if (i.resultId) resultIds.set(i.uri, i.resultId);
};
await pullWorkspace();
const pulled = await measure(`NetLens, ${FILES}-file workspace, 10 open, + workspace pull`, server, wsUri, { afterEach: pullWorkspace });

console.log('');
if (yamlLs) console.log(ratioLine('NetLens / yaml-language-server CPU per edit (same file)', one.cpu, yamlLs.cpu, 0.2));
console.log(ratioLine(`edit CPU, ${FILES}-file workspace / one-file workspace`, many.cpu, one.cpu, 1.2));
console.log(ratioLine('edit CPU, 10 open documents / 1 open document', ten.cpu, many.cpu, 1.2));
console.log(`edit CPU with a workspace pull after each edit: ${ms(pulled.cpu)} (without: ${ms(ten.cpu)}; no target, the pull's own cost)`);
// Only the edited `---` document is parsed again: each edit's re-parse composes one document anew, keeps or moves
// the others (the next `---` line is read too, to end the edited document as a full parse would); the unmeasured
// edits are counted too.
for (const [label, r] of [['one-file workspace', one], [`${FILES}-file workspace`, many]]) {
  const x = r.reparse;
  if (!x) continue;
  const ok = x.count === EDITS + WARMUP && x.whole === 0 && x.replaced === x.count;
  console.log(`documents parsed again per edit (${label}): ${(x.replaced / Math.max(1, x.count)).toFixed(2)} of ${docs} over ${x.count} re-parses, ${x.whole} of the whole text (target: the edited one only) ${ok ? 'PASS' : 'MISS'}`);
}
