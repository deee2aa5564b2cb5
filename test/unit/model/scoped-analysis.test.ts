// The editor's shortcuts give exactly the findings of a full analysis: a document's scoped analysis (its file
// rules and its policies' workspace rules only) and a model shared between analyses of the same file list,
// over examples/ and a generated workspace, also with the index's prepared files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeWorkspace, createWorkspaceCache, optionsFromRaw, parseFile, prepareFile, WORKSPACE_RULES, type ParsedFile } from '../../../server/src/core/index.ts';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const options = optionsFromRaw({});

function yamlUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlUnder(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

function examples(): ParsedFile[] {
  return yamlUnder(EXAMPLES)
    .sort()
    .map((f) => parseFile(pathToFileURL(f).href, fs.readFileSync(f, 'utf8'), options));
}

function generated(): ParsedFile[] {
  const out: ParsedFile[] = [];
  for (let i = 0; i < 40; i++) {
    const ns = ['a', 'b', 'c'][i % 3];
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: w${i}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: w${i}}}
  template:
    metadata: {labels: {app: w${i}, tier: ${i % 2 ? 'web' : 'db'}}}
    spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: 80${i % 10}}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p${i}, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {app: w${i}}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{podSelector: {matchLabels: {tier: web}}}], ports: [{port: http}, {port: ${8000 + i}}]}]
  egress: [{to: [{podSelector: {matchLabels: {app: w${(i + 1) % 40}}}}]}]
`;
    out.push(parseFile(`file:///gen/f${i}.yaml`, text, options));
  }
  return out;
}

for (const [name, load] of [['examples/', examples], ['a generated workspace', generated]] as const) {
  test(`scoped analysis of each file == the full analysis's findings of that file (${name})`, () => {
    const files = load();
    const full = analyzeWorkspace(files, options);
    let nonEmpty = 0;
    // One cache across the scoped runs, as the editor keeps it; files prepared as the index walk does.
    const cache = createWorkspaceCache();
    for (const f of files) prepareFile(f, options, cache, false);
    for (const f of files) {
      const scoped = analyzeWorkspace(files, options, cache, WORKSPACE_RULES, new Set([f.uri]));
      assert.deepEqual(scoped.findings.get(f.uri), full.findings.get(f.uri), f.uri);
      if ((full.findings.get(f.uri) ?? []).length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty >= 3, `only ${nonEmpty} files have findings`);
    // The model is built once for the same list and Options, and equals a fresh build.
    const again = analyzeWorkspace(files, options, cache, [], new Set());
    assert.equal(again.model, analyzeWorkspace(files, options, cache, WORKSPACE_RULES, new Set([files[0]!.uri])).model);
    assert.deepEqual(again.model.workloads.map((w) => w.id), full.model.workloads.map((w) => w.id));
    assert.deepEqual(again.model.policyIR.map((p) => p.id), full.model.policyIR.map((p) => p.id));
    // A model-only request (empty scope) runs no rule at all: the editor never reads those findings.
    const modelOnly = analyzeWorkspace(files, options, createWorkspaceCache(), [], new Set());
    assert.deepEqual([...modelOnly.findings.values()].flat(), []);
    assert.deepEqual(modelOnly.model.workloads.map((w) => w.id), full.model.workloads.map((w) => w.id));
  });
}
