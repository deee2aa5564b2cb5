// netlens/trace over the protocol on examples/: the same steps, verdicts and locations as `netlens trace --format json`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TraceRequest, type TraceResultJson } from '../../server/src/protocol.ts';
import { Harness, ROOT } from './harness.ts';

const EXAMPLES = path.join(ROOT, 'examples');
let h: Harness;

before(async () => {
  h = await Harness.start({ folders: [pathToFileURL(EXAMPLES).href] });
});
after(async () => {
  await h.stop();
});

const trace = async (url: string): Promise<TraceResultJson> => (await h.conn.sendRequest(TraceRequest.method, { url })) as TraceResultJson;

interface CliStep { kind: string; text: string; ok: boolean; file: string | null; range: { start: { line: number; character: number }; end: { line: number; character: number } } | null }
interface CliTrace { url: string; paths: { entry: string; reaches: boolean; undecided?: boolean; steps: CliStep[] }[]; notes: string[] }

function cli(url: string): CliTrace {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'trace', url, '--format', 'json', '.'], { cwd: EXAMPLES, encoding: 'utf8' });
  return JSON.parse(r.stdout) as CliTrace;
}

test('a routed URL: the editor gets the CLI steps, with the deciding YAML as locations (policy blocks the gateway)', async () => {
  const url = 'https://shop.example.net/';
  const r = await trace(url);
  assert.equal(r.error, undefined);
  const c = cli(url);
  assert.equal(r.url, c.url);
  assert.deepEqual(r.notes, c.notes);
  assert.deepEqual(
    r.paths.map((p) => ({ entry: p.entry, reaches: p.reaches, undecided: p.undecided ?? false, steps: p.steps.map((s) => [s.kind, s.text, s.ok, s.location ? path.relative(EXAMPLES, new URL(s.location.uri).pathname) : null, s.location?.range ?? null]) })),
    c.paths.map((p) => ({ entry: p.entry, reaches: p.reaches, undecided: p.undecided ?? false, steps: p.steps.map((s) => [s.kind, s.text, s.ok, s.file, s.range]) })),
  );
  // What the example shows: listener, route and rule found; the shop's policies stop Envoy Gateway at the pods.
  const [only] = r.paths;
  assert.equal(r.paths.length, 1);
  assert.equal(only!.entry, 'Gateway gateway/edge');
  assert.equal(only!.reaches, false);
  assert.deepEqual(only!.steps.map((s) => [s.kind, s.ok]), [['address', true], ['listener', true], ['route', true], ['rule', true], ['service', true], ['pods', true], ['policy', false]]);
  const route = only!.steps.find((s) => s.kind === 'route')!;
  assert.ok(route.location!.uri.endsWith('/examples/gateway/routes.yaml'), route.location!.uri);
  assert.deepEqual(route.location!.range.start, { line: 7, character: 8 });
});

test('a host nothing serves: no paths, and a note that says why', async () => {
  const r = await trace('https://nope.example.org/');
  assert.equal(r.error, undefined);
  assert.deepEqual(r.paths, []);
  assert.deepEqual(r.notes, ['No HTTPS listener on port 443 of a Gateway in the workspace, and no Ingress or IngressRoute, serves nope.example.org.']);
});

test('not a URL, another scheme, or nothing at all: an error instead of a trace', async () => {
  assert.equal((await trace('ftp://files.example.net/')).error, 'only http and https URLs can be traced, not ftp');
  assert.match((await trace('http://[::1')).error ?? '', /^"http:\/\/\[::1" is not a URL/);
  assert.equal((await trace('   ')).error, 'a URL is required (example: https://app.example.com/api)');
});
