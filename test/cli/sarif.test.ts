// --format sarif: valid against the official SARIF 2.1.0 JSON schema (from @microsoft/jest-sarif), every rule
// in tool.driver, repository-relative locations, fingerprints, and inline exceptions as suppressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { ALL_RULES } from '../../server/src/core/index.ts';
import { REPO, removeCopy, runCli } from './helpers.ts';

const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// unicodeRegExp off: the schema's `language` pattern is not a valid Unicode-mode regular expression.
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: shop
spec:
  podSelector: {}
  ingress:
  - from:
    # netlens-disable-next-line cidr-host-bits -- vendor-documented range
    - ipBlock: {cidr: 10.0.0.1/8}
    - ipBlock: {cidr: 192.168.1.1/16}
`;

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification?: string }[];
}

test('check --format sarif validates against the SARIF 2.1.0 schema and carries rules, regions and suppressions', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-sarif-'));
  t.after(() => removeCopy(dir));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'deploy', 'net'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'deploy', 'net', 'policy.yaml'), POLICY);
  // Run from a subfolder: uris stay relative to the repository root (the folder holding .git).
  const r = runCli(['check', '--format', 'sarif', 'net'], path.join(dir, 'deploy'));
  assert.equal(r.status, 0, r.stderr);
  const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string; helpUri: string; help: { markdown: string } }[] } }; results: SarifResult[] }[] };
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0]!;
  assert.deepEqual(run.tool.driver.rules.map((x) => x.id), ALL_RULES.map((x) => x.code));
  const hostBits = run.tool.driver.rules.find((x) => x.id === 'cidr-host-bits')!;
  assert.equal(hostBits.helpUri, 'https://example.invalid/netlens/blob/main/docs/rules/cidr-host-bits.md');
  assert.match(hostBits.help.markdown, /^# cidr-host-bits\n/);
  assert.deepEqual(
    run.results.map((x) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region, x.suppressions ?? null]),
    [
      ['cidr-host-bits', 'warning', 'deploy/net/policy.yaml', { startLine: 12, startColumn: 23, endLine: 12, endColumn: 37 }, null],
      ['cidr-host-bits', 'warning', 'deploy/net/policy.yaml', { startLine: 11, startColumn: 23, endLine: 11, endColumn: 33 }, [{ kind: 'inSource', status: 'accepted', justification: 'vendor-documented range' }]],
    ],
  );
  for (const x of run.results) {
    assert.equal(run.tool.driver.rules[x.ruleIndex]?.id, x.ruleId);
    assert.match(x.partialFingerprints['netlensFinding/v1'] ?? '', /^[0-9a-f]{32}:1$/);
  }
});

test('the schema check is not vacuous: a result without a message is rejected', () => {
  const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a' }] }] };
  assert.equal(validate(bad), false);
});
