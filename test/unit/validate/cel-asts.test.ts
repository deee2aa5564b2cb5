// The parsed CEL rules the engine decodes instead of parsing (schema/generated/cel-asts.json): current with the
// generated CRD schemas and the parser, and each decoded tree the parser's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@bufbuild/cel';
import { ExprSchema } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { equals } from '@bufbuild/protobuf';
import { celAstTable } from '../../../scripts/cel-ast-table.mjs';
import { ruleExpr } from '../../../server/src/core/validate/cel.ts';
import CEL_ASTS from '../../../server/src/core/schema/generated/cel-asts.json';
import gateway from '../../../server/src/core/schema/generated/gateway.json';
import cilium from '../../../server/src/core/schema/generated/cilium.json';

test('the table holds every evaluated rule of the generated schemas, as the parser gives it now', () => {
  const fresh = celAstTable([gateway, cilium]);
  assert.ok(Object.keys(fresh).length >= 60, `the Gateway API CRDs' rules: ${Object.keys(fresh).length}`);
  assert.deepEqual(CEL_ASTS, fresh, 'out of date: run node scripts/gen-cel-asts.mjs');
});

test('each decoded rule is the tree the parser builds, and a rule outside the table is parsed', () => {
  for (const rule of Object.keys(CEL_ASTS)) {
    assert.ok(equals(ExprSchema, ruleExpr(rule), parse(rule).expr), rule);
  }
  const other = 'self.size() > 2 && self.startsWith("a")';
  assert.ok(!Object.hasOwn(CEL_ASTS, other));
  assert.ok(equals(ExprSchema, ruleExpr(other), parse(other).expr));
  assert.throws(() => ruleExpr('self.('));
});
