// The table of parsed CEL rules (scripts/gen-cel-asts.mjs writes it; test/unit/validate/cel-asts.test.ts compares).
import { parse } from '@bufbuild/cel';
import { ExprSchema } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { toBinary } from '@bufbuild/protobuf';
import { base64Encode } from '@bufbuild/protobuf/wire';

/** Every `validations[].rule` in the schema data (any depth), without transition rules (never evaluated). */
function rulesOf(value, out) {
  if (Array.isArray(value)) for (const v of value) rulesOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'validations' && Array.isArray(v)) for (const r of v) if (typeof r?.rule === 'string' && !/\boldSelf\b/.test(r.rule)) out.add(r.rule);
      rulesOf(v, out);
    }
  }
  return out;
}

/**
 * { rule text: base64 of the binary cel.expr.Expr } for the rules of `schemas` (generated schema files' data), in
 * sorted order; a rule the parser refuses is left out (the engine then parses it, fails and does not judge it).
 */
export function celAstTable(schemas) {
  const rules = [...rulesOf(schemas, new Set())].sort();
  const table = {};
  for (const rule of rules) {
    let expr;
    try {
      expr = parse(rule).expr;
    } catch {
      continue;
    }
    table[rule] = base64Encode(toBinary(ExprSchema, expr));
  }
  return table;
}
