// `npm run test:fix-roundtrip -- <dir>...`: the quick-fix round trip over every YAML file under the given
// directories (the shared corpus in CI) and its style variants; exits 1 on any failure, listing each.
import fs from 'node:fs';
import path from 'node:path';
import { emptyResult, roundTripText } from './roundtrip.ts';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

const dirs = process.argv.slice(2).filter((a) => a !== '--');
if (dirs.length === 0 || dirs.some((d) => !fs.existsSync(d) || !fs.statSync(d).isDirectory())) {
  process.stderr.write('usage: npm run test:fix-roundtrip -- <dir>...\n');
  process.exit(2);
}
const result = emptyResult();
const t0 = Date.now();
for (const dir of dirs) {
  for (const file of yamlFiles(dir)) roundTripText(path.relative(dir, file), fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), result);
}
for (const f of result.failures) console.log(`FAIL ${f.file} [${f.variant}] ${f.fix}\n     ${f.problem}`);
console.log(
  `fix round trip: ${result.files} files, ${result.variants} variants (${result.skippedVariants} not applicable), ${result.fixes} fixes applied, ` +
    `${result.failures.length} failures (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
);
process.exit(result.failures.length > 0 ? 1 : 0);
