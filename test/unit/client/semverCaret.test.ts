// The client bundle's semver stand-in answers as semver 7 itself for what vscode-languageclient asks of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse, satisfies } from '../../../client/src/semverCaret.ts';

const ROOT = path.resolve(__dirname, '../../..');
// semver as installed for vscode-languageclient (resolved from its folder, as its bundle would).
const clientRequire = createRequire(path.join(ROOT, 'node_modules/vscode-languageclient/lib/node/main.js'));
const semverParse = clientRequire('semver/functions/parse') as (v: unknown) => { major: number; minor: number; patch: number; prerelease: (string | number)[]; build: string[]; version: string } | null;
const semverSatisfies = clientRequire('semver/functions/satisfies') as (v: unknown, r: string) => boolean;

const VERSIONS = ['1.91.0', '1.91.1', '1.90.9', '1.100.0', '1.96.2', '2.0.0', '2.0.0-insider', '1.95.0-insider', '1.91.0-insider', 'v1.96.0', ' 1.96.0 ', '1.96',
  '1.096.0', 'abc', '', '1.96.0+build.1', '1.96.0-rc.1.2+b', '0.9.0', '1.96.0-01', '1.96.0-0a', '=1.96.0', '1.96.0-', `1.${'9'.repeat(17)}.0`, `1.96.${'0'.repeat(260)}`];
const RANGES = ['^1.91.0', '^1.0.0', '^2.1.3', '^1.96.2'];

test('parse gives what semver gives (null for what is not a version)', () => {
  for (const v of VERSIONS) {
    const ours = parse(v);
    const theirs = semverParse(v);
    assert.deepEqual(ours, theirs && { major: theirs.major, minor: theirs.minor, patch: theirs.patch, prerelease: theirs.prerelease, build: theirs.build, version: theirs.version }, v);
  }
});

test('satisfies gives what semver gives for caret ranges, on strings and on parsed versions with the pre-release cleared', () => {
  for (const r of RANGES) {
    for (const v of VERSIONS) {
      assert.equal(satisfies(v, r), semverSatisfies(v, r), `${v} ${r}`);
      const ours = parse(v);
      const theirs = semverParse(v);
      if (!ours || !theirs) continue;
      // What the language client does with VS Code's version before it compares.
      ours.prerelease = [];
      theirs.prerelease = [];
      assert.equal(satisfies(ours, r), semverSatisfies(theirs, r), `${v} (pre-release cleared) ${r}`);
    }
  }
});

test("the language client's own range is one the stand-in answers; any other form throws", () => {
  const main = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-languageclient/lib/node/main.js'), 'utf8');
  const range = /REQUIRED_VSCODE_VERSION = '([^']+)'/.exec(main)?.[1];
  assert.ok(range, 'vscode-languageclient names its required VS Code range');
  assert.equal(satisfies('1.91.0', range), semverSatisfies('1.91.0', range));
  for (const other of ['>=1.91.0', '~1.91.0', '^0.9.0', '1.91.x', '^1.91.0 || ^2.0.0']) assert.throws(() => satisfies('1.91.0', other), /supports only \^x\.y\.z/);
});
