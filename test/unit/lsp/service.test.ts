// The service: finding sources of other features join a document's findings; a failing source is logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_OPTIONS, parseFile, type Finding } from '../../../server/src/core/index.ts';
import { Service } from '../../../server/src/lsp/service.ts';
import type { Analysis } from '../../../server/src/lsp/workspace.ts';

function stubService(errors: string[]): Service {
  const connection = {
    console: { error: (m: string) => void errors.push(m), log: () => undefined },
    sendNotification: () => Promise.resolve(),
  } as unknown as Connection;
  return new Service(connection, { extensionRoot: '/x' });
}

const finding = (code: string, start: number): Finding => ({ uri: 'file:///a.yaml', span: { start, end: start + 1 }, code, severity: 'warning', message: code });

test("findings(): own findings plus sources, sorted by position; a throwing source is logged and skipped", async () => {
  const errors: string[] = [];
  const service = stubService(errors);
  const file = parseFile('file:///a.yaml', 'a: 1\nb: 2\n', DEFAULT_OPTIONS);
  const analysis: Analysis = { uri: file.uri, version: 1, file, findings: [finding('own', 5)], options: DEFAULT_OPTIONS };
  assert.equal(await service.findings(analysis), analysis.findings, 'no sources: the cached array itself');

  const sub = service.addFindingSource(() => [finding('workspace', 0)]);
  service.addFindingSource(() => {
    throw new Error('boom');
  });
  assert.deepEqual((await service.findings(analysis)).map((f) => f.code), ['workspace', 'own']);
  assert.equal(errors.length, 1);
  assert.match(errors[0] ?? '', /finding source failed: Error: boom/);

  sub.dispose();
  assert.deepEqual((await service.findings(analysis)).map((f) => f.code), ['own']);
});

test('revalidateAll() bumps the generation and notifies listeners', () => {
  const service = stubService([]);
  let fired = 0;
  service.onDidRequestRevalidation(() => void fired++);
  const g = service.generation;
  service.revalidateAll();
  assert.equal(service.generation, g + 1);
  assert.equal(fired, 1);
});
