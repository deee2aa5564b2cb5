// netlens.conventions.* from raw settings: defaults, valid values, and a sentence for each ignored value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONVENTIONS, netlensSectionFromSettingsJson, optionsFromRaw } from '../../../server/src/core/index.ts';

test('defaults: every convention off, the private ranges of RFC 1918 and fc00::/7', () => {
  const o = optionsFromRaw({});
  assert.deepEqual(o.conventions, DEFAULT_CONVENTIONS);
  assert.equal(o.settingsProblems, undefined);
  assert.equal(o.inlineConfig, true);
});

test('dotted settings.json keys become conventions; invalid values are ignored and reported in words', () => {
  const raw = netlensSectionFromSettingsJson({
    'netlens.conventions.requireDefaultDeny': 'both',
    'netlens.conventions.requirePorts': 'yes',
    'netlens.conventions.privateRanges': ['10.0.0.0/8', 'ten'],
    'netlens.conventions.allowedExternalCidrs': [],
    'netlens.conventions.policyNamePattern': '(',
    'netlens.conventions.requiredPolicyLabels': ['team'],
  });
  const o = optionsFromRaw(raw);
  assert.equal(o.conventions.requireDefaultDeny, 'both');
  assert.equal(o.conventions.requirePorts, false);
  assert.deepEqual(o.conventions.privateRanges, ['10.0.0.0/8']);
  assert.deepEqual(o.conventions.allowedExternalCidrs, []);
  assert.equal(o.conventions.policyNamePattern, undefined);
  assert.deepEqual(o.conventions.requiredPolicyLabels, ['team']);
  assert.deepEqual(o.settingsProblems, [
    'netlens.conventions.requirePorts must be true or false, not "yes"; it was ignored.',
    'netlens.conventions.privateRanges: "ten" is not a CIDR (e.g. 203.0.113.0/24); it was ignored.',
    'netlens.conventions.policyNamePattern is not a valid regular expression (Invalid regular expression: /(/u: Unterminated group); it was ignored.',
  ]);
  assert.deepEqual(optionsFromRaw({ conventions: { requireDefaultDeny: 'all' } }).settingsProblems, ['netlens.conventions.requireDefaultDeny must be one of off, ingress, egress, both, not "all"; it was ignored.']);
});
