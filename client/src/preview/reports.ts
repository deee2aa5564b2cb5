// Editor commands that open the connection matrix, the coverage report and the inventory as Markdown previews.
import * as vscode from 'vscode';
import { ReportRequest } from '../../../server/src/protocol.ts';
import type { Ctx } from '../client.ts';

export async function showReport(ctx: Ctx, kind: 'matrix' | 'coverage' | 'inventory'): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = editor?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  const { markdown } = await ctx.request(ReportRequest, { kind, ...(uri ? { uri } : {}) });
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(doc, { preview: true });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}
