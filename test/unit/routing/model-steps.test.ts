// The routing model of one large file is built in many short steps (an editor answers between them), and equals
// the model built in one go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { gatewayModel, gatewayModelSteps } from '../../../server/src/core/kinds/gateway/model.ts';
import { GATEWAY } from './fixtures.ts';

const route = (i: number) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r${i}
  namespace: infra
spec:
  parentRefs:
  - name: edge
  rules:
  - backendRefs:
    - name: svc${i}
      port: 80
`;
// Routes and objects the routing model passes over (ConfigMaps), all in one file.
const text = [GATEWAY, ...Array.from({ length: 300 }, (_, i) => route(i)), ...Array.from({ length: 600 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`)].join('---\n');

test('one file of 900 objects: the routing model stops within the file and equals the one-go model', () => {
  const file = parseFile('file:///big.yaml', text, DEFAULT_OPTIONS);
  assert.equal(file.objects.length, 901);
  const steps = gatewayModelSteps([file], DEFAULT_OPTIONS);
  let stops = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) stops++;
  assert.ok(stops >= 3, `${stops} stops`);
  const once = gatewayModel([file], DEFAULT_OPTIONS);
  assert.equal(r.value.routes.length, 300);
  assert.equal(r.value.gateways.length, 1);
  assert.deepEqual(r.value, once);
});
