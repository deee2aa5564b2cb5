// Oracle: the Gateway API conformance suite as data (shared/oracles/gateway-conformance). For every test
// directory, runs the built CLI (`netlens check --format json`) over it and compares with expect.json:
// each expected finding must appear on its document (Kind/namespace/name), each absent code must not,
// and each noErrors file must have no finding of error severity. One pass/fail per expectation.
// Usage: node test/oracles/gateway-conformance.mjs <shared/oracles dir>   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, LineCounter } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../../dist/cli.js');
const root = process.argv[2];
if (!root) {
  console.error('usage: node test/oracles/gateway-conformance.mjs <path to shared/oracles>');
  process.exit(2);
}
const dir = fs.existsSync(path.join(root, 'gateway-conformance')) ? path.join(root, 'gateway-conformance') : root;

/** Per file: the line range of each document and its `Kind/namespace/name`. */
function documents(file) {
  const text = fs.readFileSync(file, 'utf8');
  const lc = new LineCounter();
  const out = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lc })) {
    const js = doc.toJS() ?? {};
    const [start, , end] = doc.range;
    out.push({ first: lc.linePos(start).line - 1, last: lc.linePos(Math.max(start, end - 1)).line - 1, id: `${js.kind}/${js.metadata?.namespace ?? ''}/${js.metadata?.name}` });
  }
  return out;
}

function docOf(docs, line) {
  return docs.find((d) => line >= d.first && line <= d.last)?.id;
}

let passed = 0;
let failed = 0;
for (const name of fs.readdirSync(dir).sort()) {
  const d = path.join(dir, name);
  if (!fs.existsSync(path.join(d, 'expect.json'))) continue;
  const expect = JSON.parse(fs.readFileSync(path.join(d, 'expect.json'), 'utf8'));
  let out;
  try {
    out = execFileSync(process.execPath, [cli, 'check', '--format', 'json', '.'], { cwd: d, encoding: 'utf8' });
  } catch (e) {
    // Exit 1 = findings of error severity: the JSON is still on stdout.
    out = e.stdout;
  }
  const findings = JSON.parse(out).findings;
  const docsByFile = new Map();
  const located = findings.map((f) => {
    if (!docsByFile.has(f.file)) docsByFile.set(f.file, documents(path.join(d, f.file)));
    return { ...f, doc: docOf(docsByFile.get(f.file), f.range.start.line) };
  });
  const check = (ok, what) => {
    if (ok) passed++;
    else {
      failed++;
      console.log(`FAIL ${name}: ${what}`);
    }
  };
  for (const e of expect.findings) {
    check(located.some((f) => f.file === e.file && f.code === e.code && f.doc === e.doc), `expected ${e.code} on ${e.doc} (${e.file})`);
  }
  for (const e of expect.absent) {
    const hit = located.find((f) => f.file === e.file && f.code === e.code && f.doc === e.doc);
    check(!hit, `unexpected ${e.code} on ${e.doc} (${e.file}): ${hit?.message}`);
  }
  for (const file of expect.noErrors) {
    const errs = located.filter((f) => f.file === file && f.severity === 'error');
    check(errs.length === 0, `errors in ${file}: ${errs.map((f) => `${f.range.start.line + 1}: ${f.message} [${f.code}]`).join(' | ')}`);
  }
}
console.log(`gateway-conformance: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
