// Inline exceptions: each form, its scope, unused-suppression, --no-inline-config, and the "Disable" quick fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, disableForLineFix, parseFile, workspaceResults, type Options } from '../../../server/src/core/index.ts';
import { applyEdits } from '../rules/workspace-harness.ts';

const URI = 'file:///w/np.yaml';

function run(text: string, options: Partial<Options> = {}) {
  // DNS is beside the point of these policies.
  const opts: Options = { ...DEFAULT_OPTIONS, ...options, rules: { 'missing-dns-egress': 'off', ...options.rules } };
  const file = parseFile(URI, text, opts);
  const r = workspaceResults([file], opts);
  const line = (o: number) => file.lines.positionAt(o).line;
  return {
    shown: (r.findings.get(URI) ?? []).map((f) => `${line(f.span.start)}:${f.code}`),
    suppressed: r.suppressed.map((f) => `${line(f.span.start)}:${f.code}:${f.suppression.kind}:${f.suppression.reason ?? ''}`),
    messages: (r.findings.get(URI) ?? []).filter((f) => f.code === 'unused-suppression').map((f) => `${line(f.span.start)}:${text.slice(f.span.start, f.span.end)}:${f.message}`),
    findings: r.findings.get(URI) ?? [],
    file,
  };
}

const policy = (cidrLines: string, meta = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: shop
${meta}spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
${cidrLines}`;

test('without exceptions the host-bits findings show (the baseline the other tests silence)', () => {
  const r = run(policy('    - ipBlock: {cidr: 10.0.0.1/8}\n    - ipBlock: {cidr: 10.1.0.1/16}\n'));
  assert.deepEqual(r.shown, ['10:cidr-host-bits', '11:cidr-host-bits']);
  assert.deepEqual(r.suppressed, []);
});

test('netlens-disable-next-line silences its code on the next content line only, keeping the reason', () => {
  const r = run(policy('    # netlens-disable-next-line cidr-host-bits -- the vendor documents this form\n    - ipBlock: {cidr: 10.0.0.1/8}\n    - ipBlock: {cidr: 10.1.0.1/16}\n'));
  assert.deepEqual(r.shown, ['12:cidr-host-bits']);
  assert.deepEqual(r.suppressed, ['11:cidr-host-bits:next-line:the vendor documents this form']);
});

test('next-line skips blank lines and stacked comments, and takes several codes separated by commas', () => {
  const r = run(policy('    # netlens-disable-next-line invalid-cidr, cidr-host-bits -- reviewed\n    # another comment\n\n    - ipBlock: {cidr: 10.0.0.1/8}\n'));
  assert.deepEqual(r.shown, ['10:unused-suppression']);
  assert.deepEqual(r.suppressed, ['13:cidr-host-bits:next-line:reviewed']);
  assert.match(r.messages[0] ?? '', /^10:invalid-cidr:netlens-disable-next-line for invalid-cidr suppresses nothing/);
});

test('netlens-disable covers the YAML document it is in, not the next one', () => {
  const one = policy('    - ipBlock: {cidr: 10.0.0.1/8}\n');
  const text = `# netlens-disable cidr-host-bits -- legacy ranges, tracked in OPS-12\n---\n${one}---\n${one}`;
  const r = run(text);
  assert.deepEqual(r.suppressed, ['12:cidr-host-bits:document:legacy ranges, tracked in OPS-12']);
  assert.deepEqual(r.shown, ['24:cidr-host-bits']);
  // Inside the second document it covers that document only.
  const inner = `${one}---\n# netlens-disable cidr-host-bits\n${one}`;
  const r2 = run(inner);
  assert.deepEqual(r2.shown, ['10:cidr-host-bits']);
  assert.deepEqual(r2.suppressed, ['23:cidr-host-bits:document:']);
});

test('the netlens.io/ignore annotation covers its object, with netlens.io/ignore-reason as the reason', () => {
  const meta = '  annotations:\n    netlens.io/ignore: "cidr-host-bits, unknown-code"\n    netlens.io/ignore-reason: vendor range\n';
  const r = run(policy('    - ipBlock: {cidr: 10.0.0.1/8}\n', meta));
  assert.deepEqual(r.suppressed, ['13:cidr-host-bits:annotation:vendor range']);
  assert.deepEqual(r.messages, ["6:unknown-code:Unknown rule code 'unknown-code' in the netlens.io/ignore annotation: it suppresses nothing. See the rules list for valid codes."]);
});

test('unused-suppression: reported on the code, with a fix removing a single-code comment; silent for a rule that is off', () => {
  const text = policy('    # netlens-disable-next-line cidr-host-bits -- stale\n    - ipBlock: {cidr: 10.0.0.0/8}\n');
  const r = run(text);
  assert.deepEqual(r.shown, ['10:unused-suppression']);
  const fix = r.findings[0]?.fixes?.[0];
  assert.equal(fix?.title, 'Remove unused suppression');
  assert.equal(applyEdits(text, fix!), policy('    - ipBlock: {cidr: 10.0.0.0/8}\n'));
  assert.deepEqual(run(text, { rules: { 'cidr-host-bits': 'off' } }).shown, []);
  assert.deepEqual(run(text, { rules: { 'unused-suppression': 'off' } }).shown, []);
  assert.deepEqual(run('# netlens-disable-next-line\na: 1\n').messages.map((m) => m.split(':')[0]), ['0']);
});

test('--no-inline-config (inlineConfig false) ignores every exception and reports none unused', () => {
  const text = policy('    # netlens-disable-next-line cidr-host-bits -- x\n    - ipBlock: {cidr: 10.0.0.1/8}\n    # netlens-disable-next-line invalid-cidr\n    - ipBlock: {cidr: 10.0.0.0/8}\n');
  const r = run(text, { inlineConfig: false });
  assert.deepEqual(r.shown, ['11:cidr-host-bits']);
  assert.deepEqual(r.suppressed, []);
});

test('a "#" line inside a block scalar is text, not a directive', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  x: |\n    # netlens-disable-next-line cidr-host-bits\n    y\n`;
  assert.deepEqual(run(text).shown, []);
});

test('"Disable <code> for this line" inserts an indented directive above the line, keeping CRLF and comments', () => {
  const text = policy('    - ipBlock: {cidr: 10.0.0.1/8}  # keep me\n').replace(/\n/g, '\r\n');
  const r = run(text);
  const f = r.findings.find((x) => x.code === 'cidr-host-bits');
  assert.ok(f);
  const fix = disableForLineFix(r.file, f);
  assert.equal(fix?.title, 'Disable cidr-host-bits for this line');
  const fixed = applyEdits(text, fix!);
  assert.ok(fixed.includes('  - to:\r\n    # netlens-disable-next-line cidr-host-bits -- <reason>\r\n    - ipBlock: {cidr: 10.0.0.1/8}  # keep me\r\n'));
  const after = run(fixed);
  assert.deepEqual(after.shown, []);
  assert.deepEqual(after.suppressed, ['11:cidr-host-bits:next-line:<reason>']);
});

test('a directive may trail content on its line (a YAML comment starts at "#" after whitespace); a "#" in a quoted string is text', () => {
  const text = policy('    - ipBlock: {cidr: 10.0.0.1/8}  # netlens-disable-next-line cidr-host-bits -- x\n    - ipBlock: {cidr: 10.1.0.1/16}\n');
  const r = run(text);
  assert.deepEqual(r.shown, ['10:cidr-host-bits']);
  assert.deepEqual(r.suppressed, ['11:cidr-host-bits:next-line:x']);
  const quoted = run('a: "x # netlens-disable-next-line cidr-host-bits"\nb: 1\n');
  assert.deepEqual(quoted.shown, []);
  // Removing an unused trailing directive keeps the content before it.
  const stale = policy('    - ipBlock: {cidr: 10.0.0.0/8}  # netlens-disable-next-line cidr-host-bits\n    - ipBlock: {cidr: 10.1.0.0/16}\n');
  const f = run(stale).findings[0];
  assert.equal(f?.code, 'unused-suppression');
  assert.equal(applyEdits(stale, f.fixes![0]!), policy('    - ipBlock: {cidr: 10.0.0.0/8}\n    - ipBlock: {cidr: 10.1.0.0/16}\n'));
});
