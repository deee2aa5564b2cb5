// Probe (not a section of `npm run bench`, no target): how much of each edit's garbage the server's young generation
// promotes to the old one, which decides how often a full GC comes while typing (bench/README.md, seventeenth session).
//   node --import tsx bench/gc-promotion.mjs [--edits=40] [--files=0] [--young=MB] [--server=dist/server.js]
//     [--node-arg=--no-allocation-site-pretenuring ...]
// The server runs over Node IPC (its stdout is free for V8's --trace-gc-nvp lines); each scavenge's `promoted` bytes
// are printed, their sum per edit over the edits' scavenges, and the old space's growth at scavenges per edit (a
// preload, bench/gc-old-space.mjs: what V8 pretenures is born old and never counted as promoted, so this is the
// figure that decides how soon the next full GC comes). `--young=16` fixes the young generation at 16 MB per
// semi-space (min = max, V8 otherwise grows it gradually) on top of the server's own flags: with scavenges ten edits
// apart, what is still promoted was held past many edits. `--node-arg=` (repeatable) adds a flag to the server's node.
import path from 'node:path';
import { multiDocFile } from './generate.mjs';
import { replicasDigit } from './lsp/scenario.mjs';
import { LspServer } from './lsp/client.mjs';
import { fileUri, mixedFolder, NETLENS_SERVER } from './lsp/servers.mjs';
import { SERVER_NODE_ARGS } from '../server/src/protocol.ts';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const EDITS = Number(arg('edits', '40'));
const FILES = Number(arg('files', '0'));
const young = arg('young', undefined);
const extra = process.argv.filter((a) => a.startsWith('--node-arg=')).map((a) => a.slice('--node-arg='.length));
const script = path.resolve(arg('server', NETLENS_SERVER));

const big = multiDocFile(5000);
const ws = mixedFolder(FILES, { 'big.yaml': big });
const uri = fileUri(ws.dir, 'big.yaml');
const preload = `--import=${path.join(path.dirname(new URL(import.meta.url).pathname), 'gc-old-space.mjs')}`;
const nodeArgs = [...SERVER_NODE_ARGS, ...(young ? [`--max-semi-space-size=${young}`, `--min-semi-space-size=${young}`] : []), ...extra, '--trace-gc-nvp', preload];
const s = await LspServer.start('netlens', script, { folders: [ws.dir], settings: { netlens: {}, files: { exclude: {} } }, nodeArgs, transport: 'ipc' });
let out = '';
s.child.stdout.on('data', (d) => (out += d));
try {
  await s.open(uri, big);
  await s.diagnostics(uri);
  await s.idle();
  const from = out.length;
  // Where each edit's output ends: the scavenges between the first and the last one of the edits are counted.
  const ends = [];
  for (let k = 0; k < EDITS; k++) {
    const at = replicasDigit(s.docs.get(uri).text);
    const since = s.publishes.length;
    await s.edit(uri, at, at + 1, s.docs.get(uri).text[at] === '7' ? '8' : '7');
    await s.diagnostics(uri, since);
    await s.idle(400);
    ends.push(out.length);
  }
  const lines = [];
  for (let at = from, i; (i = out.indexOf('\n', at)) >= 0; at = i + 1) lines.push({ text: out.slice(at, i), edit: ends.findIndex((e) => e > at) });
  const field = (text, k) => Number(new RegExp(`\\b${k}=([\\d.]+)`).exec(text)?.[1] ?? NaN);
  const scavenges = lines.filter((l) => /\bgc=s\b/.test(l.text));
  const full = lines.filter((l) => /\bgc=(mc|mmc)\b/.test(l.text)).length;
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`${FILES}-file workspace + big.yaml (${big.split('\n').length} lines), ${EDITS} edits; server flags: ${nodeArgs.filter((a) => a !== '--trace-gc-nvp' && a !== preload).join(' ')}`);
  console.log(`scavenges: ${scavenges.length}, full GCs: ${full}`);
  console.log(`promoted per scavenge (edit it came in): ${scavenges.map((l) => `${kb(field(l.text, 'promoted'))} (${l.edit + 1})`).join(', ') || '-'}`);
  // From the first scavenge of the edits to the last: what each of the edits between them left promoted and allocated.
  const span = scavenges.length > 1 ? scavenges[scavenges.length - 1].edit - scavenges[0].edit : 0;
  const sum = (k) => scavenges.slice(1).reduce((t, l) => t + field(l.text, k), 0);
  // The old space's growth at each scavenge (a full GC's drop is not growth), over all the edits.
  let grown = 0;
  let before;
  for (const l of lines) {
    const m = /^\[gc-old-space\] ([SF]) (\d+)/.exec(l.text);
    if (!m) continue;
    const used = Number(m[2]);
    if (m[1] === 'S' && before !== undefined && used > before) grown += used - before;
    before = used;
  }
  console.log(`old space grown at scavenges: ${kb(grown / EDITS)} per edit`);
  console.log(span > 0 ? `per edit over edits ${scavenges[0].edit + 1}-${scavenges[scavenges.length - 1].edit + 1}: promoted ${kb(sum('promoted') / span)}, allocated ${kb(sum('allocated') / span)}` : 'fewer than two scavenges during the edits: more edits needed');
} finally {
  // The folder goes at exit (mixedFolder).
  await s.stop();
}
