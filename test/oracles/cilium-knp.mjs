// Oracle: Cilium's connectivity tests as data (shared/oracles/cilium-connectivity). For every test whose
// policy.yaml holds only networking.k8s.io/v1 NetworkPolicies, asks NetLens each query of expect.json and
// compares. Tests with Cilium policies are listed as skipped (CiliumNetworkPolicy is a later issue).
// Usage: npm run test:oracles -- <shared/oracles dir>   (runs under tsx so it can import the TS engine)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as coreModule from '../../server/src/core/index.ts';

// The engine's .ts files load as CommonJS under tsx, so the named exports sit on the default export.
const core = coreModule.default ?? coreModule;
const { buildModel, DEFAULT_OPTIONS, parseFile, reach, resolveEndpoint, parsePortSpec } = core;

const root = process.argv[2];
if (!root) {
  console.error('usage: npm run test:oracles -- <path to shared/oracles>');
  process.exit(2);
}
const dir = fs.existsSync(path.join(root, 'cilium-connectivity')) ? path.join(root, 'cilium-connectivity') : root;

// `fqdn:NAME` is a world address NetLens cannot resolve: it stands for a public address no ipBlock of these
// tests names (192.0.2.1, TEST-NET-1), so only rules that admit any address (no `to`, or 0.0.0.0/0) allow it.
const FQDN_STAND_IN = '192.0.2.1';

const options = { ...DEFAULT_OPTIONS };
let passed = 0;
let failed = 0;
const skipped = [];
for (const name of fs.readdirSync(dir).sort()) {
  const d = path.join(dir, name);
  if (!fs.statSync(d).isDirectory()) continue;
  const policyText = fs.readFileSync(path.join(d, 'policy.yaml'), 'utf8');
  const workloadsText = fs.readFileSync(path.join(d, 'workloads.yaml'), 'utf8');
  const files = [
    parseFile(pathToFileURL(path.join(d, 'workloads.yaml')).href, workloadsText, options),
    parseFile(pathToFileURL(path.join(d, 'policy.yaml')).href, policyText, options),
  ];
  const kinds = files[1].objects.map((o) => `${o.apiVersion}/${o.kind}`);
  if (kinds.some((k) => k !== 'networking.k8s.io/v1/NetworkPolicy')) {
    skipped.push(name);
    continue;
  }
  const model = buildModel(files, options);
  const expect = JSON.parse(fs.readFileSync(path.join(d, 'expect.json'), 'utf8'));
  for (const q of expect.queries) {
    const lookup = (t) => resolveEndpoint(model, t.startsWith('fqdn:') ? FQDN_STAND_IN : t);
    const from = lookup(q.from);
    const to = lookup(q.to);
    const port = parsePortSpec(q.port);
    if (!from.ok || !to.ok || 'error' in port) {
      failed++;
      console.log(`FAIL ${name}: ${q.from} -> ${q.to} ${q.port}: cannot ask (${[from, to].filter((x) => !x.ok).map((x) => x.error).join('; ')}${'error' in port ? port.error : ''})`);
      continue;
    }
    const v = reach(model, { from: from.endpoint, to: to.endpoint, port: port.port, protocol: port.protocol });
    if (v.allowed === q.allowed) passed++;
    else {
      failed++;
      const why = [...v.egress.allowedBy, ...v.ingress.allowedBy].map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`).join(', ') || 'no allowing rule';
      console.log(`FAIL ${name}: ${q.from} -> ${q.to} ${q.port}: expected ${q.allowed ? 'allowed' : 'denied'}, NetLens says ${v.allowed ? 'allowed' : 'denied'} (${why})${v.caveats.length ? ` caveats: ${v.caveats.join(' | ')}` : ''}`);
    }
  }
}
console.log(`skipped ${skipped.length} tests with Cilium policies: ${skipped.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
