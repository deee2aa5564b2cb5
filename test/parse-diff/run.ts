// `npm run test:parse-diff -- DIR...`: the fast reader against the yaml library over every YAML file under the
// given folders (the shared corpus in CI) and seeded variants of each; fails on the first texts that differ.
import fs from 'node:fs';
import path from 'node:path';
import { compare, variants } from './compare.ts';

const args = process.argv.slice(2);
const perFile = Number(process.env.PARSE_DIFF_VARIANTS ?? 40);
const dirs = args.length > 0 ? args : ['examples', 'test/fixtures'];
function* walk(d: string): Generator<string> {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.ya?ml$/.test(e.name)) yield p;
  }
}
const counts = { files: 0, fast: 0, texts: 0, same: 0, bail: 0 };
const failures: string[] = [];
let seed = 1;
for (const dir of dirs) {
  for (const file of walk(dir)) {
    counts.files++;
    const text = fs.readFileSync(file, 'utf8');
    if (compare(text) !== 'bail') counts.fast++;
    for (const v of variants(text, seed++, perFile)) {
      counts.texts++;
      const r = compare(v);
      if (r === 'same') counts.same++;
      else if (r === 'bail') counts.bail++;
      else if (failures.length < 5) failures.push(`${file} (variant of seed ${seed - 1}):\n${r}\n--- text:\n${v.length > 2000 ? `${v.slice(0, 2000)}...` : v}`);
      else failures.push(file);
    }
  }
}
console.log(`parse-diff: ${counts.files} files (${counts.fast} read by the fast reader), ${counts.texts} texts: ${counts.same} the same, ${counts.bail} left to the library, ${failures.length} different`);
for (const f of failures.slice(0, 5)) console.log(`\n${f}`);
process.exit(failures.length > 0 || counts.same === 0 ? 1 : 0);
