// A neutral edit (one that changes nothing the workspace model reads) moves the previous analysis instead of
// judging the workspace again (lsp/remap.ts): after every edit of seeded sequences — neutral ones (a `replicas:`
// value, comments, blank lines) mixed with random ones that change meaning — the moved findings equal a
// from-scratch analysis, for the edited file and for another open file, scoped as the editor asks; and label or
// port edits (which must not count as neutral) are mixed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeWorkspace, checkFile, DEFAULT_OPTIONS, fingerprint, parseFile, reparseFile, samePrint, WORKSPACE_RULES, type Finding, type ParsedFile } from '../../../server/src/core/index.ts';
import { neutralEdit, remapFindings } from '../../../server/src/lsp/remap.ts';
import { apply, randomEdit, rng, ROOT, yamlFiles, type Edit } from './edits.ts';
import { multiDocFile } from '../../fixtures/generate.ts';

const opts = DEFAULT_OPTIONS;

/** Edits that keep the meaning: a replica count, a comment line, a trailing comment, a blank line. */
function neutralEditOf(text: string, r: () => number): Edit {
  const pick = r();
  const lines: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) lines.push(i + 1);
  const ls = lines[Math.floor(r() * lines.length)] ?? 0;
  const le = text.indexOf('\n', ls) === -1 ? text.length : text.indexOf('\n', ls);
  if (pick < 0.4) {
    const at = text.indexOf('replicas: ', Math.floor(r() * text.length));
    if (at !== -1) return { start: at + 10, end: at + 11, text: String(Math.floor(r() * 9) + 1) };
  }
  // Not neutral, but close to it: a label value or a port number (the fingerprint must see these).
  if (pick < 0.5) {
    const at = text.indexOf(r() < 0.5 ? 'app: ' : 'port: ', Math.floor(r() * text.length));
    if (at !== -1) return { start: text.indexOf(' ', at) + 1, end: text.indexOf(' ', at) + 1, text: '1' };
  }
  if (pick < 0.7) return { start: ls, end: ls, text: `${' '.repeat(text.slice(ls).search(/\S|$/))}# note ${Math.floor(r() * 100)}\n` };
  if (pick < 0.85 && !text.slice(ls, le).includes('#') && !/[|>]\s*$/.test(text.slice(ls, le))) return { start: le, end: le, text: ' # why' };
  return { start: ls, end: ls, text: '\n' };
}

interface Memo {
  inputs: ParsedFile[];
  findings: Map<string, Finding[]>;
  covered: ReadonlySet<string> | undefined;
}

/**
 * Edits `uri` inside `others` step by step (fingerprints taken as the editor takes them: of each parse before the
 * next one consumes it). For each scope (the edited file, another file), moves the previous analysis when the
 * edit is neutral and compares it with a from-scratch analysis. Returns how many analyses were moved.
 */
function sequence(uri: string, start: string, others: ParsedFile[], seed: number, steps: number): { moved: number; neutral: number } {
  const r = rng(seed);
  let text = start;
  let file = parseFile(uri, text, opts);
  const scopes = [uri, others[0]?.uri].filter((u): u is string => u !== undefined);
  const memos = new Map<string, Memo>();
  const analyse = (inputs: ParsedFile[], scope: string): Memo => {
    const a = analyzeWorkspace(inputs, opts, undefined, WORKSPACE_RULES, new Set([scope]));
    return { inputs, findings: a.findings, covered: a.model.kustomizeCovered };
  };
  const sorted = (f: ParsedFile): ParsedFile[] => [...others, f].sort((a, b) => (a.uri < b.uri ? -1 : 1));
  for (const s of scopes) memos.set(s, analyse(sorted(file), s));
  let moved = 0;
  let neutral = 0;
  for (let i = 0; i < steps; i++) {
    const e = r() < 0.6 ? neutralEditOf(text, r) : randomEdit(text, r);
    text = apply(text, e);
    const before = file;
    const print = fingerprint(before, opts);
    file = reparseFile(before, uri, text, opts);
    if (samePrint(print, fingerprint(file, opts))) neutral++;
    const inputs = sorted(file);
    for (const s of scopes) {
      const want = analyse(inputs, s);
      const memo = memos.get(s) as Memo;
      const region = neutralEdit(before, file, opts, memo.covered);
      // As the server asks (lsp/workspaceIndex.ts): the scope's list only, the others left out.
      const got = region && remapFindings(memo.findings, region, () => checkFile(file, opts), s);
      if (got) {
        moved++;
        assert.ok([...got.keys()].every((u) => u === s), `moved lists of other files: ${[...got.keys()].join(', ')}`);
        assert.deepEqual(got.get(s), want.findings.get(s), `${uri} (scope ${s}), seed ${seed}, edit ${i}: ${JSON.stringify(e)}`);
        memos.set(s, { ...want, findings: got });
      } else memos.set(s, want);
    }
  }
  return { moved, neutral };
}

test('neutral and random edits over examples/: moved findings equal a from-scratch analysis, edited file and another', () => {
  const files = yamlFiles(path.join(ROOT, 'examples'));
  const parsed = files.map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  let seed = 11;
  let moved = 0;
  for (const [i, f] of files.entries()) {
    const others = parsed.filter((_, j) => j !== i);
    // The other open file: one with workspace findings when there is one (its related places may point here).
    moved += sequence(`file://${f}`, fs.readFileSync(f, 'utf8'), others, seed++, 16).moved;
  }
  assert.ok(moved > 100, `only ${moved} analyses were moved`);
});

test('a generated 170-document file: neutral edits move the analysis, and it equals the full one', async () => {
  const big = multiDocFile(1500, 3);
  const others = yamlFiles(path.join(ROOT, 'examples/shop')).map((f) => parseFile(`file://${f}`, fs.readFileSync(f, 'utf8'), opts));
  let moved = 0;
  let neutral = 0;
  for (let seed = 200; seed < 203; seed++) {
    const r = sequence('file:///gen/big.yaml', big, others, seed, 25);
    moved += r.moved;
    neutral += r.neutral;
  }
  assert.ok(neutral >= 30 && moved >= 30, `neutral ${neutral}, moved ${moved}`);
});

test('what the model reads changes the fingerprint; replicas, comments and blank lines do not', () => {
  const text = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web, namespace: shop}', 'spec:', '  replicas: 2',
    '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec:', '      containers:',
    '        - name: web', '          image: nginx', '          ports: [{containerPort: 80}]', '',
  ].join('\n');
  const print = (t: string) => fingerprint(parseFile('file:///f.yaml', t, opts), opts);
  const base = print(text);
  assert.ok(samePrint(base, print(text.replace('replicas: 2', 'replicas: 5'))));
  assert.ok(samePrint(base, print(`# a comment\n${text}`)));
  assert.ok(samePrint(base, print(text.replace('image: nginx', 'image: nginx:1.27  # pinned'))));
  assert.ok(!samePrint(base, print(text.replace('{app: web}}\n    spec', '{app: shop}}\n    spec'))), 'pod labels');
  assert.ok(!samePrint(base, print(text.replace('containerPort: 80', 'containerPort: 81'))), 'a port');
  assert.ok(!samePrint(base, print(text.replace('name: web, namespace: shop', 'name: web, namespace: other'))), 'a namespace');
  assert.ok(!samePrint(base, print(text.replace('kind: Deployment', 'kind: StatefulSet'))), 'the kind');
});
