// Closed files that let their YAML trees go in place (core/parse/skeleton.ts droppableFile, core/offload.ts
// dropOwnTrees, as the editor's index does): with their trees they analyse exactly as plain parses;
// after, the same files and objects analyse as full parses without reading a tree (but for the workspace rules'
// fixes in them), a tree read later is parsed again, equal, and can go again, and one kept re-parses incrementally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { analyzeWorkspace, createWorkspaceCache, droppableFile, dropOwnTrees, extractKept, hasTrees, isDroppable, lazyStats, optionsFromRaw, parseFile, prepareFile, reparseFile, WORKSPACE_RULES, type Finding, type ParsedFile, type WorkspaceCache } from '../../../server/src/core/index.ts';
import { cachedRawFindings } from '../../../server/src/core/file-findings.ts';
import { npParts } from '../../../server/src/core/rules/np-walk.ts';
import { mixedWorkspace } from '../../../bench/generate.mjs';

// Egress without DNS: missing-dns-egress, a workspace rule whose fix (Add DNS egress) reads the file's trees.
const EGRESS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: droptest}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: droptest}
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector: {matchLabels: {app: db}}
      ports:
        - port: 5432
`;
type Texts = { path: string; text: string }[];
const SMALL: Texts = [{ path: 'droptest/egress.yaml', text: EGRESS }];
// The bench's mixed workspace (its policies allow DNS: no fix of that rule there) and the file above alone.
const WORKSPACES: Record<string, Texts> = { mixed: [...(mixedWorkspace as (n: number) => Texts)(40), ...SMALL], small: SMALL };
const options = optionsFromRaw({});
const parseAll = (texts: Texts): ParsedFile[] => texts.map((f) => parseFile(`file:///ws/${f.path}`, f.text, options)).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
const WORKSPACE_CODES = new Set(WORKSPACE_RULES.map((r) => r.code));
const lines = (m: Map<string, Finding[]>, fixes: 'all' | 'file-rules'): string[] =>
  [...m].flatMap(([uri, list]) => list.map((f) => `${uri} ${f.code} ${f.severity} ${f.span.start}-${f.span.end} ${f.message} ${fixes === 'all' || !WORKSPACE_CODES.has(f.code) ? JSON.stringify(f.fixes ?? []) : ''}`)).sort();

for (const [name, texts] of Object.entries(WORKSPACES)) test(`${name}: files whose trees went keep their objects and analyse as full parses without reading a tree, but for workspace fixes in them`, () => {
  const full = analyzeWorkspace(parseAll(texts), options);
  const dnsFix = (m: Map<string, Finding[]>): boolean => m.get('file:///ws/droptest/egress.yaml')?.some((f) => f.code === 'missing-dns-egress' && f.fixes?.length) ?? false;
  if (name === 'small') assert.ok(dnsFix(full.findings), 'a workspace fix to lose');
  const cache = createWorkspaceCache();
  const files = parseAll(texts).map((f) => droppableFile(f, options));
  for (const f of files) prepareFile(f, options, cache, false);
  const before = analyzeWorkspace(files, options, cache);
  assert.deepEqual(lines(before.findings, 'all'), lines(full.findings, 'all'), 'with their trees: exactly a plain parse, fixes and all');
  for (const f of files) assert.equal(dropOwnTrees(f, options, cache), true, f.uri);
  assert.equal(files.filter(hasTrees).length, 0);
  // What the analyses keep under the same file stays: its findings and its model's reading.
  for (const f of files) assert.ok(cachedRawFindings(f, options, cache) && extractKept(f, options, cache.model), f.uri);
  const parsed = lazyStats.parsed;
  const after = analyzeWorkspace(files, options, cache);
  assert.equal(lazyStats.parsed, parsed, 'no tree was parsed again');
  assert.deepEqual(lines(after.findings, 'file-rules'), lines(full.findings, 'file-rules'));
  assert.equal(dnsFix(after.findings), false, 'no workspace fix built in a file without trees');
  assert.ok(lines(after.findings, 'file-rules').length > 0);
});

test('a tree read after it went is parsed again, equal to the first, and can go again; walked parts are walked again', () => {
  const cache = createWorkspaceCache();
  const plain = parseFile('file:///ws/droptest/egress.yaml', EGRESS, options);
  const file = droppableFile(plain, options);
  assert.ok(isDroppable(file) && hasTrees(file));
  assert.equal(droppableFile(file, options), file, 'already droppable');
  const obj = file.objects[1]!;
  assert.equal(obj.node, plain.objects[1]!.node, 'the trees it was made with');
  assert.deepEqual({ ...obj, doc: undefined, node: undefined }, { ...plain.objects[1], doc: undefined, node: undefined });
  const spec = npParts(obj).spec;
  assert.equal(dropOwnTrees(file, options, cache), true);
  assert.equal(dropOwnTrees(file, options, cache), false, 'no trees left to drop');
  const parsed = lazyStats.parsed;
  assert.deepEqual(obj.node.toJSON(), plain.objects[1]!.node.toJSON());
  assert.equal(lazyStats.parsed, parsed + 1);
  assert.equal(file.docs.length, plain.docs.length);
  assert.ok(hasTrees(file));
  const again = npParts(obj).spec;
  assert.ok(again && again !== spec && again === obj.node.get('spec'), 'the parts of the tree parsed again, not of the one that went');
  assert.equal(dropOwnTrees(file, options, cache), true, 'and it can go again');
});

test('what cannot let its trees go keeps them: a plain parse, a file with inline exceptions, one with a duplicate key', () => {
  const cache = createWorkspaceCache();
  const plain = parseFile('file:///ws/a.yaml', EGRESS, options);
  assert.equal(dropOwnTrees(plain, options, cache), false);
  const exempt = droppableFile(parseFile('file:///ws/b.yaml', `# netlens-disable missing-dns-egress\n${EGRESS}`, options), options);
  assert.equal(dropOwnTrees(exempt, options, cache), false);
  // A duplicate key: the editor places YAML-level findings by document (lsp/coexist.ts), reading the trees.
  const duplicate = droppableFile(parseFile('file:///ws/c.yaml', `${EGRESS}---\n${EGRESS.replace('kind: Deployment', 'kind: Deployment\nkind: Deployment')}`, options), options);
  assert.ok(duplicate.issues.some((i) => i.kind === 'duplicate-key'));
  assert.equal(dropOwnTrees(duplicate, options, cache), false);
  assert.ok(hasTrees(exempt) && hasTrees(plain) && hasTrees(duplicate));
});

test('the trees that went are garbage: nothing the analysis keeps holds them', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const cache = createWorkspaceCache();
  const files = parseAll(WORKSPACES.small as Texts).map((f) => droppableFile(f, options));
  for (const f of files) prepareFile(f, options, cache, false);
  const analysis = analyzeWorkspace(files, options, cache);
  // Weak references to every document and top-level node, made in a function of their own so no local holds one.
  const refs = ((fs: ParsedFile[]) => fs.flatMap((f) => [...f.docs.map((d) => new WeakRef(d)), ...f.objects.map((o) => new WeakRef(o.node))]))(files);
  assert.ok(refs.length >= 4);
  const dropAll = (c: WorkspaceCache): boolean => files.every((f) => dropOwnTrees(f, options, c));
  assert.ok(dropAll(cache));
  // A WeakRef's target is kept until the job that made it ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(refs.filter((r) => r.deref() !== undefined).length, 0, 'a tree that went is still reachable');
  assert.ok(analysis.findings.size > 0 && files.every((f) => !hasTrees(f)));
});

test('a droppable parse with its trees (kept for its inline exceptions, handed to an opened document) re-parses incrementally as a plain one', () => {
  const text = `# netlens-disable missing-dns-egress\n${EGRESS}---\n${EGRESS.replace(/web/g, 'api')}`;
  const edited = text.replace('port: 5432', 'port: 5433');
  const uri = 'file:///ws/droptest/egress.yaml';
  const stats = { parsedDocs: 0, keptDocs: 0, full: false };
  const next = reparseFile(droppableFile(parseFile(uri, text, options), options), uri, edited, options, stats);
  const plain = reparseFile(parseFile(uri, text, options), uri, edited, options);
  assert.equal(stats.full, false, 'incrementally');
  assert.ok(stats.keptDocs > 0);
  const shape = (f: ParsedFile) => f.objects.map((o) => [o.kind, o.name, o.span.start, o.span.end, JSON.stringify(o.node.toJSON())]);
  assert.deepEqual(shape(next), shape(parseFile(uri, edited, options)));
  assert.deepEqual(shape(plain), shape(next));
  const a = analyzeWorkspace([next], options);
  const b = analyzeWorkspace([parseFile(uri, edited, options)], options);
  assert.deepEqual(lines(a.findings, 'all'), lines(b.findings, 'all'));
});
