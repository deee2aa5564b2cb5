// Completion and hover inside directive comments: keywords, rule codes with titles, hover on a code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES, buildModel, completeAt, DEFAULT_OPTIONS, hoverAt, parseFile } from '../../../server/src/core/index.ts';

function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const file = parseFile('file:///w/a.yaml', text, DEFAULT_OPTIONS);
  return { file, offset, model: buildModel([file], DEFAULT_OPTIONS), text };
}

test('after the keyword: every rule code with its title, replacing the word being typed', () => {
  const { file, offset, model, text } = at('a: 1\n  # netlens-disable-next-line missing-d|\nb: 2\n');
  const items = completeAt(file, offset, model);
  assert.equal(items.length, ALL_RULES.length);
  const mdd = items.find((i) => i.label === 'missing-default-deny');
  assert.equal(mdd?.detail, 'Convention requireDefaultDeny: a namespace with workloads has no default-deny policy for a required direction.');
  assert.equal(text.slice(mdd!.span.start, mdd!.span.end), 'missing-d');
});

test('codes already listed are not offered again; nothing after the reason separator', () => {
  const a = at('# netlens-disable cidr-host-bits, |\n');
  const labels = completeAt(a.file, a.offset, a.model).map((i) => i.label);
  assert.ok(!labels.includes('cidr-host-bits') && labels.includes('invalid-cidr'));
  const b = at('# netlens-disable cidr-host-bits -- because |\n');
  assert.deepEqual(completeAt(b.file, b.offset, b.model), []);
});

test('after "#": the two directive keywords', () => {
  const { file, offset, model, text } = at('x: 1\n# netl|\n');
  const items = completeAt(file, offset, model);
  assert.deepEqual(items.map((i) => [i.label, i.insertText]), [['netlens-disable-next-line', 'netlens-disable-next-line '], ['netlens-disable', 'netlens-disable ']]);
  assert.equal(text.slice(items[0]!.span.start, items[0]!.span.end), 'netl');
});

test('hover on a code in a directive or in netlens.io/ignore: summary and page link; unknown codes say so', () => {
  const docLink = (p: string) => `file:///ext/${p}`;
  const a = at('# netlens-disable-next-line cidr-h|ost-bits -- x\nb: 1\n');
  const h = hoverAt(a.file, a.offset, a.model, { docLink });
  assert.equal(a.text.slice(h!.span.start, h!.span.end), 'cidr-host-bits');
  assert.match(h!.markdown, /^\*\*cidr-host-bits\*\* \(default: warning\)\n\n.+\n\n\[Rule documentation\]\(file:\/\/\/ext\/docs\/rules\/cidr-host-bits\.md\)$/);
  const b = at('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    netlens.io/ignore: "nope-|rule"\n');
  assert.equal(hoverAt(b.file, b.offset, b.model)?.markdown, '`nope-rule` is not a NetLens rule code: this exception suppresses nothing.');
});
