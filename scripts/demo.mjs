// `npm run demo`: runs `netlens check examples` and explains the result. The CLI exits 1 because
// examples/broken/ holds mistakes on purpose; the demo exits 0 when that is the only reason (and 1 otherwise).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = (args, stdio) => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, stdio, encoding: 'utf8' });

console.log('$ netlens check examples\n');
const shown = cli(['check', 'examples'], 'inherit');
const json = cli(['check', '--format', 'json', 'examples'], 'pipe');
let findings = [];
try {
  findings = JSON.parse(json.stdout).findings;
} catch {
  // handled below: an unparsable answer is a failed demo
}
const errors = findings.filter((f) => f.severity === 'error');
const outside = errors.filter((f) => !f.file.startsWith('examples/broken/'));
const brokenFiles = new Set(findings.filter((f) => f.file.startsWith('examples/broken/')).map((f) => f.file));

if (shown.status === 1 && json.status === 1 && errors.length > 0 && outside.length === 0) {
  console.log(`
The exit status of \`netlens check\` was 1 (errors found): that is expected here. Every error is in
examples/broken/, ${brokenFiles.size} files that each hold one NetworkPolicy mistake on purpose
(see examples/broken/README.md). The rest of examples/ is a small, valid GitOps repository (shop,
monitoring, ingress-nginx, and a Gateway API entry in gateway/) and gets no errors. The two warnings in
examples/gateway/routes.yaml are on purpose too: a cross-namespace route without its ReferenceGrant, and a
route whose backend pods the shop's policies close to the Envoy Gateway data plane.

Try:  node dist/cli.js check examples/shop            (exit 0)
      node dist/cli.js check --format json examples/broken
      node dist/cli.js trace https://shop.example.net/cart examples
Open examples/ in VS Code with the extension (F5 in this repository) to see the same findings as you type.`);
  process.exitCode = 0;
} else {
  console.error(`\nUnexpected demo result: exit ${shown.status}, ${errors.length} errors, ${outside.length} outside examples/broken/.`);
  for (const f of outside) console.error(`  ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.code}  ${f.message}`);
  if (json.stderr) console.error(json.stderr);
  process.exitCode = 1;
}
