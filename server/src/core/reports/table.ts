// Plain-text table writers shared by the reports: Markdown (pipes, HTML and link syntax escaped) and CSV
// (RFC 4180 quoting, spreadsheet formulas defused). Cells hold names from the user's YAML: any text at all.

/**
 * A Markdown table cell: pipes, backslashes and line breaks would break the row; `<`, `>` and `&` would be
 * read as HTML by renderers that allow it (a name like `<img src=x onerror=...>`). All are escaped so the
 * cell shows the text; Markdown links stay links (reports write them into cells on purpose).
 */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n?|\n/g, ' ');
}

/**
 * Markdown running text (a list item, a paragraph) that embeds names from the user's YAML: besides what breaks a
 * cell, `*`, `_`, backticks and brackets would start emphasis, code or links, so they are escaped too.
 */
export function mdText(text: string): string {
  return mdCell(text).replace(/\\\|/g, '|').replace(/[*_`[\]]/g, (c) => `\\${c}`);
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}

/**
 * A CSV cell. A cell starting with `=`, `+`, `-`, `@`, a tab or a CR is a formula to Excel and LibreOffice (CSV
 * injection): it gets a leading `'`, which spreadsheets show as text. A lone `-` (no port) cannot be a formula.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && text !== '-' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
