// The bundled examples/ workspace (npm run demo): the valid part is clean, each broken file trips its rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFindings, REPO, runCli } from './helpers.ts';

test('examples: no error or warning outside examples/broken/, and each broken file reports its mistake', () => {
  const r = runCli(['check', '--format', 'json', 'examples'], REPO);
  assert.equal(r.status, 1, r.stderr);
  const findings = parseFindings(r.stdout);
  const outside = findings.filter((f) => !f.file.startsWith('examples/broken/') && !f.file.startsWith('examples/gateway/') && (f.severity === 'error' || f.severity === 'warning'));
  assert.deepEqual(outside, []);
  // examples/gateway/ shows two Gateway API mistakes on purpose (see routes.yaml): warnings, no error.
  const gateway = findings.filter((f) => f.file.startsWith('examples/gateway/')).map((f) => [f.file.slice('examples/gateway/'.length), f.code, f.severity, f.range.start.line + 1]);
  assert.deepEqual(gateway, [
    ['routes.yaml', 'gateway-traffic-blocked', 'warning', 21],
    ['routes.yaml', 'backend-ref-not-permitted', 'warning', 37],
  ]);
  const broken = findings.filter((f) => f.file.startsWith('examples/broken/')).map((f) => [f.file.slice('examples/broken/'.length), f.code, f.severity, f.range.start.line + 1]);
  assert.deepEqual(broken, [
    ['bad-label-value.yaml', 'invalid-label', 'error', 11],
    ['cidr-host-bits.yaml', 'cidr-host-bits', 'warning', 17],
    ['endport-without-port.yaml', 'invalid-end-port', 'error', 16],
    ['ipblock-with-selector.yaml', 'invalid-peer', 'error', 13],
    ['policy-types-case.yaml', 'invalid-policy-types', 'error', 10],
    ['ports-open-to-all.yaml', 'ports-split-from-peers', 'warning', 17],
    ['protocol-lowercase.yaml', 'invalid-protocol', 'error', 13],
    ['removed-api-version.yaml', 'np-api-version', 'error', 2],
  ]);
});

test('examples: the valid workspace alone exits 0', () => {
  const r = runCli(['check', 'examples/shop', 'examples/monitoring', 'examples/ingress-nginx', 'examples/namespaces.yaml'], REPO);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
