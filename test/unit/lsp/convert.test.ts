// LSP conversions: spans to UTF-16 ranges, findings to diagnostics, fixes to versioned quick-fix actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { DEFAULT_OPTIONS, LineIndex, parseFile, type Finding } from '../../../server/src/core/index.ts';
import { findingToDiagnostic, rangeToSpan, ruleDocHref, spanToRange } from '../../../server/src/lsp/convert.ts';
import { fixToWorkspaceEdit, type EditTarget } from '../../../server/src/lsp/convert.ts';
import { findingFor, fixActions, kindRequested } from '../../../server/src/lsp/features/codeActions.ts';
import type { Analysis } from '../../../server/src/lsp/workspace.ts';

const ctx = { extensionRoot: '/opt/ext' };

test('spanToRange counts UTF-16 code units and handles CRLF', () => {
  const text = 'a: "😀x"\r\nb: c\r\n';
  const lines = new LineIndex(text);
  const x = text.indexOf('x');
  assert.deepEqual(spanToRange(lines, { start: x, end: x + 1 }), { start: { line: 0, character: 6 }, end: { line: 0, character: 7 } });
  const c = text.indexOf('c');
  assert.deepEqual(spanToRange(lines, { start: c, end: c + 1 }), { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } });
  assert.deepEqual(rangeToSpan(lines, { start: { line: 1, character: 3 }, end: { line: 1, character: 99 } }), { start: c, end: c + 1 });
});

test('ruleDocHref is a file: URI of docs/rules/<code>.md under the extension root', () => {
  assert.equal(ruleDocHref('/opt/my ext', 'cidr-host-bits'), 'file:///opt/my%20ext/docs/rules/cidr-host-bits.md');
});

test('findingToDiagnostic carries code, source, link, severity, tags, related info and fix data', () => {
  const text = 'kind: NetworkPolicy\nspec:\n  x: 1\n';
  const lines = new LineIndex(text);
  const f: Finding = {
    uri: 'file:///w/a.yaml',
    span: { start: 28, end: 29 },
    code: 'some-rule',
    severity: 'hint',
    message: 'm',
    tags: ['unnecessary', 'deprecated'],
    related: [
      { uri: 'file:///w/a.yaml', span: { start: 0, end: 4 }, message: 'here' },
      { uri: 'file:///w/other.yaml', span: { start: 5, end: 9 }, message: 'there' },
    ],
    fixes: [{ title: 't', edits: [] }],
  };
  const other = new LineIndex('0123\n56789\n');
  const d = findingToDiagnostic(f, lines, { ...ctx, linesFor: (u) => (u === 'file:///w/other.yaml' ? other : undefined) }, 7);
  assert.deepEqual(d, {
    range: { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } },
    severity: DiagnosticSeverity.Hint,
    code: 'some-rule',
    codeDescription: { href: 'file:///opt/ext/docs/rules/some-rule.md' },
    source: 'netlens',
    message: 'm',
    tags: [DiagnosticTag.Unnecessary, DiagnosticTag.Deprecated],
    relatedInformation: [
      { location: { uri: 'file:///w/a.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } }, message: 'here' },
      { location: { uri: 'file:///w/other.yaml', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } }, message: 'there' },
    ],
    data: { span: { start: 28, end: 29 }, version: 7 },
  });
  // Without fixes there is no payload; without the other file's lines, related info points at its start.
  const plain = findingToDiagnostic({ ...f, fixes: undefined, tags: undefined, related: [{ uri: 'file:///w/z.yaml', span: { start: 5, end: 9 }, message: 'z' }] }, lines, ctx);
  assert.equal(plain.data, undefined);
  assert.equal(plain.tags, undefined);
  assert.deepEqual(plain.relatedInformation?.[0]?.location.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.deepEqual(['error', 'warning', 'information'].map((s) => findingToDiagnostic({ ...f, severity: s as Finding['severity'] }, lines, ctx).severity), [1, 2, 3]);
});

function target(a: Analysis, useDocumentChanges: boolean, canCreateFiles = false): EditTarget {
  return { uri: a.uri, lines: a.file.lines, version: a.version, useDocumentChanges, canCreateFiles };
}

function syntheticAnalysis(text: string, version: number, findings: Finding[]): Analysis {
  return { uri: 'file:///w/p.yaml', version, file: parseFile('file:///w/p.yaml', text, DEFAULT_OPTIONS), findings, options: DEFAULT_OPTIONS };
}

const TEXT = 'spec:\n  cidr: 10.0.0.1/8\n';
const START = TEXT.indexOf('10.0');
const END = START + '10.0.0.1/8'.length;
const FINDING: Finding = {
  uri: 'file:///w/p.yaml',
  span: { start: START, end: END },
  code: 'cidr-host-bits',
  severity: 'warning',
  message: 'host bits',
  fixes: [
    { title: 'Use 10.0.0.0/8', edits: [{ span: { start: START, end: END }, newText: '10.0.0.0/8' }], isPreferred: true },
    { title: 'Use 10.0.0.1/32', edits: [{ span: { start: START, end: END }, newText: '10.0.0.1/32' }] },
  ],
};

test('a diagnostic round-trips to its finding and its fixes become versioned quick fixes', () => {
  const a = syntheticAnalysis(TEXT, 4, [FINDING]);
  const diag = findingToDiagnostic(FINDING, a.file.lines, ctx, 4);
  assert.equal(findingFor(a, diag), FINDING);
  const range = { start: { line: 1, character: 8 }, end: { line: 1, character: 18 } };
  assert.deepEqual(fixActions(a, [diag], target(a, true)), [
    {
      title: 'Use 10.0.0.0/8',
      kind: 'quickfix',
      diagnostics: [diag],
      isPreferred: true,
      edit: { documentChanges: [{ textDocument: { uri: 'file:///w/p.yaml', version: 4 }, edits: [{ range, newText: '10.0.0.0/8' }] }] },
    },
    {
      title: 'Use 10.0.0.1/32',
      kind: 'quickfix',
      diagnostics: [diag],
      edit: { documentChanges: [{ textDocument: { uri: 'file:///w/p.yaml', version: 4 }, edits: [{ range, newText: '10.0.0.1/32' }] }] },
    },
    {
      title: 'Disable cidr-host-bits for this line',
      kind: 'quickfix',
      diagnostics: [diag],
      edit: {
        documentChanges: [
          {
            textDocument: { uri: 'file:///w/p.yaml', version: 4 },
            edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  # netlens-disable-next-line cidr-host-bits -- <reason>\n' }],
          },
        ],
      },
    },
  ]);
  // Clients without documentChanges get a plain `changes` map.
  assert.deepEqual(fixActions(a, [diag], target(a, false))[0]?.edit, { changes: { 'file:///w/p.yaml': [{ range, newText: '10.0.0.0/8' }] } });
});

test('actions are computed from the current version: a diagnostic of an older text matches by code and range', () => {
  // A line was inserted above: the old diagnostic's span no longer matches, its range does in the new text.
  const newText = `# note\n${TEXT}`;
  const shifted: Finding = {
    ...FINDING,
    span: { start: FINDING.span.start + 7, end: FINDING.span.end + 7 },
    fixes: FINDING.fixes?.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, span: { start: e.span.start + 7, end: e.span.end + 7 } })) })),
  };
  const a = syntheticAnalysis(newText, 5, [shifted]);
  const stale = findingToDiagnostic(FINDING, new LineIndex(TEXT), ctx, 4); // line 1 in the old text
  assert.equal(findingFor(a, stale), undefined, 'line 1 of the new text holds no finding');
  const current = { ...stale, range: { start: { line: 2, character: 8 }, end: { line: 2, character: 18 } } };
  const actions = fixActions(a, [current], target(a, true));
  assert.deepEqual(actions.map((x) => x.edit?.documentChanges?.[0]), [
    { textDocument: { uri: 'file:///w/p.yaml', version: 5 }, edits: [{ range: current.range, newText: '10.0.0.0/8' }] },
    { textDocument: { uri: 'file:///w/p.yaml', version: 5 }, edits: [{ range: current.range, newText: '10.0.0.1/32' }] },
    { textDocument: { uri: 'file:///w/p.yaml', version: 5 }, edits: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '  # netlens-disable-next-line cidr-host-bits -- <reason>\n' }] },
  ]);
  // Diagnostics of other tools and other codes are ignored.
  assert.deepEqual(fixActions(a, [{ ...current, source: 'yaml' }, { ...current, code: 'other' }], target(a, true)), []);
});

test('kindRequested follows the code action kind hierarchy', () => {
  assert.equal(kindRequested(undefined, 'quickfix'), true);
  assert.equal(kindRequested(['quickfix'], 'quickfix'), true);
  assert.equal(kindRequested([''], 'quickfix'), true);
  assert.equal(kindRequested(['quickfix'], 'quickfix.netlens'), true);
  assert.equal(kindRequested(['refactor'], 'quickfix'), false);
  assert.equal(kindRequested(['source.fixAll'], 'quickfix'), false);
});

test('fixes for another file or a new file: versioned edits of the other file, CreateFile only when supported', () => {
  const a = syntheticAnalysis(TEXT, 4, []);
  const other = new LineIndex('a: 1\nb: 2\n');
  const t: EditTarget = { ...target(a, true, true), other: (u) => (u === 'file:///w/o.yaml' ? { lines: other, version: 9 } : undefined) };
  const edit = [{ span: { start: 5, end: 6 }, newText: 'c' }];
  assert.deepEqual(fixToWorkspaceEdit({ title: 'x', uri: 'file:///w/o.yaml', edits: edit }, t), {
    documentChanges: [{ textDocument: { uri: 'file:///w/o.yaml', version: 9 }, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, newText: 'c' }] }],
  });
  // A file whose text the server does not know is not edited blindly.
  assert.equal(fixToWorkspaceEdit({ title: 'x', uri: 'file:///w/unknown.yaml', edits: edit }, t), undefined);
  const create = { title: 'new', uri: 'file:///w/new.yaml', createFile: true, edits: [{ span: { start: 0, end: 0 }, newText: 'kind: X\n' }] };
  assert.deepEqual(fixToWorkspaceEdit(create, t), {
    documentChanges: [
      { kind: 'create', uri: 'file:///w/new.yaml', options: { ignoreIfExists: true } },
      { textDocument: { uri: 'file:///w/new.yaml', version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'kind: X\n' }] },
    ],
  });
  assert.equal(fixToWorkspaceEdit(create, { ...t, canCreateFiles: false }), undefined);
});
