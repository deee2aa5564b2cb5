// "NetLens: Trace a URL": ask the server which Gateway listener, route rule, Service and pods serve a URL and
// whether the policies let the data plane through; the steps open the YAML that decides each one.
import * as vscode from 'vscode';
import { TraceRequest, type SourceLocation, type TracePathJson, type TraceResultJson } from '../../server/src/protocol.ts';
import type { Ctx } from './client.ts';

/** Remembered per workspace, so asking again about the same host is one Enter. */
const LAST_URL = 'netlens.trace.lastUrl';

function verdictText(p: TracePathJson): string {
  return p.reaches ? 'reaches the pods' : p.undecided ? 'not decided from the workspace' : 'does not reach any pod';
}

/** The same lines as `netlens trace` (text), for the output channel. */
export function traceLines(r: TraceResultJson): string[] {
  const lines = [`Trace ${r.url}`];
  for (const p of r.paths) {
    lines.push(`  via ${p.entry}: ${verdictText(p)}`);
    for (const s of p.steps) lines.push(`    ${s.ok ? ' ' : '✗'} ${s.kind.padEnd(8)} ${s.text}`);
  }
  for (const n of r.notes) lines.push(`  ${n}`);
  return lines;
}

type StepItem = vscode.QuickPickItem & { location?: SourceLocation };

/** One separator per path, then its steps; a step with a location opens it. Not awaited by the command. */
async function showSteps(r: TraceResultJson): Promise<void> {
  const items: StepItem[] = [];
  for (const p of r.paths) {
    items.push({ label: `${p.entry}: ${verdictText(p)}`, kind: vscode.QuickPickItemKind.Separator });
    for (const s of p.steps) {
      items.push({
        // A conditional step (the text says "if the request has ...") is another way, not a step of this one.
        label: `${s.condition ? '$(arrow-swap)' : s.ok ? '$(pass)' : '$(error)'} ${s.kind}`,
        description: s.text,
        detail: s.location ? vscode.workspace.asRelativePath(vscode.Uri.parse(s.location.uri)) : undefined,
        location: s.location,
      });
    }
  }
  for (const n of r.notes) items.push({ label: '$(info) note', description: n });
  const head = r.paths.some((p) => p.reaches) ? `✅ ${r.url} reaches the pods` : r.paths.length > 0 ? `⛔ ${r.url} reaches no pod` : `${r.url}: nothing serves it`;
  const picked = await vscode.window.showQuickPick(items, { title: head, placeHolder: 'Open the YAML that decides a step', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  if (!picked?.location) return;
  const { start, end } = picked.location.range;
  await vscode.window.showTextDocument(vscode.Uri.parse(picked.location.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character), preview: true });
}

/**
 * The command. With a URL argument (tests, keybindings) it asks nothing and shows only the output; it returns the
 * trace either way (undefined when the user cancels).
 */
export async function traceUrl(ctx: Ctx, url?: string): Promise<TraceResultJson | undefined> {
  const ask = typeof url !== 'string' || url.trim() === '';
  if (ask) {
    url = await vscode.window.showInputBox({
      title: 'NetLens: Trace a URL',
      prompt: 'A URL served by a Gateway (or an Ingress) of this workspace; the scheme gives the listener protocol and default port',
      placeHolder: 'https://shop.example.net/api',
      value: ctx.extension.workspaceState.get<string>(LAST_URL),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'A URL, such as https://shop.example.net/api' : undefined),
    });
    if (!url) return undefined;
    await ctx.extension.workspaceState.update(LAST_URL, url.trim());
  }
  // Multi-root: the folder of the active file, when it is in one; otherwise the server tries every folder.
  const active = vscode.window.activeTextEditor?.document.uri;
  const inFolder = active && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 && vscode.workspace.getWorkspaceFolder(active) ? active : undefined;
  const result = await ctx.request(TraceRequest, { url: (url as string).trim(), ...(inFolder ? { uri: inFolder.toString() } : {}) });
  if (result.error) {
    ctx.output.warn(`Trace ${url}: ${result.error}`);
    void vscode.window.showErrorMessage(`NetLens: ${result.error}`);
    return result;
  }
  ctx.output.info(traceLines(result).join('\n'));
  if (ask) void showSteps(result).catch((err: unknown) => ctx.output.error(`Showing the trace: ${String(err)}`));
  return result;
}
