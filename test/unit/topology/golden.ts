// Golden-file comparison: UPDATE_GOLDEN=1 rewrites the files; otherwise the text must match exactly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const DIR = path.join(__dirname, 'golden');

export function assertGolden(name: string, actual: string): void {
  const file = path.join(DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`golden file ${name} was missing and has been written; re-run`);
    return;
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `golden ${name} differs (UPDATE_GOLDEN=1 to accept)`);
}
