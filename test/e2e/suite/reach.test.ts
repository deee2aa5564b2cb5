// "NetLens: Can A reach B?" through its command (with arguments, no quick picks): verdicts and deciding rules.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, open } from './util';

interface RuleRef { policy: string; direction: string; ruleIndex: number; location?: { uri: string; range: { start: { line: number; character: number } } } }
interface Direction { isolated: boolean; allowed: boolean; allowedBy: RuleRef[]; isolatedBy: RuleRef[] }
interface Verdict { allowed: boolean; egress: Direction; ingress: Direction; caveats: string[]; error?: string }

const ask = (from: string, to: string, port: string | number) =>
  vscode.commands.executeCommand<Verdict | undefined>('netlens.canReach', { from, to, port });

suite('can A reach B?', () => {
  suiteSetup(async () => {
    await netlens();
    await open('kustomization.yaml');
  });

  test('frontend -> api on 8080: allowed, by one egress and one ingress rule, linked to their YAML', async () => {
    const v = await ask('shop/frontend', 'shop/api', 8080);
    assert.ok(v && !v.error, `a verdict: ${JSON.stringify(v)}`);
    assert.equal(v.allowed, true);
    assert.equal(v.egress.isolated, true);
    assert.deepEqual(v.egress.allowedBy.map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`), ['shop/allow-frontend-egress egress[0]']);
    assert.deepEqual(v.ingress.allowedBy.map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`), ['shop/allow-frontend-to-api ingress[0]']);
    const loc = v.ingress.allowedBy[0]?.location;
    assert.ok(loc, 'the ingress rule has a location');
    assert.ok(loc.uri.endsWith('/policies/allow-frontend-to-api.yaml'), loc.uri);
    assert.deepEqual(loc.range.start, { line: 12, character: 6 });
    assert.deepEqual(v.egress.isolatedBy.map((r) => r.policy).sort(), ['shop/allow-frontend-egress', 'shop/default-deny']);
  });

  test('api -> db on 5432: denied in both directions by the default-deny', async () => {
    const v = await ask('shop/api', 'shop/db', '5432/TCP');
    assert.ok(v && !v.error, `a verdict: ${JSON.stringify(v)}`);
    assert.equal(v.allowed, false);
    assert.equal(v.egress.allowed, false);
    assert.equal(v.ingress.allowed, false);
    assert.deepEqual(v.ingress.allowedBy, []);
    assert.ok(v.ingress.isolatedBy.some((r) => r.policy === 'shop/default-deny'));
  });

  test('frontend -> api on the wrong port or protocol is denied (ports and protocols are exact)', async () => {
    assert.equal((await ask('shop/frontend', 'shop/api', 8081))?.allowed, false);
    assert.equal((await ask('shop/frontend', 'shop/api', '8080/UDP'))?.allowed, false);
  });

  test('an unknown workload is an error naming close matches, not a verdict', async () => {
    const v = await ask('shop/frontnd', 'shop/api', 8080);
    assert.match(v?.error ?? '', /shop\/frontend/);
  });
});
