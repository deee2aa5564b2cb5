// The CEL libraries (every @bufbuild module) start on first use (validate/cel-lib.ts): the engine loads without
// them, a NetworkPolicy-only analysis never starts them, and the first Gateway API object with a CEL rule does (its
// rule still judged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const CORE = path.resolve(__dirname, '../../../server/src/core/index.ts');

test('the engine starts the CEL libraries only for an object whose schema has CEL rules', () => {
  // A fresh process, so the module registry shows what loading and analysing started.
  const script = `
const { analyzeText, DEFAULT_OPTIONS } = require(${JSON.stringify(CORE)});
const cel = () => Object.keys(require.cache).filter((k) => /[\\\\/]@bufbuild[\\\\/]/.test(k)).length;
const out = { loaded: cel() };
const np = 'apiVersion: networking.k8s.io/v1\\nkind: NetworkPolicy\\nmetadata: {name: deny, namespace: shop}\\nspec:\\n  podSelector: {}\\n  policyTypes: [Ingress]\\n';
out.npCodes = analyzeText('np.yaml', np, DEFAULT_OPTIONS).findings.map((f) => f.code);
out.afterNp = cel();
// TLS settings on an HTTP listener: a CEL rule of the Gateway CRD rejects them.
const gw = 'apiVersion: gateway.networking.k8s.io/v1\\nkind: Gateway\\nmetadata: {name: gw, namespace: infra}\\nspec:\\n  gatewayClassName: envoy\\n  listeners:\\n  - name: web\\n    protocol: HTTP\\n    port: 80\\n    tls: {mode: Terminate, certificateRefs: [{name: cert}]}\\n';
out.gwCodes = analyzeText('gw.yaml', gw, DEFAULT_OPTIONS).findings.map((f) => f.code);
out.afterGateway = cel();
process.stdout.write(JSON.stringify(out));
`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { loaded: number; npCodes: string[]; afterNp: number; gwCodes: string[]; afterGateway: number };
  assert.equal(out.loaded, 0, 'loading the engine started no CEL module');
  assert.deepEqual(out.npCodes, []);
  assert.equal(out.afterNp, 0, 'a NetworkPolicy analysis started no CEL module');
  assert.ok(out.gwCodes.includes('gateway-rule'), `the Gateway's CEL rule judged: ${out.gwCodes.join(', ')}`);
  assert.ok(out.afterGateway > 0, 'the Gateway started the CEL libraries');
});
