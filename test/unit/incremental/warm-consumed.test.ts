// An open document's per-object checks warmed ahead (analyze.ts warmObjectFindings) or its model reading done ahead
// (model/extract.ts extractCachedSteps), both driven in slices by the language server, while the next edit's parse
// consumes that version: the work ends at its next stop. Resumed, it read findings or drafts off the documents the
// new parse had moved in place and handed them on to the next version, moved a second time (found in review: 35 of
// 40 finding spans off by the edit's length). Whatever reads a consumed version, in slices or in one go, keeps
// nothing of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, checkFile, createWorkspaceCache, DEFAULT_OPTIONS, parseFile, reparseFile, warmObjectFindings, type Model } from '../../../server/src/core/index.ts';
import { extractCachedSteps } from '../../../server/src/core/model/extract.ts';
import { finish } from '../../../server/src/core/steps.ts';

const opts = DEFAULT_OPTIONS;
const policy = (i: number): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: default\nspec:\n  podSelector: {}\n  bogusField${i}: 1\n  policyTypes: [Ingress]\n`;

test('a warm-up paused while the next edit consumes its version ends; the next version has the findings of a fresh parse', () => {
  const uri = 'file:///ws/policies.yaml';
  const t1 = Array.from({ length: 40 }, (_, i) => policy(i)).join('---\n');
  const v1 = parseFile(uri, t1, opts);
  finish(warmObjectFindings(v1, opts));
  // An edit in the last document, then the warm-up of that version paused after its first stop.
  const t2 = t1.replace('bogusField39: 1', 'bogusField39: 12');
  const v2 = reparseFile(v1, uri, t2, opts);
  const warming = warmObjectFindings(v2, opts);
  warming.next();
  // A line added at the top while it waits: v2 is consumed, its documents moved in place into v3.
  const t3 = `# note\n${t2}`;
  const v3 = reparseFile(v2, uri, t3, opts);
  assert.equal(warming.next().done, true, 'the warm-up ends at its next stop');
  const got = checkFile(v3, opts).map((f) => `${f.code} ${t3.slice(f.span.start, f.span.end)}`);
  const want = checkFile(parseFile(uri, t3, opts), opts).map((f) => `${f.code} ${t3.slice(f.span.start, f.span.end)}`);
  assert.equal(want.filter((f) => f.startsWith('unknown-field bogusField')).length, 40);
  assert.deepEqual(got, want);
});

/** The model's policies as data, without the objects they were read from. */
const policies = (m: Model): string =>
  JSON.stringify(m.policies, (k, v: unknown) => (k === 'obj' || k === 'origin' ? undefined : v instanceof Map || v instanceof Set ? [...v] : v));

test('a model reading paused while the next edit consumes its version ends; the next model has the spans of a fresh parse', () => {
  const uri = 'file:///ws/policies.yaml';
  const t1 = Array.from({ length: 40 }, (_, i) => policy(i)).join('---\n');
  const cache = createWorkspaceCache();
  const v1 = parseFile(uri, t1, opts);
  buildModel([v1], opts, cache.model);
  const t2 = t1.replace('name: p39', 'name: p39x');
  const v2 = reparseFile(v1, uri, t2, opts);
  const reading = extractCachedSteps(v2, opts, cache.model);
  reading.next();
  const t3 = `# note\n${t2}`;
  const v3 = reparseFile(v2, uri, t3, opts);
  const rest = reading.next();
  assert.equal(rest.done, true, 'the reading ends at its next stop');
  assert.ok(rest.value && rest.value.policies.length < 40, 'with what it had read');
  assert.equal(cache.model.files.get(v2), undefined, 'a partial reading is not cached');
  const fresh = buildModel([parseFile(uri, t3, opts)], opts);
  assert.equal(fresh.policies.length, 40);
  assert.equal(policies(buildModel([v3], opts, cache.model)), policies(fresh));
});

test('read in one go after an edit consumed it, a parse keeps no findings, problems or drafts its successor would move again', () => {
  // A consumer that is already stale (a model built on first read after an await, remap.ts lazyAnalysis) reads the
  // consumed version in one go: no stop to end at. It may get moved offsets itself, but the next version must not.
  const uri = 'file:///ws/policies.yaml';
  const t1 = Array.from({ length: 40 }, (_, i) => policy(i)).join('---\n');
  const v1 = parseFile(uri, t1, opts);
  const t2 = t1.replace('bogusField39: 1', 'bogusField39: 12');
  const v2 = reparseFile(v1, uri, t2, opts);
  const t3 = `# note\n${t2}`;
  const v3 = reparseFile(v2, uri, t3, opts);
  checkFile(v2, opts);
  buildModel([v2], opts);
  const fresh = parseFile(uri, t3, opts);
  const spans = (f: typeof v3): string[] => checkFile(f, opts).map((x) => `${x.code} ${t3.slice(x.span.start, x.span.end)}`);
  assert.equal(spans(fresh).filter((f) => f.startsWith('unknown-field bogusField')).length, 40);
  assert.deepEqual(spans(v3), spans(fresh));
  assert.equal(policies(buildModel([v3], opts)), policies(buildModel([fresh], opts)));
});
