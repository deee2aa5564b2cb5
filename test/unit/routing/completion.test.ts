// Completion in an HTTPRoute: Gateway names, path match types, filter types, Services of the backend namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, completeAt, DEFAULT_OPTIONS, parseFile } from '../../../server/src/core/index.ts';
import { GATEWAY, service } from './fixtures.ts';

const R = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: apps}
spec:
  parentRefs:
  - name: e
  rules:
  - matches:
    - path: {type: P, value: /}
    filters:
    - type: R
    backendRefs:
    - {name: w, port: 80}
`;
const texts: Record<string, string> = { 'file:///gw.yaml': GATEWAY, 'file:///svc.yaml': `${service('apps', 'web')}---\n${service('other', 'x')}`, 'file:///r.yaml': R };
const files = new Map(Object.entries(texts).map(([uri, t]) => [uri, parseFile(uri, t, DEFAULT_OPTIONS)]));
const model = buildModel([...files.values()], DEFAULT_OPTIONS);
const at = (needle: string, delta = 0): [string, string | undefined][] =>
  completeAt(files.get('file:///r.yaml')!, R.indexOf(needle) + delta, model, { workspace: { files, options: DEFAULT_OPTIONS } }).map((e) => [e.label, e.detail]);

test('parentRef name: the Gateways of the workspace with their namespace', () => {
  assert.deepEqual(at('name: e', 7), [['edge', 'Gateway in infra (set namespace)']]);
});

test('path match types, filter types, and Services of the route namespace', () => {
  assert.deepEqual(at('type: P', 7).map((e) => e[0]), ['PathPrefix', 'Exact', 'RegularExpression']);
  assert.deepEqual(at('type: R', 7).map((e) => e[0]), ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef']);
  assert.deepEqual(at('name: w', 7), [['web', 'Service in apps: ports 80']]);
});
