// The yaml library prints its own warnings (process.emitWarning) when a map with a collection as key is read into
// JSON; a language server's stderr is shown as a fault, and the fuzzer (seed 14) failed on it. Parsing sets the
// library's log level so reading such a document (the fingerprint, kustomize patch merges) prints nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, DEFAULT_OPTIONS, fingerprint, keyAt, parseFile } from '../../../server/src/core/index.ts';

const TEXT = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: odd', 'data:', '  ? [a, b]', '  : value', '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  selector:', '    matchLabels: {app: web}', '  template:', '    metadata:', '      labels:', '        ? {app: web}', '        : x', ''].join('\n');

test('a collection used as a map key is read without the library printing a warning', () => {
  const printed: unknown[] = [];
  const emit = process.emitWarning;
  const warn = console.warn;
  process.emitWarning = ((w: unknown) => void printed.push(w)) as typeof process.emitWarning;
  console.warn = (...a: unknown[]) => void printed.push(a);
  try {
    const file = parseFile('file:///w/odd.yaml', TEXT, DEFAULT_OPTIONS);
    assert.equal(file.objects.length, 2);
    const print = fingerprint(file, DEFAULT_OPTIONS);
    assert.equal(print.objects.length, 2);
    // The ConfigMap is keyed by its data, the collection key stringified as the library reads it.
    assert.match(keyAt(print, 0)?.key ?? '', /"data":\{"\[ a, b \]":"value"\}/);
    assert.match(keyAt(print, 1)?.key ?? '', /Deployment/);
    checkFile(file, DEFAULT_OPTIONS);
  } finally {
    process.emitWarning = emit;
    console.warn = warn;
  }
  assert.deepEqual(printed, []);
});
