// Which findings of one file the editor is sent: VS Code shows at most 1,000 diagnostics per file and source.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
// grouped, not toLocaleString: its first call in a process loads ICU data (10-15 ms inside a near-limit file's answer).
import { grouped, type Finding, type Severity } from '../core/index.ts';
import { DIAGNOSTIC_SOURCE } from './convert.ts';

/**
 * VS Code's extension host keeps the first 1,000 diagnostics of a file per collection (errors, then warnings, then
 * information, then hints) and drops the others (extHostDiagnostics.ts, `_maxDiagnosticsPerFile`). Sending more
 * only costs: a 5 MB file's 5,271 findings were about 2 MB of JSON to encode, send and decode on every answer,
 * which held the server's thread (and every hover behind it) for tens of ms.
 */
export const EDITOR_DIAGNOSTICS_LIMIT = 1000;

const ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface Shown {
  /** The findings sent, in their own order (by place). */
  shown: Finding[];
  /** What was left out, by severity. */
  hidden: Partial<Record<Severity, number>>;
  hiddenCount: number;
}

/**
 * The findings the editor would keep, in VS Code's order of choice (by severity, then as listed), leaving room
 * for the notice that says what is not shown; all of them when they fit.
 */
export function shownFindings(findings: readonly Finding[], limit = EDITOR_DIAGNOSTICS_LIMIT): Shown {
  if (findings.length <= limit) return { shown: findings as Finding[], hidden: {}, hiddenCount: 0 };
  let room = limit - 1; // the notice is one of the editor's diagnostics
  const keep = new Uint8Array(findings.length);
  for (const severity of ORDER) {
    for (let i = 0; i < findings.length && room > 0; i++) {
      if (findings[i]?.severity === severity) {
        keep[i] = 1;
        room--;
      }
    }
  }
  const shown: Finding[] = [];
  const hidden: Partial<Record<Severity, number>> = {};
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if (keep[i]) shown.push(f);
    else hidden[f.severity] = (hidden[f.severity] ?? 0) + 1;
  }
  return { shown, hidden, hiddenCount: findings.length - shown.length };
}

const WORD: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  information: ['info message', 'info messages'],
  hint: ['hint', 'hints'],
};

/** The notice at the top of the file: how many findings, of which severities, the editor is not sent. */
export function notShownNotice(s: Shown, limit = EDITOR_DIAGNOSTICS_LIMIT): Diagnostic {
  const parts = ORDER.flatMap((sev) => {
    const n = s.hidden[sev] ?? 0;
    return n > 0 ? [`${grouped(n)} ${WORD[sev][n === 1 ? 0 : 1]}`] : [];
  });
  const n = s.hiddenCount;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message:
      `${grouped(n)} more NetLens ${n === 1 ? 'finding' : 'findings'} in this file ${n === 1 ? 'is' : 'are'} not shown (${parts.join(', ')}): ` +
      `the editor shows at most ${grouped(limit)} problems per file, the most severe first. Run \`netlens check\` on this file to list them all.`,
  };
}
