// Types of scripts/cel-ast-table.mjs for the tests that import it.
/** { rule text: base64 of the binary cel.expr.Expr } for the evaluated CEL rules of generated schema data. */
export function celAstTable(schemas: unknown[]): Record<string, string>;
