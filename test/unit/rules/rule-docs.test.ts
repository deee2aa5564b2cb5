// Every registered rule is documented: a one-sentence description and a docs/rules/<code>.md page with the usual sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES, ruleDocPath } from '../../../server/src/core/index.ts';

const root = path.resolve(__dirname, '..', '..', '..');

test('rule codes are unique kebab-case and every rule has a description', () => {
  const codes = RULES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const r of RULES) {
    assert.match(r.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.code);
    assert.ok(r.description.trim().length > 10, `${r.code} has no description`);
  }
});

test('every registered rule has a doc page titled with its code, saying what, why, an example and how to fix', () => {
  for (const r of RULES) {
    const file = path.join(root, ruleDocPath(r.code));
    assert.ok(fs.existsSync(file), `missing ${ruleDocPath(r.code)}`);
    const md = fs.readFileSync(file, 'utf8');
    assert.equal(md.split('\n')[0], `# ${r.code}`, `${r.code}: first line`);
    for (const section of ['## What it checks', '## Why', '## Example', '## How to fix']) {
      assert.ok(md.includes(section), `${r.code}: no "${section}" section`);
    }
  }
});
