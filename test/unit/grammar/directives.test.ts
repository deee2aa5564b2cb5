// The TextMate injection grammar for NetLens directive comments, tokenised with vscode-textmate over the YAML
// grammar VS Code ships (from tm-grammars): keyword, rule codes, separator and reason get the .netlens scopes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] } };
const contributed = pkg.contributes.grammars.find((g) => g.scopeName === 'netlens.directive.injection');

async function registry(): Promise<vsctm.Registry> {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = {
    'source.yaml': path.join(ROOT, 'node_modules/tm-grammars/grammars/yaml.json'),
    'netlens.directive.injection': path.join(ROOT, contributed?.path ?? 'missing'),
  };
  return new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (files[scope] ? vsctm.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null),
    // As VS Code does with `injectTo`: the contributed injection applies to YAML.
    getInjections: (scope) => (scope === 'source.yaml' ? ['netlens.directive.injection'] : undefined),
  });
}

/** [text, innermost scope] for every token of each line that carries a .netlens scope. */
async function tokens(lines: string[]): Promise<[string, string][][]> {
  const grammar = await (await registry()).loadGrammar('source.yaml');
  assert.ok(grammar);
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens
      .map((t): [string, string] => [line.slice(t.startIndex, t.endIndex), t.scopes.filter((s) => s.endsWith('.netlens')).pop() ?? ''])
      .filter(([, s]) => s !== '' && s !== 'meta.directive.netlens');
  });
}

test('the injection is contributed for YAML in package.json', () => {
  assert.deepEqual(contributed, { scopeName: 'netlens.directive.injection', path: './syntaxes/netlens-directives.injection.json', injectTo: ['source.yaml'] });
});

test('next-line directive: keyword, each code, the commas, the separator and the reason', async () => {
  const [line] = await tokens(['  # netlens-disable-next-line missing-default-deny, cidr-host-bits -- public tier, see SEC-1']);
  assert.deepEqual(line, [
    ['netlens-disable-next-line', 'keyword.control.directive.netlens'],
    ['missing-default-deny', 'constant.other.rule-code.netlens'],
    [',', 'punctuation.separator.comma.netlens'],
    ['cidr-host-bits', 'constant.other.rule-code.netlens'],
    ['--', 'punctuation.separator.reason.netlens'],
    ['public tier, see SEC-1', 'string.unquoted.reason.netlens'],
  ]);
});

test('document-wide directive after YAML content, and inside comments only', async () => {
  const lines = await tokens(['# netlens-disable unused-suppression -- generated file', 'metadata:', '  name: netlens-disable-next-line # a value, not a directive', 'x: 1 #netlens-disable-next-line a']);
  assert.deepEqual(lines, [
    [
      ['netlens-disable', 'keyword.control.directive.netlens'],
      ['unused-suppression', 'constant.other.rule-code.netlens'],
      ['--', 'punctuation.separator.reason.netlens'],
      ['generated file', 'string.unquoted.reason.netlens'],
    ],
    [],
    [],
    [
      ['netlens-disable-next-line', 'keyword.control.directive.netlens'],
      ['a', 'constant.other.rule-code.netlens'],
    ],
  ]);
});

test('ordinary comments and lookalike words get no NetLens scopes', async () => {
  assert.deepEqual(await tokens(['# a normal comment -- with dashes', '# netlens-disabled-thing foo', '# see netlens-disable docs']), [[], [], []]);
});
