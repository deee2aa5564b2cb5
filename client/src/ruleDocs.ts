// Rule links open the rule's page rendered: the server links diagnostics to docs/rules/<code>.md (a file: URI,
// right for any LSP client); in VS Code the link is routed through netlens.openRuleDoc to the Markdown preview.
import * as vscode from 'vscode';
import type { Middleware, vsdiag } from 'vscode-languageclient/node';

export const OPEN_RULE_DOC = 'netlens.openRuleDoc';

/** `command:netlens.openRuleDoc?["file:///.../docs/rules/x.md"]` for a rule page link; other targets unchanged. */
export function ruleDocCommandUri(target: vscode.Uri): vscode.Uri {
  if (target.scheme !== 'file' || !/\/docs\/rules\/[a-z0-9-]+\.md$/.test(target.path)) return target;
  return vscode.Uri.parse(`command:${OPEN_RULE_DOC}?${encodeURIComponent(JSON.stringify([target.toString()]))}`);
}

function linkRuleDocs(diagnostics: readonly vscode.Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.source === 'netlens' && typeof d.code === 'object' && d.code !== null) d.code = { value: d.code.value, target: ruleDocCommandUri(d.code.target) };
  }
}

function linkReport<R extends vsdiag.DocumentDiagnosticReport | vsdiag.WorkspaceDocumentDiagnosticReport>(r: R | null | undefined): R | null | undefined {
  if (r && 'items' in r) linkRuleDocs(r.items);
  return r;
}

/** Diagnostics reach the client pushed (other clients) or pulled (VS Code, for every workspace file): both get the link. */
export const ruleDocMiddleware: Middleware = {
  handleDiagnostics(uri, diagnostics, next) {
    linkRuleDocs(diagnostics);
    next(uri, diagnostics);
  },
  async provideDiagnostics(document, previousResultId, token, next) {
    return linkReport(await next(document, previousResultId, token));
  },
  async provideWorkspaceDiagnostics(resultIds, token, resultReporter, next) {
    const report = await next(resultIds, token, (chunk) => {
      if (chunk) for (const item of chunk.items) linkReport(item);
      resultReporter(chunk);
    });
    if (report) for (const item of report.items) linkReport(item);
    return report;
  },
};

/** Opens a rule page of this extension in the Markdown preview (nothing else: command links can be crafted). */
export async function openRuleDoc(extension: vscode.ExtensionContext, doc: unknown): Promise<void> {
  const uri = typeof doc === 'string' ? vscode.Uri.parse(doc) : undefined;
  const rules = vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules').fsPath;
  if (!uri || uri.scheme !== 'file' || !uri.fsPath.startsWith(rules)) throw new Error(`not a NetLens rule page: ${String(doc)}`);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}
