// Bench section "realrepo": `netlens check` on a generated kubeflow-sized kustomize repository (110 apps, each a
// base with a Flux-style "_" Namespace, a ConfigMap holding template text, two policies, and dev/prod overlays
// with namespace, namePrefix, commonLabels and a patch: 1,100 YAML files). Wall time, peak RSS, and the count of
// policy-selects-nothing findings, which must be 0 (every policy selects its app once kustomize is applied).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mb, ms, target } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(ROOT, 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.log('dist/cli.js not built (npm run bench builds it)');
  process.exit(0);
}

const APPS = 110;
const deploy = (app) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
spec:
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}, component: server}
    spec:
      containers:
        - name: server
          image: example/${app}:1.0
          ports:
            - {name: http, containerPort: 8080}
`;
const files = {};
for (let i = 0; i < APPS; i++) {
  const app = `app${i}`;
  const base = `apps/${app}/base`;
  files[`${base}/kustomization.yaml`] = 'resources:\n  - namespace.yaml\n  - deploy.yaml\n  - svc.yaml\n  - policies.yaml\n  - config.yaml\n';
  files[`${base}/namespace.yaml`] = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: _\n';
  files[`${base}/deploy.yaml`] = deploy(app);
  files[`${base}/svc.yaml`] = `apiVersion: v1\nkind: Service\nmetadata:\n  name: server\nspec:\n  selector: {app: ${app}}\n  ports:\n    - {port: 80, targetPort: http}\n`;
  files[`${base}/policies.yaml`] =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n---\n' +
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: server\nspec:\n  podSelector:\n    matchLabels: {app: ${app}}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: ${app}}\n      ports:\n        - port: http\n        - port: metrics\n`;
  files[`${base}/config.yaml`] = `# rendered upstream; never put {{ .Values }} here\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-templates\ndata:\n  page.tmpl: |\n    {{ define "page" }}{{ .Title }}{{ end }}\n`;
  for (const env of ['dev', 'prod']) {
    const dir = `apps/${app}/overlays/${env}`;
    files[`${dir}/kustomization.yaml`] = `namespace: ${app}-${env}\nnamePrefix: ${env}-\ncommonLabels:\n  env: ${env}\nresources:\n  - ../../base\npatches:\n  - path: metrics.yaml\n`;
    files[`${dir}/metrics.yaml`] = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: server\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          ports:\n            - {name: metrics, containerPort: 9090}\n';
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-bench-realrepo-'));
const dir = path.join(tmp, 'repo');
for (const [rel, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}
fs.mkdirSync(path.join(dir, '.git'));
const preload = path.join(os.tmpdir(), `netlens-bench-maxrss-${process.pid}.cjs`);
fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write('\\nmaxRSS=' + process.resourceUsage().maxRSS + '\\n'));\n");
const t0 = performance.now();
const r = spawnSync(process.execPath, ['--require', preload, cli, 'check', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
const wall = performance.now() - t0;
const rss = Number(/maxRSS=(\d+)/.exec(r.stderr)?.[1] ?? 0) * 1024;
fs.rmSync(preload, { force: true });
fs.rmSync(tmp, { recursive: true, force: true });
let findings = [];
try {
  findings = JSON.parse(r.stdout).findings;
} catch {
  console.log(`!! check output was not JSON (exit ${r.status}): ${r.stderr.slice(0, 400)}`);
  process.exit(1);
}
const count = (code) => findings.filter((f) => f.code === code).length;
console.log(`netlens check on ${Object.keys(files).length} kustomize files (${APPS} apps x base + 2 overlays): ${ms(wall)} wall time, peak RSS ${mb(rss)}, ${findings.length} findings`);
console.log(target('false policy-selects-nothing', count('policy-selects-nothing'), 0));
console.log(target('template-file notices on rendered files', count('template-file'), 0));
console.log(target('unknown-named-port (metrics added by the overlays\' patch)', count('unknown-named-port'), 0));
