// Runs the @vscode/test-electron-shaped suite (extensionTestsPath exporting run()) inside code-server's Node
// extension host: the page URL carries the test paths as a payload; the exit code comes back through
// window.codeAutomationExit (enabled by code-server's enable-smoke-test-driver option).
// usage: node run-ext-tests.mjs SERVER_URL EXT_DEV_PATH EXT_TESTS_PATH WORKSPACE LOGFILE [ENV_JSON]
import { chromium } from 'playwright-core';
import os from 'node:os';
import fs from 'node:fs';

const [server, extDev, extTests, ws, logFile, envJson = '{}'] = process.argv.slice(2);
const t0 = Date.now();
const host = new URL(server).host;
fs.rmSync(logFile, { force: true });
const remote = (p) => `vscode-remote://${host}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(extDev)],
  ['extensionTestsPath', remote(extTests)],
  ['skipWelcome', 'true'],
  ['extensionEnvironment', JSON.stringify({ ...JSON.parse(envJson), E2E_LOG: logFile })],
];
const url = `${server}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
const profile = fs.mkdtempSync((process.env.E2E_TMP || os.tmpdir()) + '/chrome-');
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = ctx.pages()[0] ?? await ctx.newPage();
const done = new Promise((resolve) => { void page.exposeFunction('codeAutomationExit', (code) => resolve(code)); });
// Extension-host console output is mirrored to the browser console in extension-development mode.
page.on('console', (m) => {
  const t = m.text();
  if (process.env.VERBOSE || /\[Extension Host\].*(error|Error)/.test(t)) console.log('[page]', t.replace(/%c/g, '').replace(/ color: [^ ]+/g, ''));
});
await page.goto(url);
const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 300000);
let timer;
const timeout = new Promise((r) => { timer = setTimeout(() => r('TIMEOUT'), timeoutMs); });
const code = await Promise.race([done, timeout]);
clearTimeout(timer);
if (fs.existsSync(logFile)) process.stdout.write(fs.readFileSync(logFile, 'utf8'));
else console.log('(the suite wrote no log: it did not start)');
console.log(`[e2e] exit code from extension host: ${code}  (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
await ctx.close(); fs.rmSync(profile, { recursive: true, force: true });
process.exit(code === 0 ? 0 : 1);
