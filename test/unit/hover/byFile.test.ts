// Hover finds its document's policies through a per-list grouping by file (core/model/byFile.ts), not a scan of
// every policy in the workspace: exact entries, order and memo, and the right policy when files look alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, hoverAt, parseFile } from '../../../server/src/core/index.ts';
import { inFile } from '../../../server/src/core/model/byFile.ts';
import type { Origin } from '../../../server/src/core/model/types.ts';
import { offsetOf, OPTIONS, WORKLOADS, WORKLOADS_URI } from './fixture.ts';

const at = (uri: string, start: number): Origin => ({ kind: 'file', uri, span: { start, end: start + 1 } });

test('inFile: the entries of one file in list order, none for other origins or unknown files, built once per list', () => {
  const list = [
    { id: 'a1', origin: at('file:///a.yaml', 0) },
    { id: 'b1', origin: at('file:///b.yaml', 0) },
    { id: 's', origin: { kind: 'settings' } as Origin },
    { id: 'a2', origin: at('file:///a.yaml', 40) },
    { id: 'i', origin: { kind: 'implied' } as Origin },
  ];
  assert.deepEqual(inFile(list, 'file:///a.yaml').map((e) => e.id), ['a1', 'a2']);
  assert.deepEqual(inFile(list, 'file:///b.yaml').map((e) => e.id), ['b1']);
  assert.deepEqual(inFile(list, 'file:///c.yaml'), []);
  assert.equal(inFile(list, 'file:///a.yaml'), inFile(list, 'file:///a.yaml'), 'the same grouping answers again');
  // Another list (a narrowed copy) gets its own grouping.
  assert.deepEqual(inFile(list.slice(1), 'file:///a.yaml').map((e) => e.id), ['a2']);
});

const policy = (name: string, app: string): string => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: ${app}}
`;

test('hover on podSelector names the policy of its own file, where another file has one at the same document index', () => {
  const web = parseFile('file:///ws/web.yaml', policy('web', 'web'), OPTIONS);
  const api = parseFile('file:///ws/api.yaml', policy('api', 'api'), OPTIONS);
  const model = buildModel([parseFile(WORKLOADS_URI, WORKLOADS, OPTIONS), web, api], OPTIONS);
  const hover = (f: typeof web) => hoverAt(f, offsetOf(f.text, 'podSelector', 2), model)?.markdown.split('\n\n')[0];
  assert.equal(hover(web), '**podSelector** selects 1 workload in `shop`: Deployment `web`.');
  assert.equal(hover(api), '**podSelector** selects 1 workload in `shop`: Deployment `api`.');
});
