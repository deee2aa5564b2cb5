// The preview's diff mode ("Compare Connectivity with..."): the server's diff turned into the webview's flows
// list, and opening a rule or finding on either side (the base through VS Code's git: documents).
import * as vscode from 'vscode';
import { GitRefsRequest, type ConnectivityDiffResult, type DiffRuleJson, type SourceLocation } from '../../../server/src/protocol.ts';
import type { Ctx } from '../client.ts';
import type { DiffInfo } from './messages.ts';

const ruleLabel = (r: DiffRuleJson) => (r.ruleIndex < 0 ? r.policy : `${r.policy} (${r.direction} rule ${r.ruleIndex})`);

/** The rules of flow `i` in the order the webview lists them: allowing (either side), then denying now. */
export function flowRules(result: ConnectivityDiffResult, i: number): DiffRuleJson[] {
  const f = result.flows[i];
  return f ? [...f.allowedBy, ...f.deniedBy] : [];
}

const EXPOSURE = { exposed: 'exposed', hidden: 'no longer routed', blocked: 'dropped by a policy' } as const;

function why(exposure: boolean, denies: boolean, status: 'added' | 'removed') {
  if (denies) return 'denies' as const;
  if (exposure) return status === 'added' ? ('routes' as const) : ('routed' as const);
  return status === 'added' ? ('allows' as const) : ('allowed' as const);
}

export function diffInfo(result: ConnectivityDiffResult): DiffInfo {
  const info: DiffInfo = {
    base: result.base,
    flows: result.flows.map((f, i) => ({
      status: f.status,
      text: f.exposure ? `${EXPOSURE[f.exposure]}: ${f.port} → ${f.destination} (${f.source})` : `${f.source} → ${f.destination}  ${f.protocol === 'ICMP/other' ? 'ICMP/other' : `${f.protocol} ${f.port}`}`,
      ...(f.edge ? { edge: f.edge } : {}),
      rules: flowRules(result, i).map((r, k) => ({ label: ruleLabel(r), why: why(f.exposure !== undefined, k >= f.allowedBy.length, f.status), navigable: r.location !== undefined })),
    })),
    findings: result.findings.map((f) => ({ status: f.status, text: `${f.severity} ${f.code} ${f.where}: ${f.message}`, navigable: f.location !== undefined })),
    undecided: result.undecided,
    edgeStatus: result.edgeStatus,
  };
  if (result.commit) info.commit = result.commit;
  if (result.error) info.error = result.error;
  return info;
}

/** The document of a file at a git revision, as VS Code's git extension serves it (`git:` scheme). */
function atRevision(uri: string, ref: string): vscode.Uri {
  const file = vscode.Uri.parse(uri);
  return file.with({ scheme: 'git', query: JSON.stringify({ path: file.fsPath, ref }) });
}

/** Opens a location of the working tree, or of the base revision (`ref`) when `side` is `base`. */
export async function openLocation(loc: SourceLocation | undefined, side: 'head' | 'base', ref: string): Promise<void> {
  if (!loc) return;
  const r = loc.range;
  const selection = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const target = side === 'base' ? atRevision(loc.uri, ref) : vscode.Uri.parse(loc.uri);
  try {
    await vscode.window.showTextDocument(target, { selection, viewColumn: vscode.ViewColumn.One, preview: side === 'base' });
  } catch (err) {
    if (side !== 'base') throw err;
    // No git extension (or it is disabled): say where the rule was instead of opening the changed file.
    void vscode.window.showInformationMessage(`NetLens: the rule was at ${vscode.workspace.asRelativePath(vscode.Uri.parse(loc.uri))}:${r.start.line + 1} in ${ref} (enable the Git extension to open it).`);
  }
}

/** Asks which revision to compare with: HEAD, branches, tags, remote branches, or any revision typed in. */
export async function pickRevision(ctx: Ctx): Promise<string | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  const { refs, error } = await ctx.request(GitRefsRequest, uri ? { uri } : {});
  if (error) {
    void vscode.window.showWarningMessage(`NetLens: ${error}`);
    return undefined;
  }
  const kinds = { head: 'HEAD', branch: 'Branches', tag: 'Tags', remote: 'Remote branches' } as const;
  const items: (vscode.QuickPickItem & { ref?: string })[] = [];
  let last: string | undefined;
  for (const r of refs) {
    if (r.kind !== last && r.kind !== 'head') items.push({ label: kinds[r.kind], kind: vscode.QuickPickItemKind.Separator });
    last = r.kind;
    items.push({ label: r.name, description: r.description, ref: r.name });
  }
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.items = items;
  pick.placeholder = 'Compare the connectivity of the working tree with... (or type a commit)';
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.ref ?? (pick.value.trim() || undefined);
      resolve(chosen);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
