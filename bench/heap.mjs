// Bench section "heap": the engine's memos leak nothing. 500 mixed files are analysed, then one file is edited
// and re-parsed incrementally (as the server does per keystroke) and the workspace re-analysed 50 times, alternating an
// edit the model reads (a label) and a neutral one; heapUsed after a forced full GC must stay flat (after 50
// analyses within 2 MB of after 10). Memos live on the objects or the model that own them (core/slots.ts,
// ModelMemo), not in module WeakMaps; a memo keyed in a plain Map that outlived its owner would grow here.
import v8 from 'node:v8';
import vm from 'node:vm';
import core from '../server/src/core/index.ts';
import { mixedWorkspace } from './generate.mjs';
import { mb } from './stats.mjs';

const { analyzeWorkspace, createWorkspaceCache, optionsFromRaw, parseFile, reparseFile } = core;
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const FILES = process.argv.includes('--quick') ? 200 : 500;
const ROUNDS = 50;
const options = optionsFromRaw({});
const inputs = mixedWorkspace(FILES).map((f) => ({ uri: `file:///bench/${f.path}`, text: f.text }));
const parsed = inputs.map((f) => parseFile(f.uri, f.text, options));
const cache = createWorkspaceCache();
analyzeWorkspace(parsed, options, cache);

// The edited file: a NetworkPolicy file from the middle (odd files carry one), its first `app:` label value.
const at = Math.floor(FILES / 2) | 1;
const base = inputs[at].text;
const labelAt = base.indexOf('app: ') + 'app: '.length;
const replicasAt = base.indexOf('replicas: ') + 'replicas: '.length;
const edit = (round) =>
  round % 2 === 0 ? `${base.slice(0, labelAt)}x${round % 7}${base.slice(labelAt)}` : `${base.slice(0, replicasAt)}${(round % 9) + 1}${base.slice(replicasAt + 1)}`;

const samples = [];
for (let round = 1; round <= ROUNDS; round++) {
  parsed[at] = reparseFile(parsed[at], inputs[at].uri, edit(round), options);
  analyzeWorkspace(parsed, options, cache);
  if (round === 10 || round === ROUNDS) samples.push(heapAfterGc());
}
const [early, late] = samples;
const growth = late - early;
const ok = growth <= 2 * 1048576;
console.log(`${FILES} files: heapUsed after a full GC ${mb(early)} after 10 re-analyses, ${mb(late)} after ${ROUNDS} (growth ${(growth / 1048576).toFixed(2)} MB)  target <= 2 MB ${ok ? 'PASS' : 'MISS'}`);
