// netlens/gitRefs and netlens/connectivityDiff over stdio: the base read through git, the working side the live
// workspace (an unsaved edit counts), the diff drawn (opened green, closed red dashed) with rule links.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectivityDiffResult, GitRefsResult } from '../../server/src/protocol.ts';
import { makeDiffRepo } from '../cli/diff-repo.ts';
import { Harness, waitFor } from './harness.ts';

const repo = makeDiffRepo();
const root = fs.realpathSync(repo.dir);
const uri = (p: string) => pathToFileURL(path.join(root, p)).href;
let h: Harness;
before(async () => {
  h = await Harness.start({ folders: [pathToFileURL(root).href] });
  await waitFor(() => (h.logs.some((l) => /Indexed \d+ YAML files/.test(l.message)) ? true : undefined), 'the index scan');
});
after(async () => {
  await h.stop();
  fs.rmSync(repo.dir, { recursive: true, force: true });
});

const compare = (base: string, from?: string) => h.conn.sendRequest('netlens/connectivityDiff', { base, uri: from }) as Promise<ConnectivityDiffResult>;

test('gitRefs: HEAD, the branch and the tag', async () => {
  const r = (await h.conn.sendRequest('netlens/gitRefs', {})) as GitRefsResult;
  assert.equal(r.error, undefined);
  assert.deepEqual(
    r.refs.map((x) => [x.name, x.kind]),
    [
      ['HEAD', 'head'],
      ['main', 'branch'],
      ['v1', 'tag'],
    ],
  );
  assert.match(r.refs[0]?.description ?? '', /^[0-9a-f]{7,} c4$/);
});

test('against HEAD: the kustomization edit on disk opens prometheus -> db, drawn green with its rule', async () => {
  const r = await compare('HEAD');
  assert.equal(r.error, undefined);
  assert.deepEqual(
    r.flows.map((f) => [f.status, f.source, f.destination, f.port, f.protocol, f.allowedBy.map((x) => [x.policy, x.side, x.location?.uri, x.location?.range.start.line])]),
    [['added', 'monitoring/prometheus', 'shop/db', '9187', 'TCP', [['shop/allow-scrape', 'head', uri('scrape/allow-scrape.yaml'), 9]]]],
  );
  const edge = r.flows[0]?.edge ?? '';
  assert.equal(r.edgeStatus[edge], 'added');
  assert.match(r.mermaid, new RegExp(`linkStyle ${edge.slice(1)} stroke:#2da44e`));
});

test('an unsaved edit counts: the scrape port changed in the editor, not on disk, is what opens', async () => {
  const file = 'scrape/allow-scrape.yaml';
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  await h.open(uri(file), text.replace('port: metrics', 'port: 9999'));
  const r = await compare('HEAD', uri(file));
  assert.deepEqual(
    r.flows.map((f) => [f.status, f.source, f.destination, f.port]),
    [['added', 'monitoring/prometheus', 'shop/db', '9999']],
  );
  await h.close(uri(file));
});

test('a closed flow is drawn red dashed and links to the rules as they were at the base', async () => {
  const r = await compare('HEAD~2');
  const closed = r.flows.filter((f) => f.status === 'removed');
  assert.deepEqual(
    closed.map((f) => [f.source, f.destination, f.port, f.allowedBy.map((x) => [x.policy, x.side, x.basePath, x.location?.range.start.line]), f.deniedBy.map((x) => x.policy)]),
    [
      [
        'shop/web',
        'shop/api',
        '9000',
        [
          ['shop/api-from-web', 'base', 'shop/policies.yaml', 41],
          ['shop/web-to-api', 'base', 'shop/policies.yaml', 26],
        ],
        ['shop/default-deny'],
      ],
    ],
  );
  const edge = closed[0]?.edge ?? '';
  assert.equal(r.edgeStatus[edge], 'removed');
  assert.match(r.mermaid, new RegExp(`linkStyle ${edge.slice(1)} stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4`));
  // Unchanged rule-decided flows stay, greyed (the DNS flows over UDP).
  assert.ok(Object.values(r.edgeStatus).includes('unchanged'));
  assert.deepEqual(r.findings.map((f) => [f.status, f.code, f.where]), [['removed', 'dns-tcp-blocked', 'shop/policies.yaml:15']]);
});

test('findings of workspace rules are judged on both sides: an edit that blocks DNS over TCP is a new problem', async () => {
  const file = 'shop/policies.yaml';
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  await h.open(uri(file), text.replace('        - port: 53\n          protocol: TCP\n', ''));
  const r = await compare('HEAD', uri(file));
  assert.deepEqual(
    r.findings.map((f) => [f.status, f.code, f.where]),
    [['added', 'dns-tcp-blocked', 'shop/policies.yaml:15']],
  );
  assert.deepEqual(
    r.flows.filter((f) => f.status === 'removed').map((f) => [f.source, f.destination, f.port, f.protocol]),
    [
      ['shop/api', 'kube-system/kube-dns', '53', 'TCP'],
      ['shop/db', 'kube-system/kube-dns', '53', 'TCP'],
      ['shop/web', 'kube-system/kube-dns', '53', 'TCP'],
    ],
  );
  await h.close(uri(file));
});

test('an unknown revision is an error message, not a failure', async () => {
  const r = await compare('no-such-ref');
  assert.match(r.error ?? '', /unknown revision 'no-such-ref'/);
  assert.deepEqual(r.flows, []);
});
