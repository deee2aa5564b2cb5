// Helpers shared by the e2e tests: polling (never fixed sleeps), fixture paths, the installed NetLens extension.
import fs from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'netlens.netlens';

/** Polls `fn` until it returns a truthy value; fails with `what` and the last value after `ms`. */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    last = await fn();
    if (last) return last as T;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The quick fixes offered for `range`, polled until there are some. A request the editor cancels (a newer
 * analysis or diagnostics pull superseded it) is asked again, as VS Code re-asks for the light bulb; any other
 * error fails the test.
 */
export function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return waitFor('code actions', async () => {
    const all = await vscode.commands
      .executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)
      .then(undefined, (e: unknown) => {
        if (e instanceof Error && e.name === 'Canceled') return undefined;
        throw e;
      });
    return all?.length ? all : undefined;
  });
}

export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the e2e suite needs the fixture workspace open as a folder');
  return f.uri;
}

export function fixture(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The NetLens extension, activated. */
export async function netlens(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive);
  return ext;
}

/** NetLens diagnostics of a file (source netlens), optionally of one code. */
export function netlensDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => {
    const c = typeof d.code === 'object' ? d.code.value : d.code;
    return /netlens/i.test(d.source ?? '') && (code === undefined || c === code);
  });
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** Position of the first occurrence of `needle` (plus `delta` characters) in the document. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, from = 0): vscode.Position {
  const at = doc.getText().indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not found in ${doc.uri.path}`);
  return doc.positionAt(at + delta);
}

/** Logs a line into the test log (the e2e runner prints it); console output is not visible in code-server. */
export function note(line: string): void {
  if (process.env.E2E_LOG) fs.appendFileSync(process.env.E2E_LOG, `       ${line}\n`);
  else console.log(line);
}

/**
 * Puts a document back to `original` and saves it. Not `workbench.action.files.revert`: that acts on whichever
 * editor has focus, which is not reliable in a headless workbench.
 */
export async function restore(doc: vscode.TextDocument, original: string): Promise<void> {
  const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, all, original);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not restore ${doc.uri.path}`);
  if (!(await doc.save())) throw new Error(`could not save ${doc.uri.path}`);
}
