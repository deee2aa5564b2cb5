// Writes server/src/core/schema/generated/cel-asts.json: the parsed form of every CEL rule in the generated CRD schemas.
//   node scripts/gen-cel-asts.mjs            write it (`npm run gen:schemas` runs it after writing the schemas)
//   node scripts/gen-cel-asts.mjs --check    exit 1 when it is not what the schemas and the parser give now
// Parsing the CRDs' rules with @bufbuild/cel's parser took about 100 ms of CPU in every process that checks Gateway
// API objects; decoding them from the protobuf binary form of their syntax tree (cel.expr.Expr, without source
// positions, which no evaluation reads) takes about 9 ms. The engine reads this table (validate/cel.ts) and parses a
// rule that is not in it (test/unit/validate/cel-asts.test.ts keeps the two the same).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { celAstTable } from './cel-ast-table.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'server/src/core/schema/generated/cel-asts.json');
const schemas = ['gateway.json', 'cilium.json'].map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'server/src/core/schema/generated', f), 'utf8')));
const text = `${JSON.stringify(celAstTable(schemas), null, 1)}\n`;

if (process.argv.includes('--check')) {
  const now = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (now !== text) {
    console.error(`${path.relative(ROOT, OUT)} is out of date: run node scripts/gen-cel-asts.mjs`);
    process.exit(1);
  }
  console.log(`${path.relative(ROOT, OUT)}: up to date`);
} else {
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
}
