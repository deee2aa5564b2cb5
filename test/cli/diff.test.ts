// `netlens diff --base REF`: exact JSON on a temporary git repository (opened and closed flows, a renamed file,
// a kustomization change), the golden PR-comment Markdown, exit codes, and the checkout left untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeDiffRepo } from './diff-repo.ts';
import { removeCopy, runCli } from './helpers.ts';

const loc = (file: string, l1: number, c1: number, l2: number, c2: number) => ({ file, range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } } });
const rule = (policy: string, direction: string, ruleIndex: number, location: ReturnType<typeof loc>) => ({ policy, direction, ruleIndex, location });
const flow = (source: string, destination: string, port: string, protocol: string, allowedBy: ReturnType<typeof rule>[]) => ({ source, destination, port, protocol, allowedBy });

const SCRAPE = flow('monitoring/prometheus', 'shop/db', '9187', 'TCP', [rule('shop/allow-scrape', 'ingress', 0, loc('scrape/allow-scrape.yaml', 9, 6, 14, 23))]);
const DNS_TCP = (from: string) => flow(from, 'kube-system/kube-dns', '53', 'TCP', [rule('shop/default-deny', 'egress', 0, loc('shop/policies.yaml', 8, 6, 17, 23))]);
const CIDR_WARNING =
  '"10.0.0.1/24" has bits set after the /24 prefix, so it is ambiguous; Kubernetes reads it as 10.0.0.0/24 (did you mean 10.0.0.0/24 or the single address 10.0.0.1/32?). Kubernetes 1.36 and later reject it; earlier versions accept it (with a warning since 1.33).';

const repo = makeDiffRepo();
process.on('exit', () => removeCopy(repo.dir));

function diff(...args: string[]) {
  const r = runCli(['diff', ...args], repo.dir);
  return { ...r, json: () => JSON.parse(r.stdout) as unknown };
}

/** Policy-only changes: nothing exposed or hidden from outside (the key is always there). */
const NO_EXPOSURE = { exposed: [], hidden: [] };

test('against the first commit (a tag): flows opened and closed, a new warning, a fixed finding — exact JSON', () => {
  const r = diff('--base', 'v1', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = r.json() as { findings: { added: { message: string }[] } };
  // The warning's message is the engine's; its position, code and severity are asserted exactly.
  const message = out.findings.added[0]?.message ?? '';
  assert.ok(message.endsWith(CIDR_WARNING), message);
  assert.deepEqual(out, {
    base: 'v1',
    added: [
      SCRAPE,
      DNS_TCP('shop/api'),
      flow('shop/api', 'shop/db', '5432', 'TCP', [
        rule('shop/api-to-db', 'egress', 0, loc('shop/db-access.yaml', 9, 6, 13, 20)),
        rule('shop/db-from-api', 'ingress', 0, loc('shop/db-access.yaml', 29, 6, 33, 20)),
      ]),
      flow('shop/api', '10.0.0.1/24', '443', 'TCP', [rule('shop/api-to-db', 'egress', 1, loc('shop/db-access.yaml', 14, 6, 18, 19))]),
      DNS_TCP('shop/db'),
      DNS_TCP('shop/web'),
    ],
    // Closed flows point at the rules as they were at the base (the file's path and lines of v1).
    removed: [
      flow('shop/web', 'shop/api', '9000', 'TCP', [
        rule('shop/api-from-web', 'ingress', 0, loc('shop/policies.yaml', 41, 6, 45, 20)),
        rule('shop/web-to-api', 'egress', 0, loc('shop/policies.yaml', 26, 6, 30, 20)),
      ]),
    ],
    exposure: NO_EXPOSURE,
    findings: {
      added: [{ ...loc('shop/db-access.yaml', 16, 18, 16, 29), severity: 'warning', code: 'cidr-host-bits', message }],
      removed: [
        {
          ...loc('shop/policies.yaml', 14, 10, 15, 23),
          severity: 'information',
          code: 'dns-tcp-blocked',
          message:
            'DNS is allowed on UDP 53 but not on TCP 53 for api, db, web: answers too large for UDP are retried over TCP, and some resolvers use TCP only, so those lookups will fail. Allow TCP 53 to the DNS pods too.',
        },
      ],
    },
  });
});

test('across a renamed file only the kustomization change shows: the moved file’s warning is not removed and re-added', () => {
  const r = diff('--base', repo.commits[2] as string, '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.json(), { base: repo.commits[2], added: [SCRAPE], removed: [], exposure: NO_EXPOSURE, findings: { added: [], removed: [] } });
});

test('a branch as the base, and the kustomization change alone: the policy moved from staging into shop', () => {
  repo.git('branch', '-f', 'reviewed', 'HEAD');
  const r = diff('--base', 'reviewed', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.json(), { base: 'reviewed', added: [SCRAPE], removed: [], exposure: NO_EXPOSURE, findings: { added: [], removed: [] } });
});

test('a commit that only closed a flow (c3 against c2, through paths): closed flow, fixed finding, DNS over TCP opened', () => {
  // Paths limit both sides alike: without scrape/ the allow-scrape policy is in neither.
  const r = diff('--base', 'HEAD~2', '--format', 'json', 'shop', 'monitoring', 'namespaces.yaml');
  assert.equal(r.status, 0, r.stderr);
  const out = r.json() as { added: unknown[]; removed: unknown[]; findings: { added: unknown[]; removed: { code: string; file: string }[] } };
  assert.deepEqual(out.added, [DNS_TCP('shop/api'), DNS_TCP('shop/db'), DNS_TCP('shop/web')]);
  assert.equal(out.removed.length, 1);
  assert.deepEqual(out.findings.added, []);
  assert.deepEqual(out.findings.removed.map((f) => [f.code, f.file]), [['dns-tcp-blocked', 'shop/policies.yaml']]);
});

test('Markdown for a pull request comment (golden), with links relative to the cwd', () => {
  const r = diff('--base', 'v1', '--format', 'markdown');
  assert.equal(r.status, 0, r.stderr);
  const golden = path.join(__dirname, 'golden', 'diff.md');
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(golden, r.stdout);
  assert.equal(r.stdout, fs.readFileSync(golden, 'utf8'));
});

test('--head-url/--base-url make the Markdown links point into the hosted repository', () => {
  const r = diff('--base', 'v1', '--format', 'markdown', '--head-url', 'https://github.com/o/r/blob/abc/', '--base-url', 'https://github.com/o/r/blob/v1');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes('[shop/api-to-db (egress rule 0)](https://github.com/o/r/blob/abc/shop/db-access.yaml#L10)'), r.stdout);
  assert.ok(r.stdout.includes('[shop/web-to-api (egress rule 0)](https://github.com/o/r/blob/v1/shop/policies.yaml#L27)'), r.stdout);
});

test('text output: one line per change and a summary', () => {
  const r = diff('--base', 'reviewed');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    'Connectivity against reviewed:\n+ monitoring/prometheus -> shop/db 9187/TCP  (allowed by shop/allow-scrape ingress[0] (scrape/allow-scrape.yaml:10:7))\n\n1 flow opened, 0 flows closed, 0 new problems, 0 problems fixed.\n',
  );
});

test('--fail-on-opened: exit 1 when a flow opens, 0 when none does', () => {
  assert.equal(diff('--base', 'v1', '--fail-on-opened').status, 1);
  const none = diff('--base', 'HEAD', '--fail-on-opened', 'shop');
  assert.equal(none.status, 0, none.stderr);
  assert.match(none.stdout, /no flow opened or closed/);
});

test('usage and git errors exit 2 with the reason; the checkout is never touched', () => {
  const before = [repo.git('rev-parse', 'HEAD'), repo.git('status', '--porcelain'), fs.readFileSync(path.join(repo.dir, 'scrape/kustomization.yaml'), 'utf8')];
  const missing = diff('--format', 'json');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--base REF is required/);
  const unknown = diff('--base', 'no-such-branch');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^netlens diff: unknown revision 'no-such-branch'/);
  const option = diff('--base', '--output=x');
  assert.equal(option.status, 2);
  assert.deepEqual([repo.git('rev-parse', 'HEAD'), repo.git('status', '--porcelain'), fs.readFileSync(path.join(repo.dir, 'scrape/kustomization.yaml'), 'utf8')], before);
  assert.equal(before[1], 'M scrape/kustomization.yaml');
});
