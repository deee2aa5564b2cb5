// The rule registry: adding a rule means adding its file and one line here.
import type { Rule } from './rule.ts';
import { rule as yamlSyntax } from './yaml-syntax.ts';
import { rule as duplicateKey } from './duplicate-key.ts';
import { rule as fileNotAnalyzed } from './file-not-analyzed.ts';
import { rule as templateFile } from './template-file.ts';

export const RULES: readonly Rule[] = [yamlSyntax, duplicateKey, fileNotAnalyzed, templateFile];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.code, r]));
