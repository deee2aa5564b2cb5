// `--format github` for check: one GitHub Actions workflow command per finding, which the runner turns into an
// annotation on the pull request's diff (https://docs.github.com/actions/reference/workflow-commands).
import type { Severity } from '../../core/index.ts';
import type { CliFinding } from './findings.ts';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** Escaping of a command's message. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value (`file=...,title=...`): also `:` and `,`. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Lines and columns are 1-based; endColumn is the column after the last character, as GitHub expects. */
export function findingsGithub(findings: readonly CliFinding[]): string {
  return findings
    .map((f) => {
      const props = [
        `file=${escapeProperty(f.file)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(`NetLens ${f.code}`)}`,
      ];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
