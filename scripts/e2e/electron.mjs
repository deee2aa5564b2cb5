// `npm run test:e2e:electron`: the same suite under @vscode/test-electron, for machines that can download VS Code
// (a contributor's laptop, GitHub Actions; on Linux CI wrap in xvfb-run). Packages the .vsix, installs it into a
// fresh extensions dir with VS Code's CLI, and runs the suite from an empty harness extension so the NetLens
// under test is the installed build. Not run on the offline CI machine (it cannot download VS Code).
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const version = process.env.VSCODE_VERSION || '1.101.0';   // any release >= engines.vscode
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-e2e-'));
const exts = path.join(tmp, 'exts');
const ws = path.join(tmp, 'workspace');
const artifacts = path.join(repo, 'test-artifacts');
fs.mkdirSync(artifacts, { recursive: true });
fs.cpSync(path.join(repo, 'test/e2e/fixtures/workspace'), ws, { recursive: true });

execFileSync('npm', ['run', '--silent', 'package'], { cwd: repo, stdio: 'inherit' });
const vscodeExecutablePath = await downloadAndUnzipVSCode(version);
const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
execFileSync(cli, [...cliArgs, '--extensions-dir', exts, '--install-extension', path.join(repo, 'netlens.vsix')], { stdio: 'inherit', shell: process.platform === 'win32' });

try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: path.join(repo, 'test/e2e/harness'),
    extensionTestsPath: path.join(repo, 'out/e2e/suite/index.js'),
    extensionTestsEnv: { E2E_EXTENSIONS_DIR: exts, E2E_ARTIFACTS: artifacts, E2E_GREP: process.env.E2E_GREP ?? '' },
    launchArgs: [ws, '--extensions-dir', exts, '--user-data-dir', path.join(tmp, 'user'), '--disable-workspace-trust', '--skip-welcome'],
  });
} catch (e) {
  console.error('e2e (electron) failed:', e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
