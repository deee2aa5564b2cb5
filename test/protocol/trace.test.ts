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

interface CliStep { kind: string; text: string; ok: boolean; condition?: string; file: string | null; range: { start: { line: number; character: number }; end: { line: number; character: number } } | null }
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
    r.paths.map((p) => ({ entry: p.entry, reaches: p.reaches, undecided: p.undecided ?? false, steps: p.steps.map((s) => [s.kind, s.text, s.ok, s.condition ?? null, s.location ? path.relative(EXAMPLES, new URL(s.location.uri).pathname) : null, s.location?.range ?? null]) })),
    c.paths.map((p) => ({ entry: p.entry, reaches: p.reaches, undecided: p.undecided ?? false, steps: p.steps.map((s) => [s.kind, s.text, s.ok, s.condition ?? null, s.file, s.range]) })),
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

test('a conditional path (a header match that would win) carries its condition to the editor, as in the CLI JSON', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-trace-')));
  const route = (name: string, host: string, prefix: string, header: string, svc: string): string =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: infra}\nspec:\n  parentRefs: [{name: gw}]\n  hostnames: ["${host}"]\n  rules:\n  - matches: [{path: {type: PathPrefix, value: ${prefix}}}, {headers: [{name: version, value: ${header}}]}]\n    backendRefs: [{name: ${svc}, port: 8080}]\n`;
  fs.writeFileSync(path.join(dir, 'gw.yaml'), 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n  gatewayClassName: envoy\n  listeners: [{name: http, protocol: HTTP, port: 80}]\n');
  fs.writeFileSync(path.join(dir, 'routes.yaml'), `${route('part1', 'example.com', '/', 'one', 'v1')}---\n${route('part2', 'example.com', '/v2', 'two', 'v2')}`);
  const own = await Harness.start({ folders: [pathToFileURL(dir).href] });
  try {
    const r = (await own.conn.sendRequest(TraceRequest.method, { url: 'http://example.com/' })) as TraceResultJson;
    const c = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'trace', 'http://example.com/', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' }).stdout) as CliTrace;
    const conditional = r.paths.flatMap((p) => p.steps).filter((s) => s.condition !== undefined);
    assert.deepEqual(conditional.map((s) => [s.kind, s.condition, s.location?.range.start.line]), [['rule', 'header version: two', 17]]);
    assert.deepEqual(conditional.map((s) => s.text), c.paths.flatMap((p) => p.steps).filter((s) => s.condition !== undefined).map((s) => s.text));
  } finally {
    await own.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('multi-root: the asked folder answers when it serves the URL; when it serves nothing, the other roots are asked', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-trace-roots-')));
  fs.writeFileSync(path.join(dir, 'app.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: tools}\n');
  const two = await Harness.start({ folders: [pathToFileURL(dir).href, pathToFileURL(EXAMPLES).href] });
  try {
    const ask = async (url: string, uri: string): Promise<TraceResultJson> => (await two.conn.sendRequest(TraceRequest.method, { url, uri })) as TraceResultJson;
    // The active file is in the root without a Gateway: the example's Gateway still answers.
    const other = await ask('https://shop.example.net/', pathToFileURL(path.join(dir, 'app.yaml')).href);
    assert.deepEqual(other.paths.map((p) => p.entry), ['Gateway gateway/edge']);
    assert.ok(other.paths[0]!.steps.find((s) => s.kind === 'route')!.location!.uri.endsWith('/examples/gateway/routes.yaml'));
    // Served nowhere: the asked folder's own note.
    assert.deepEqual((await ask('https://nope.example.org/', pathToFileURL(path.join(dir, 'app.yaml')).href)).paths, []);
    // Asked from the examples root itself: the same answer as a single-root workspace.
    assert.deepEqual((await ask('https://shop.example.net/', pathToFileURL(path.join(EXAMPLES, 'gateway', 'routes.yaml')).href)).paths, other.paths);
    assert.match((await ask('ftp://x/', pathToFileURL(path.join(dir, 'app.yaml')).href)).error ?? '', /only http and https/);
  } finally {
    await two.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
