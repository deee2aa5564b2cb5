// A driven run whose input parse an edit consumed (reparseFile moves its documents into the new parse, shifting
// their offsets in place) is dropped at its next pause, never finished over the moved documents; a run started over
// an already consumed parse resolves undefined too. The same run over an untouched parse finishes. The folder
// results' preparation of their inputs stops at a consumed one as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, checkFile, consumed, consumedCount, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, reparseFile, type Model, type ParsedFile } from '../../../server/src/core/index.ts';
import { Runs, sliceOver } from '../../../server/src/lsp/slices.ts';
import { prepareInputs } from '../../../server/src/lsp/walk.ts';

const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n';

/** Steps that use up their slice each time (so the run pauses after every step), then answer `tag`. */
function* busy(tag: string, steps: number, seen: number[]): Generator<void, string, void> {
  for (let i = 0; i < steps; i++) {
    while (!sliceOver());
    seen.push(i);
    yield;
  }
  return tag;
}

test('an edit consuming an input parse drops the running analysis at its next pause', async () => {
  const runs = new Runs<string>();
  const file = parseFile('file:///a.yaml', text, DEFAULT_OPTIONS);
  const seen: number[] = [];
  const running = runs.run('k', 'o', [file], () => busy('done', 20, seen));
  const next = reparseFile(file, 'file:///a.yaml', text.replace('name: b', 'name: bb'), DEFAULT_OPTIONS);
  assert.equal(consumed(file), true);
  assert.equal(consumed(next), false);
  assert.equal(await running, undefined);
  assert.ok(seen.length < 20, `stopped early (${seen.length} steps ran)`);
});

test('a run started over a consumed parse resolves undefined; over the new parse it finishes', async () => {
  const runs = new Runs<string>();
  const file = parseFile('file:///a.yaml', text, DEFAULT_OPTIONS);
  const next = reparseFile(file, 'file:///a.yaml', text.replace('name: a', 'name: aa'), DEFAULT_OPTIONS);
  const seen: number[] = [];
  assert.equal(await runs.run('k', 'o', [file], () => busy('stale', 3, seen)), undefined);
  assert.deepEqual(seen, []);
  assert.equal(await runs.run('k', 'o', [next], () => busy('fresh', 3, seen)), 'fresh');
  assert.deepEqual(seen, [0, 1, 2]);
});

test('a run over many inputs keeps going when another document is edited, and stops when one of its own is', async () => {
  // Runs looks at its inputs again only once reparseFile consumed something (consumedCount): an edit of a file
  // outside the run leaves it running; a later edit of one of its inputs still stops it at the next pause.
  const runs = new Runs<string>();
  const inputs = Array.from({ length: 50 }, (_, i) => parseFile(`file:///w/${i}.yaml`, text, DEFAULT_OPTIONS));
  const other = parseFile('file:///other.yaml', text, DEFAULT_OPTIONS);
  const seen: number[] = [];
  const before = consumedCount();
  const running = runs.run('k', 'o', inputs, () => busy('done', 6, seen));
  reparseFile(other, 'file:///other.yaml', text.replace('name: b', 'name: bb'), DEFAULT_OPTIONS);
  assert.equal(consumedCount(), before + 1);
  while (seen.length < 3) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(consumed(inputs[7]), false);
  reparseFile(inputs[7], 'file:///w/7.yaml', text.replace('name: a', 'name: aa'), DEFAULT_OPTIONS);
  assert.equal(await running, undefined);
  assert.ok(seen.length >= 3 && seen.length < 6, `ran past the unrelated edit, stopped after its own (${seen.length} steps)`);
});

test('the folder results never prepare an input an edit consumed; its successor reads as a fresh parse', async () => {
  // prepareInputs (lsp/walk.ts) runs every input's file rules and model reading in background slices. An open
  // document's parse consumed meanwhile had its later documents moved into the new parse: prepared now, its findings
  // and drafts would be cached at moved offsets and moved again by the new parse's objects (found in review).
  const policy = (i: number): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: default\nspec:\n  podSelector: {}\n  bogusField${i}: 1\n  policyTypes: [Ingress]\n`;
  const uri = 'file:///w/p.yaml';
  const t1 = Array.from({ length: 40 }, (_, i) => policy(i)).join('---\n');
  const cache = createWorkspaceCache();
  const other = parseFile('file:///w/other.yaml', text, DEFAULT_OPTIONS);
  const v1 = parseFile(uri, t1, DEFAULT_OPTIONS);
  assert.equal(await prepareInputs([other, v1], DEFAULT_OPTIONS, cache), true);
  const t2 = t1.replace('bogusField39: 1', 'bogusField39: 12');
  const v2 = reparseFile(v1, uri, t2, DEFAULT_OPTIONS);
  const t3 = `# note\n${t2}`;
  const v3 = reparseFile(v2, uri, t3, DEFAULT_OPTIONS);
  assert.equal(await prepareInputs([other, v2], DEFAULT_OPTIONS, cache), false);
  const spans = (f: ParsedFile): string[] => checkFile(f, DEFAULT_OPTIONS).map((x) => `${x.code} ${t3.slice(x.span.start, x.span.end)}`);
  const fresh = parseFile(uri, t3, DEFAULT_OPTIONS);
  assert.equal(spans(fresh).filter((s) => s.startsWith('unknown-field bogusField')).length, 40);
  assert.deepEqual(spans(v3), spans(fresh));
  const policies = (m: Model): string => JSON.stringify(m.policies, (k, v: unknown) => (k === 'obj' || k === 'origin' ? undefined : v));
  assert.equal(policies(buildModel([v3], DEFAULT_OPTIONS, cache.model)), policies(buildModel([fresh], DEFAULT_OPTIONS)));
});
