// "NetLens: Trace a URL" through its command (with the URL as argument, no input box): the steps and their YAML.
/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { netlens, open } from './util';

interface Step { kind: string; text: string; ok: boolean; location?: { uri: string; range: { start: { line: number; character: number } } } }
interface Trace { url: string; paths: { entry: string; reaches: boolean; steps: Step[] }[]; notes: string[]; error?: string }

suite('trace a URL', () => {
  suiteSetup(async () => {
    await netlens();
    await open('kustomization.yaml');
  });

  test('the site route lacks its leading "/": the listener takes the request, no route serves it (404)', async () => {
    const t = await vscode.commands.executeCommand<Trace | undefined>('netlens.traceUrl', 'http://site.example/shop');
    assert.ok(t && !t.error, `a trace: ${JSON.stringify(t)}`);
    assert.equal(t.paths.length, 1);
    const [p] = t.paths;
    assert.equal(p!.entry, 'Gateway edge/edge');
    assert.equal(p!.reaches, false);
    assert.deepEqual(p!.steps.map((s) => [s.kind, s.ok]), [['address', true], ['listener', true], ['route', false]]);
    assert.match(p!.steps[2]!.text, /no route attached to this listener serves site\.example\/shop: the Gateway answers 404/);
    const listener = p!.steps[1]!.location;
    assert.ok(listener?.uri.endsWith('/gateway/gateway.yaml'), JSON.stringify(listener));
    assert.deepEqual(listener!.range.start, { line: 9, character: 12 });
  });

  test('an ftp URL is refused with the reason', async () => {
    const t = await vscode.commands.executeCommand<Trace | undefined>('netlens.traceUrl', 'ftp://site.example/');
    assert.equal(t?.error, 'only http and https URLs can be traced, not ftp');
  });
});
