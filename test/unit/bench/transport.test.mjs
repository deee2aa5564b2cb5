// The benchmark's LSP client drives the real server (dist/server.js) over stdio and over Node IPC, as NetLens's
// own client starts it: the same folder gives the same diagnostics and hover either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SMALL, SMALL_HOVER_AT } from '../../../bench/hostile-inputs.mjs';
import { fileUri, mixedFolder, startNetLens } from '../../../bench/lsp/servers.mjs';

/** A small policy file beside SMALL whose podSelector selects nothing: one finding to compare. */
const LONELY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: lonely\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: nobody}\n  policyTypes: [Ingress]\n';

async function session(transport) {
  const ws = mixedFolder(0, { 'small.yaml': SMALL, 'lonely.yaml': LONELY });
  const server = await startNetLens([ws.dir], {}, [], transport);
  try {
    assert.equal(typeof server.child.send === 'function', transport === 'ipc', `${transport}: the child has an IPC channel only over IPC`);
    const small = fileUri(ws.dir, 'small.yaml');
    const lonely = fileUri(ws.dir, 'lonely.yaml');
    await server.open(small, SMALL);
    await server.open(lonely, LONELY);
    // As bench/hostile.mjs waits: a pull before the folder's index is read answers from the open documents alone.
    for (let i = 0; i < 500 && (await server.request('netlens/indexStats', {}))?.ready !== true; i++) await new Promise((r) => setTimeout(r, 10));
    const diagnostics = (await server.diagnostics(lonely)).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`);
    // Polled: the first hovers may come before the folder's index (they then say so); the answer settles.
    let hover;
    for (let i = 0; i < 200 && !/selects 1 workload/.test(hover?.contents?.value ?? ''); i++) {
      hover = await server.hover(small, SMALL_HOVER_AT);
      if (!/selects 1 workload/.test(hover?.contents?.value ?? '')) await new Promise((r) => setTimeout(r, 10));
    }
    // The link into small.yaml names the session's own temporary folder.
    return { diagnostics, hover: hover?.contents?.value?.split(ws.dir).join('<folder>') };
  } finally {
    await server.stop();
  }
}

test('the bench client gets the same answers from the server over stdio and over Node IPC', async () => {
  const stdio = await session('stdio');
  const ipc = await session('ipc');
  assert.deepEqual(stdio.diagnostics, ['policy-selects-nothing 7:4']);
  assert.deepEqual(ipc, stdio);
  assert.match(ipc.hover ?? '', /^\*\*podSelector\*\* selects 1 workload in `shop`: Deployment \[`api`\]\(file:\/\/<folder>\/small\.yaml#L4,9\)/);
});
