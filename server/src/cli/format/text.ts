// `--format text` for check: `file:line:col  severity  message  [code]` (1-based) and a summary line.
import type { Severity } from '../../core/index.ts';
import type { CliFinding } from './findings.ts';

const COLORS: Record<Severity, string> = { error: '31', warning: '33', information: '34', hint: '2' };

function paint(on: boolean, code: string, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** One line per finding. Line and column are 1-based; the column counts UTF-16 code units, as LSP does. */
export function findingLine(f: CliFinding, color: boolean): string {
  const where = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
  const message = f.message.replace(/\s*\n\s*/g, ' ');
  return `${paint(color, '1', where)}  ${paint(color, COLORS[f.severity], f.severity)}  ${message}  ${paint(color, '2', `[${f.code}]`)}`;
}

function plural(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

/** e.g. `3 errors, 1 warning in 2 files (12 files checked)`; information and hints appear only when present. */
export function summaryLine(findings: readonly CliFinding[], filesChecked: number): string {
  const checked = `(${plural(filesChecked, 'file')} checked)`;
  if (findings.length === 0) return `No problems found ${checked}`;
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  if (count('information') > 0) parts.push(plural(count('information'), 'information', 'information'));
  if (count('hint') > 0) parts.push(plural(count('hint'), 'hint'));
  const files = new Set(findings.map((f) => f.file)).size;
  return `${parts.join(', ')} in ${plural(files, 'file')} ${checked}`;
}

export function findingsText(findings: readonly CliFinding[], filesChecked: number, color: boolean): string {
  const lines = findings.map((f) => findingLine(f, color));
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(findings, filesChecked));
  return lines.join('\n') + '\n';
}
