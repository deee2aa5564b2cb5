// Panel <-> webview messages: each side accepts only well-formed messages of known kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWebview, parseToWebview } from '../../../client/src/preview/messages.ts';
import { contentSecurityPolicy, makeNonce, previewHtml } from '../../../client/src/preview/html.ts';

test('from the webview: known kinds with valid fields pass, everything else is dropped', () => {
  assert.deepEqual(parseFromWebview({ kind: 'ready' }), { kind: 'ready' });
  assert.deepEqual(parseFromWebview({ kind: 'reveal', target: 'node', id: 'w_pod__a__b' }), { kind: 'reveal', target: 'node', id: 'w_pod__a__b' });
  assert.deepEqual(parseFromWebview({ kind: 'setOptions', options: { scope: 'file', namespaces: ['a'] } }), { kind: 'setOptions', options: { scope: 'file', namespaces: ['a'] } });
  assert.deepEqual(parseFromWebview({ kind: 'copyMermaid', extra: 1 }), { kind: 'copyMermaid' });
  for (const bad of [
    null,
    'ready',
    { kind: 'eval', code: '1' },
    { kind: 'reveal', target: 'node', id: '../../etc/passwd' },
    { kind: 'reveal', target: 'file', id: 'x' },
    { kind: 'setOptions', options: { scope: 'everything' } },
    { kind: 'setOptions', options: { namespaces: [1] } },
    { kind: 'svg', svg: 42 },
  ]) {
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(parseFromWebview({ kind: 'renderError', message: 'x'.repeat(5000) })?.kind, 'renderError');
});

test('to the webview: updates need every field; unknown kinds are dropped', () => {
  const update = { kind: 'update', seq: 1, mermaid: 'flowchart LR\n', nodes: [], edges: [], collapsed: false, options: {}, namespaces: [], counts: { arrows: {} } };
  assert.equal(parseToWebview(update)?.kind, 'update');
  assert.equal(parseToWebview({ ...update, mermaid: 1 }), undefined);
  assert.equal(parseToWebview({ ...update, namespaces: [1] }), undefined);
  assert.equal(parseToWebview({ ...update, counts: {} }), undefined, 'counts without the arrows split');
  assert.equal(parseToWebview({ kind: 'navigate', url: 'https://example.invalid' }), undefined);
  assert.deepEqual(parseToWebview({ kind: 'error', message: 'm' }), { kind: 'error', message: 'm' });
});

test('the HTML shell: nonce-only scripts, no remote sources, a fresh nonce each time', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.equal(Buffer.from(a, 'base64').length, 16);
  assert.equal(contentSecurityPolicy('vscode-resource:', 'N'), "default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource: 'unsafe-inline'; font-src vscode-resource:; script-src 'nonce-N'");
  const html = previewHtml({ cspSource: 'vscode-resource:', asWebviewUri: (u) => u }, 'vscode-resource:/dist/preview.js', 'vscode-resource:/media/preview.css', 'N"<');
  assert.ok(html.includes('<script nonce="N&quot;&lt;" src="vscode-resource:/dist/preview.js"></script>'));
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!/https?:/.test(html));
});
