// Entry of the extension-host test suite in the @vscode/test-electron shape: run() loads every *.test.js beside it.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

// In code-server's extension host console.* is forwarded to the browser and not writable, so results go to the
// file named by E2E_LOG (read by scripts/e2e/run-ext-tests.mjs); without it (test-electron) plain console works.
function out(line: string): void {
  if (process.env.E2E_LOG) fs.appendFileSync(process.env.E2E_LOG, line + '\n');
  else console.log(line);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.E2E_GREP;
  if (grep) mocha.grep(grep);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed`)) : resolve()));
    runner.on('pass', (t) => out(`  ok   ${t.fullTitle()} (${t.duration ?? 0}ms)`));
    runner.on('fail', (t, err: unknown) => {
      const stack = String((err as Error)?.stack ?? err).split('\n').slice(0, 6).join('\n       ');
      out(`  FAIL ${t.fullTitle()}\n       ${stack}`);
    });
    runner.on('end', () => out(`ext-host: ${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? 0} failed`));
  });
}
