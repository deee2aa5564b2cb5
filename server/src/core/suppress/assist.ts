// Editing help inside NetLens directive comments: completion of the keywords and of rule codes (with their
// titles), and hover on a rule code (its summary and page). Pure; the LSP features call it first.
import { ALL_RULES, ALL_RULES_BY_CODE } from '../results.ts';
import type { CompletionEntry } from '../completion/types.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { ruleDocPath } from '../rules/rule.ts';
import type { Span } from '../source.ts';
import { findDirectives } from './directives.ts';

const KEYWORDS: [string, string][] = [
  ['netlens-disable-next-line', 'Except the next line from the listed rules: `# netlens-disable-next-line <code>[, <code>] -- <reason>`'],
  ['netlens-disable', 'Except this YAML document from the listed rules: `# netlens-disable <code>[, <code>] -- <reason>`'],
];

/** The text of the line up to `offset`, and where that line starts. */
function lineBefore(text: string, offset: number): { start: number; before: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return { start, before: text.slice(start, offset) };
}

function wordEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && /[a-z0-9-]/.test(text[end] as string)) end++;
  return end;
}

/**
 * Completion items when `offset` is inside a directive comment (keywords after `#`, rule codes before ` -- `);
 * undefined elsewhere, so the caller goes on with YAML completion.
 */
export function directiveCompletions(file: ParsedFile, offset: number): CompletionEntry[] | undefined {
  const { before } = lineBefore(file.text, offset);
  const codes = /(?:^|[ \t])#[ \t]*netlens-disable(?:-next-line)?[ \t]+((?:(?![ \t]--(?:[ \t]|$)).)*)$/.exec(before);
  if (codes) {
    const typed = /[a-z0-9-]*$/.exec(before)?.[0] ?? '';
    const span: Span = { start: offset - typed.length, end: wordEnd(file.text, offset) };
    const listed = new Set((codes[1] ?? '').split(/[\s,]+/).filter(Boolean));
    return ALL_RULES.filter((r) => !listed.has(r.code) || r.code === typed).map((r) => ({
      label: r.code,
      kind: 'value' as const,
      insertText: r.code,
      snippet: false,
      detail: r.description,
      documentation: `${r.description}\n\nDefault severity: ${r.defaultSeverity}.`,
      span,
    }));
  }
  const keyword = /(?:^|[ \t])#[ \t]*(n[a-z-]*)$/.exec(before);
  if (keyword && 'netlens-disable-next-line'.startsWith(keyword[1] as string)) {
    const typed = keyword[1] as string;
    const span: Span = { start: offset - typed.length, end: wordEnd(file.text, offset) };
    return KEYWORDS.map(([label, doc]) => ({ label, kind: 'snippet' as const, insertText: `${label} `, snippet: false, detail: 'NetLens exception', documentation: doc, span, retrigger: true }));
  }
  return undefined;
}

/** Hover on a rule code written in a directive or in `netlens.io/ignore`: the rule's summary and page. */
export function directiveHover(file: ParsedFile, offset: number, docLink?: (path: string) => string | undefined): { markdown: string; span: Span } | undefined {
  if (!file.text.includes('netlens')) return undefined;
  for (const d of findDirectives(file)) {
    if (offset < d.span.start || offset > d.span.end) continue;
    const c = d.codes.find((x) => x.span.start <= offset && offset <= x.span.end);
    if (!c) continue;
    const rule = ALL_RULES_BY_CODE.get(c.code);
    if (!rule) return { markdown: `\`${c.code}\` is not a NetLens rule code: this exception suppresses nothing.`, span: c.span };
    const link = docLink?.(ruleDocPath(rule.code));
    return { markdown: `**${rule.code}** (default: ${rule.defaultSeverity})\n\n${rule.description}${link ? `\n\n[Rule documentation](${link})` : ''}`, span: c.span };
  }
  return undefined;
}
