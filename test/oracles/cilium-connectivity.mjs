// Oracle: Cilium's connectivity tests as data (shared/oracles/cilium-connectivity), every test, every probe,
// asked through the CLI exactly as a user would: `netlens reach --batch expect.json --format json <test dir>`.
// NetworkPolicy, CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy alike; nothing here knows the inputs.
// Usage: npm run test:oracles -- <shared/oracles dir>     (needs a build: dist/cli.js)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: npm run test:oracles -- <path to shared/oracles>');
  process.exit(2);
}
const dir = fs.existsSync(path.join(root, 'cilium-connectivity')) ? path.join(root, 'cilium-connectivity') : root;
const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
if (!fs.existsSync(cli)) {
  console.error(`missing ${cli}: run npm run build first`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
let tests = 0;
for (const name of fs.readdirSync(dir).sort()) {
  const d = path.join(dir, name);
  if (!fs.statSync(d).isDirectory() || !fs.existsSync(path.join(d, 'expect.json'))) continue;
  tests++;
  const expect = JSON.parse(fs.readFileSync(path.join(d, 'expect.json'), 'utf8'));
  const r = spawnSync(process.execPath, [cli, 'reach', '--batch', path.join(d, 'expect.json'), '--format', 'json', path.join(d, 'workloads.yaml'), path.join(d, 'policy.yaml')], { encoding: 'utf8', cwd: d });
  if (r.status !== 0) {
    failed += expect.queries.length;
    console.log(`FAIL ${name}: netlens reach exited ${r.status}: ${r.stderr.trim()}`);
    continue;
  }
  const { results } = JSON.parse(r.stdout);
  expect.queries.forEach((q, i) => {
    const v = results[i];
    if (v && v.allowed === q.allowed) passed++;
    else {
      failed++;
      const why = v ? [...v.egress.allowedBy, ...v.ingress.allowedBy, ...v.egress.deniedBy, ...v.ingress.deniedBy].map((x) => `${x.policy} ${x.section}[${x.ruleIndex}]`).join(', ') || 'no deciding rule' : 'no answer';
      console.log(`FAIL ${name}: ${q.from} -> ${q.to} ${q.port}: expected ${q.allowed ? 'allowed' : 'denied'}, NetLens says ${v?.allowed ? 'allowed' : 'denied'} (${why})${v?.caveats?.length ? ` caveats: ${v.caveats.join(' | ')}` : ''}`);
    }
  });
}
console.log(`${tests} tests`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || tests === 0 ? 1 : 0);
