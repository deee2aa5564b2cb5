// `netlens matrix`: rows (Source, Destination, Port, Protocol, Allowed by) as markdown, csv and json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, removeCopy, runCli } from './helpers.ts';

test('matrix: markdown table of every flow a rule allows, then the open workloads', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const r = runCli(['matrix', 'topology'], dir);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Source') && !l.startsWith('| ---'));
  assert.deepEqual(rows, [
    '| brokkr/brokkr-agent | brokkr/brokkr-broker | 3000 | TCP | brokkr/brokkr-agent (egress), brokkr/brokkr-broker (ingress) |',
    '| brokkr/brokkr-agent | internet (0.0.0.0/0) | 6443 | TCP | brokkr/brokkr-agent (egress) |',
    '| brokkr/brokkr-agent | internet (0.0.0.0/0) except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 | 6443 | TCP | brokkr/brokkr-agent (egress) |',
    '| brokkr/brokkr-broker | brokkr/postgresql | 5432 | TCP | brokkr/brokkr-broker (egress), brokkr/postgresql (ingress) |',
    '| brokkr/brokkr-broker | kube-system/kube-dns | 53 | UDP | brokkr/brokkr-broker (egress) |',
    '| brokkr/brokkr-broker | internet (0.0.0.0/0) except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 | 443 | TCP | brokkr/brokkr-broker (egress) |',
    // The monitoring rule names the port `http`: resolved against the broker's container port 3000.
    '| ingress-nginx/ingress-nginx-controller | brokkr/brokkr-broker | 3000 | TCP | brokkr/brokkr-broker (ingress) |',
    '| monitoring/prometheus | brokkr/brokkr-broker | 3000 | TCP | brokkr/brokkr-broker (ingress) |',
  ]);
  assert.match(r.stdout, /Not isolated by any NetworkPolicy .*: `ingress-nginx\/ingress-nginx-controller`, `monitoring\/prometheus`\.\n$/);
});

test('matrix --format csv and json', (t) => {
  const dir = fixtureCopy('topology');
  t.after(() => removeCopy(dir));
  const csv = runCli(['matrix', '--format', 'csv', '--no-externals', 'topology'], dir);
  assert.equal(csv.status, 0, csv.stderr);
  assert.deepEqual(csv.stdout.split('\r\n'), [
    'Source,Destination,Port,Protocol,Allowed by',
    'brokkr/brokkr-agent,brokkr/brokkr-broker,3000,TCP,"brokkr/brokkr-agent (egress), brokkr/brokkr-broker (ingress)"',
    'brokkr/brokkr-broker,brokkr/postgresql,5432,TCP,"brokkr/brokkr-broker (egress), brokkr/postgresql (ingress)"',
    'ingress-nginx/ingress-nginx-controller,brokkr/brokkr-broker,3000,TCP,brokkr/brokkr-broker (ingress)',
    'monitoring/prometheus,brokkr/brokkr-broker,3000,TCP,brokkr/brokkr-broker (ingress)',
    '',
  ]);
  const json = runCli(['matrix', '--format', 'json', '--no-externals', 'topology'], dir);
  const m = JSON.parse(json.stdout) as { rows: { source: string; port: string; allowedBy: { policy: string; location: { file: string; range: { start: { line: number } } } | null }[] }[]; openWorkloads: string[] };
  assert.equal(m.rows.length, 4);
  // The monitoring rule (ingress[2]) starts on line 31, `- from:`.
  assert.deepEqual(m.rows[3]?.allowedBy.map((a) => [a.policy, a.location?.file, a.location?.range.start.line]), [['brokkr/brokkr-broker', 'topology/brokkr/policies.yaml', 30]]);
  assert.deepEqual(m.openWorkloads, ['ingress-nginx/ingress-nginx-controller', 'monitoring/prometheus']);
});
