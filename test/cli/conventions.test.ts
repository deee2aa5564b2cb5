// Conventions in CI: settings from .vscode/settings.json or --config, --rule, inline exceptions,
// --no-inline-config, --format github (exact output), --max-warnings and the exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPS, APPS_EXCEPTED } from '../fixtures/conventions.ts';
import { removeCopy, runCli, tempRepo as repo } from './helpers.ts';

const BOTH = '{ "netlens.conventions.requireDefaultDeny": "both", "netlens.rules": { "missing-default-deny": "error" } }';
const MESSAGE =
  'Namespace shop has workloads but no default-deny policy for ingress and egress, which the team convention requires (netlens.conventions.requireDefaultDeny: "both"). Add a policy selecting every pod (podSelector: {}) with policyTypes [Ingress, Egress] and no rules. (reported on the namespace\'s first policy)';

test('requireDefaultDeny "both" from .vscode/settings.json: missing-default-deny as an error, exit 1', (t) => {
  const dir = repo({ '.vscode/settings.json': BOTH, 'k8s/apps.yaml': APPS });
  t.after(() => removeCopy(dir));
  const r = runCli(['check', 'k8s'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, `k8s/apps.yaml:20:9  error  ${MESSAGE}  [missing-default-deny]\n\n1 error, 0 warnings in 1 file (1 file checked)\n`);
});

test('# netlens-disable-next-line missing-default-deny -- reason silences it (exit 0); --no-inline-config brings it back', (t) => {
  const text = APPS_EXCEPTED;
  const dir = repo({ '.vscode/settings.json': BOTH, 'k8s/apps.yaml': text });
  t.after(() => removeCopy(dir));
  const r = runCli(['check', 'k8s'], dir);
  assert.equal(r.status, 0, r.stdout);
  assert.equal(r.stdout, 'No problems found (1 file checked)\n');
  const strict = runCli(['check', '--no-inline-config', '--format', 'json', 'k8s'], dir);
  assert.equal(strict.status, 1);
  assert.deepEqual((JSON.parse(strict.stdout) as { findings: { code: string; range: { start: { line: number } } }[] }).findings.map((f) => [f.code, f.range.start.line]), [['missing-default-deny', 20]]);
});

test('--format github: one workflow command per finding, properties and message escaped (exact output)', (t) => {
  const settings = '{ "netlens.conventions.requireDefaultDeny": "both", "netlens.conventions.policyNamePattern": "deny-.*%", "netlens.rules": { "missing-default-deny": "error" } }';
  const dir = repo({ '.vscode/settings.json': settings, 'k8s/a,b.yaml': APPS });
  t.after(() => removeCopy(dir));
  const r = runCli(['check', '--format', 'github', '--rule', 'policy-name-pattern=information', 'k8s'], dir);
  assert.equal(r.status, 1);
  assert.equal(
    r.stdout,
    `::error file=k8s/a%2Cb.yaml,line=20,col=9,endLine=20,endColumn=18,title=NetLens missing-default-deny::${MESSAGE}\n` +
      "::notice file=k8s/a%2Cb.yaml,line=20,col=9,endLine=20,endColumn=18,title=NetLens policy-name-pattern::Policy name 'allow-web' does not match the team's naming convention /deny-.*%25/ (netlens.conventions.policyNamePattern; the whole name must match).\n",
  );
});

test('--rule overrides the settings file; --max-warnings N fails only above N; bad flags exit 2', (t) => {
  const dir = repo({ '.vscode/settings.json': BOTH, 'k8s/apps.yaml': APPS });
  t.after(() => removeCopy(dir));
  assert.equal(runCli(['check', '--rule', 'missing-default-deny=warning', 'k8s'], dir).status, 0);
  assert.equal(runCli(['check', '--rule', 'missing-default-deny=warning', '--max-warnings', '1', 'k8s'], dir).status, 0);
  const over = runCli(['check', '--rule', 'missing-default-deny=warning', '--max-warnings', '0', 'k8s'], dir);
  assert.equal(over.status, 1);
  assert.equal(over.stderr, 'netlens: 1 warnings, more than --max-warnings 0\n');
  assert.equal(runCli(['check', '--rule', 'missing-default-deny=off', 'k8s'], dir).stdout, 'No problems found (1 file checked)\n');
  const bad = runCli(['check', '--rule', 'no-such-rule=error', 'k8s'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown rule code 'no-such-rule'/);
  assert.equal(runCli(['check', '--rule', 'missing-default-deny=fatal', 'k8s'], dir).status, 2);
  assert.equal(runCli(['check', '--max-warnings', 'many', 'k8s'], dir).status, 2);
  assert.equal(runCli(['check', '--config', 'missing.yaml', 'k8s'], dir).status, 2);
});

test('--config FILE: the same keys as YAML (nested) or JSON, used instead of .vscode/settings.json', (t) => {
  const dir = repo({
    '.vscode/settings.json': '{}',
    'netlens.yaml': 'netlens:\n  conventions:\n    requireDefaultDeny: ingress\n  rules:\n    missing-default-deny: error\n',
    'netlens.json': '{ "netlens.conventions.requireDefaultDeny": "egress", // comments are fine\n }',
    'k8s/apps.yaml': APPS,
  });
  t.after(() => removeCopy(dir));
  const y = runCli(['check', '--config', 'netlens.yaml', '--format', 'json', 'k8s'], dir);
  assert.equal(y.status, 1);
  assert.match(y.stdout, /default-deny policy for ingress, which/);
  const j = runCli(['check', '--config', 'netlens.json', '--format', 'json', 'k8s'], dir);
  assert.equal(j.status, 0);
  assert.match(j.stdout, /"severity": "warning",\s+"code": "missing-default-deny",\s+"message": "Namespace shop has workloads but no default-deny policy for egress/);
});

test('netlens config: effective values and their sources (default, settings file, --rule), invalid values listed', (t) => {
  const dir = repo({ '.vscode/settings.json': '{ "netlens.conventions.requireDefaultDeny": "both", "netlens.conventions.requirePorts": "yes", "netlens.rules": { "cidr-host-bits": "error" } }', 'k8s/apps.yaml': APPS });
  t.after(() => removeCopy(dir));
  const r = runCli(['config', '--format', 'json', '--rule', 'missing-default-deny=error', 'k8s'], dir);
  assert.equal(r.status, 0, r.stderr);
  const s = (JSON.parse(r.stdout) as { settings: { file: string; values: Record<string, unknown>; rules: Record<string, unknown>; problems: string[] }[] }).settings[0]!;
  assert.equal(s.file, '.vscode/settings.json');
  assert.deepEqual(s.values['netlens.conventions.requireDefaultDeny'], { value: 'both', source: '.vscode/settings.json' });
  assert.deepEqual(s.values['netlens.conventions.requirePorts'], { value: false, source: "default (.vscode/settings.json's value is invalid)" });
  assert.deepEqual(s.values['netlens.conventions.forbidUnrestrictedEgress'], { value: false, source: 'default' });
  assert.deepEqual(s.rules['cidr-host-bits'], { value: 'error', source: '.vscode/settings.json' });
  assert.deepEqual(s.rules['missing-default-deny'], { value: 'error', source: '--rule' });
  assert.deepEqual(s.rules['invalid-cidr'], { value: 'error', source: 'default' });
  assert.deepEqual(s.problems, ['netlens.conventions.requirePorts must be true or false, not "yes"; it was ignored.']);
  const text = runCli(['config', 'k8s'], dir).stdout;
  assert.match(text, /^Settings for k8s \(from \.vscode\/settings\.json\)\n/);
  assert.match(text, /\nnetlens\.conventions\.requireDefaultDeny +"both" +\.vscode\/settings\.json\n/);
  assert.match(text, /\nIgnored \(invalid\):\n {2}netlens\.conventions\.requirePorts must be true or false/);
});
