// Runs every oracle runner over <shared/oracles> (each prints its own "N passed, N failed" line), then the total.
// Usage: npm run test:oracles -- <path to shared/oracles>
import { spawnSync } from 'node:child_process';

const root = process.argv[2];
if (!root) {
  console.error('usage: npm run test:oracles -- <path to shared/oracles>');
  process.exit(2);
}
const RUNNERS = [
  ['test/oracles/cilium-connectivity.mjs'],
  ['test/oracles/gateway-conformance.mjs'],
];
let passed = 0;
let failed = 0;
let broken = false;
for (const args of RUNNERS) {
  const r = spawnSync(process.execPath, [...args, root], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.stdout.trim());
  if (!m) broken = true;
  else {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
