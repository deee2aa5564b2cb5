// Every registered workspace rule is documented like the file rules: description and a docs/rules/<code>.md page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES, ruleDocPath, WORKSPACE_RULES } from '../../../server/src/core/index.ts';

const root = path.resolve(__dirname, '..', '..', '..');

test('workspace rule codes are kebab-case, unique across both registries, with a description and a doc page', () => {
  const all = [...RULES, ...WORKSPACE_RULES].map((r) => r.code);
  assert.equal(new Set(all).size, all.length);
  assert.deepEqual(WORKSPACE_RULES.map((r) => [r.code, r.defaultSeverity]), [
    ['missing-dns-egress', 'warning'],
    ['dns-tcp-blocked', 'information'],
    ['unknown-named-port', 'warning'],
    ['port-not-exposed', 'information'],
    ['policy-selects-nothing', 'warning'],
    ['peer-selects-nothing', 'information'],
    ['missing-default-deny', 'warning'],
    ['unrestricted-egress', 'warning'],
    ['implicit-policy-types', 'warning'],
    ['rule-without-ports', 'warning'],
    ['all-namespaces-peer', 'warning'],
    ['external-cidr-not-allowed', 'warning'],
    ['unknown-parent', 'information'],
    ['unknown-section', 'warning'],
    ['unknown-parent-port', 'warning'],
    ['route-not-allowed', 'warning'],
    ['hostname-mismatch', 'warning'],
    ['route-kind-conflict', 'warning'],
    ['listener-conflict', 'warning'],
    ['unknown-backend', 'information'],
    ['unknown-backend-port', 'warning'],
    ['invalid-backend-kind', 'warning'],
    ['backend-ref-not-permitted', 'warning'],
    ['certificate-ref-not-permitted', 'warning'],
    ['invalid-certificate-ref', 'warning'],
    ['listener-tls-missing', 'warning'],
    ['unused-reference-grant', 'information'],
    ['duplicate-object', 'information'],
    ['kustomize-not-modelled', 'information'],
    ['not-in-kustomization', 'information'],
    ['fqdn-without-dns-proxy', 'warning'],
    ['gateway-traffic-blocked', 'warning'],
    ['cilium-to-services-selector', 'warning'],
  ]);
  for (const r of WORKSPACE_RULES) {
    assert.match(r.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.code);
    assert.ok(r.description.trim().length > 10, `${r.code} has no description`);
    const md = fs.readFileSync(path.join(root, ruleDocPath(r.code)), 'utf8');
    assert.equal(md.split('\n')[0], `# ${r.code}`);
    for (const section of ['## What it checks', '## Why', '## Example', '## How to fix']) assert.ok(md.includes(section), `${r.code}: no "${section}"`);
  }
});
