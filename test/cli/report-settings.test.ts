// The commands that analyse (reach, graph, matrix, inventory, coverage, trace) take check's settings flags:
// --config FILE and --rule CODE=SEVERITY, with check's errors (exit 2 naming the key and the allowed values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeCopy, runCli, tempRepo } from './helpers.ts';

const APPS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: site, namespace: apps}
spec:
  rules:
  - host: web.example.com
    http: {paths: [{path: /, backend: {serviceName: web, servicePort: 80}}]}
`;

const COMMANDS: [string, string[]][] = [
  ['reach', ['reach', '--from', 'apps/web', '--to', 'apps/web', '--port', '8080']],
  ['graph', ['graph']],
  ['matrix', ['matrix']],
  ['inventory', ['inventory']],
  ['coverage', ['coverage']],
  ['trace', ['trace', 'http://web.example.com/']],
];

test('--rule with an unknown severity or code, and a --config that cannot be read: exit 2 with check\'s message, for every command', (t) => {
  const dir = tempRepo({ 'k8s/apps.yaml': APPS });
  t.after(() => removeCopy(dir));
  for (const [name, args] of [['check', ['check']] as [string, string[]], ...COMMANDS]) {
    const severity = runCli([...args, '--rule', 'missing-default-deny=fatal', 'k8s'], dir);
    assert.deepEqual(
      [severity.status, severity.stdout, severity.stderr],
      [2, '', `netlens ${name}: --rule missing-default-deny: unknown severity 'fatal' (expected error, warning, information, hint or off)\nRun 'netlens help ${name}' for usage.\n`],
      name,
    );
    const code = runCli([...args, '--rule', 'no-such-rule=error', 'k8s'], dir);
    assert.deepEqual([code.status, code.stderr.split('\n')[0]], [2, `netlens ${name}: --rule: unknown rule code 'no-such-rule'`], name);
    const config = runCli([...args, '--config', 'missing.yaml', 'k8s'], dir);
    assert.equal(config.status, 2, name);
    assert.match(config.stderr, new RegExp(`^netlens ${name}: cannot read config .*missing\\.yaml: `), name);
  }
});

test('--config takes effect: with netlens.kubernetesVersion 1.21 the beta Ingress is a way in for trace and inventory', (t) => {
  const dir = tempRepo({ 'k8s/apps.yaml': APPS, 'old.yaml': 'netlens:\n  kubernetesVersion: "1.21"\n' });
  t.after(() => removeCopy(dir));
  const served = runCli(['trace', '--config', 'old.yaml', '--format', 'json', 'http://web.example.com/', 'k8s'], dir);
  assert.equal(served.status, 0, served.stderr);
  assert.deepEqual((JSON.parse(served.stdout) as { paths: { entry: string; reaches: boolean }[] }).paths.map((p) => [p.entry, p.reaches]), [['Ingress apps/site', true]]);
  assert.equal(runCli(['trace', 'http://web.example.com/', 'k8s'], dir).status, 1, 'removed at the default release: nothing serves the host');
  const inventory = (args: string[]) => (JSON.parse(runCli(['inventory', '--format', 'json', ...args, 'k8s'], dir).stdout) as { ingresses: { id: string }[] }).ingresses.map((i) => i.id);
  assert.deepEqual(inventory(['--config', 'old.yaml']), ['apps/site']);
  assert.deepEqual(inventory([]), []);
});

test('settings problems are printed as check prints them; --rule is accepted and help lists the flags', (t) => {
  const dir = tempRepo({ 'k8s/apps.yaml': APPS, 'bad.yaml': 'netlens:\n  conventions:\n    requireDefaultDeny: sometimes\n' });
  t.after(() => removeCopy(dir));
  const check = runCli(['check', '--config', 'bad.yaml', 'k8s'], dir);
  const line = check.stderr.split('\n').find((l) => l.includes('requireDefaultDeny'));
  assert.match(line ?? '', /^netlens: .*bad\.yaml: netlens\.conventions\.requireDefaultDeny must be one of .*, not "sometimes"; it was ignored\.$/);
  for (const [name, args] of COMMANDS) {
    const r = runCli([...args, '--config', 'bad.yaml', '--rule', 'missing-default-deny=off', 'k8s'], dir);
    assert.ok(r.status === 0 || (name === 'trace' && r.status === 1), `${name}: ${r.stderr}`);
    assert.ok(r.stderr.split('\n').includes(line ?? ''), `${name}: ${r.stderr}`);
    assert.match(runCli([name, '--help'], dir).stdout, /\n {2}--config FILE {10}Settings from FILE instead of the nearest \.vscode\/settings\.json/, name);
  }
});
