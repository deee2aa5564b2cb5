// The one place findings become the Problems panel's diagnostics, for pushed and pulled diagnostics alike:
// an open document from its own analysis (current text, workspace-rule findings for it), any other file of an
// indexed folder from the folder's whole analysis — the same findings `netlens check` prints for that folder.
import type { Diagnostic } from 'vscode-languageserver';
import { visibleFindings } from './coexist.ts';
import { diagnosticsSteps, type ConvertContext } from './convert.ts';
import type { Service } from './service.ts';
import { notShownNotice, shownFindings, type Shown } from './shown.ts';
import { drive } from './slices.ts';
import type { FolderResults } from './folderResults.ts';

export interface Problems {
  uri: string;
  /** The open document's version; undefined for a file read from disk. */
  version?: number;
  diagnostics: Diagnostic[];
}

/** Whether the client pulls diagnostics (textDocument/diagnostic): then the server never pushes. */
export function clientPulls(service: Service): boolean {
  return service.clientCapabilities.textDocument?.diagnostic !== undefined;
}

/** Rule links from the extension root; related locations in other files placed by their line tables. */
function convertContext(service: Service): ConvertContext {
  return { extensionRoot: service.options.extensionRoot, linesFor: (uri) => service.index.linesOf(uri) };
}

/** The diagnostics, and the notice of what the editor is not sent when findings were left out. */
function withNotice(diagnostics: Diagnostic[], s: Shown): Diagnostic[] {
  if (s.hiddenCount > 0) diagnostics.push(notShownNotice(s));
  return diagnostics;
}

/** Diagnostics of one file; undefined when NetLens does not analyse it (not YAML, disabled, outside folders). */
export async function problemsOf(service: Service, uri: string): Promise<Problems | undefined> {
  // A document opened from disk is answered once it is open (before, it would be answered as the closed file).
  for (let open = service.diskOpens.settled(uri); open; open = service.diskOpens.settled(uri)) await open;
  const doc = service.documents.get(uri);
  if (doc) {
    const analysis = await service.analysis(uri);
    if (!analysis) return { uri, version: doc.version, diagnostics: [] };
    const findings = await service.findings(analysis);
    // Converted in slices: thousands of findings of a large file took a second in one go.
    const s = shownFindings(visibleFindings(analysis, findings));
    return { uri, version: analysis.version, diagnostics: withNotice(await drive(diagnosticsSteps(s.shown, analysis.file.lines, convertContext(service), analysis.version)), s) };
  }
  const folder = await service.index.folderResults(uri);
  return folder ? closedProblems(service, folder, uri) : undefined;
}

// Per folder results, each closed file's diagnostics as converted: VS Code pulls workspace/diagnostic again 2 s
// after each answer (vscode-languageclient pullWorkspace), and each pull converted every file of the folder again.
// The conversion reads only the results (related places through the line tables of their inputs), so a new
// results object (any input changed) starts afresh; the old one's entry goes with it.
const CONVERTED = new WeakMap<FolderResults, Map<string, Problems>>();

/**
 * Folder results `to` moved from `from` over an edit of `edited` (lsp/workspaceIndex.ts): a file whose findings are
 * the very same list (lsp/remap.ts moves such lists as they are), whose parse is the same, and whose findings name
 * no other file keeps its converted diagnostics. A place in another file is converted with that file's lines as
 * they were then (an open document's, unparsed at that moment, gave none): carried, it would outlive its file's edits.
 */
export function carryConverted(from: FolderResults, to: FolderResults, edited: string): void {
  const old = CONVERTED.get(from);
  if (!old) return;
  const kept = new Map<string, Problems>();
  for (const [uri, p] of old) {
    const list = to.results.findings.get(uri);
    if (uri === edited || list !== from.results.findings.get(uri) || to.files.get(uri) !== from.files.get(uri)) continue;
    if (list?.some((f) => f.related?.some((r) => r.uri !== uri) || f.fixes?.some((x) => (x.uri ?? uri) !== uri))) continue;
    kept.set(uri, p);
  }
  CONVERTED.set(to, kept);
}

async function closedProblems(service: Service, folder: FolderResults, uri: string): Promise<Problems | undefined> {
  const file = folder.files.get(uri);
  if (!file) return undefined;
  let converted = CONVERTED.get(folder);
  const hit = converted?.get(uri);
  if (hit) return hit;
  const findings = folder.results.findings.get(uri) ?? [];
  const analysis = { uri, version: 0, file, findings, options: folder.options };
  // Background work like the folder's results (lsp/slices.ts): an open document's diagnostics go first.
  const s = shownFindings(visibleFindings(analysis));
  const problems = { uri, diagnostics: withNotice(await drive(diagnosticsSteps(s.shown, file.lines, convertContext(service)), undefined, undefined, true), s) };
  if (!converted) CONVERTED.set(folder, (converted = new Map()));
  converted.set(uri, problems);
  return problems;
}

/**
 * Diagnostics of every analysed file of every folder, plus open documents outside them; with `closedOnly`, of the
 * files that are not open (whose problems come from the folder's analysis, not a per-document one).
 */
export async function workspaceProblems(service: Service, closedOnly = false): Promise<Problems[]> {
  await service.index.whenScanned();
  const uris = new Set<string>();
  // The folder results each file was listed from: one answer reads one results object per folder.
  const resultsOf = new Map<string, FolderResults>();
  for (const folder of service.index.folderUris) {
    const r = await service.index.folderResults(`${folder}/`);
    for (const uri of r?.files.keys() ?? []) {
      const open = service.documents.get(uri) !== undefined;
      if (closedOnly && open) continue;
      uris.add(uri);
      if (r && !open) resultsOf.set(uri, r);
    }
  }
  if (!closedOnly) for (const uri of service.documents.keys()) uris.add(uri);
  const out: Problems[] = [];
  for (const uri of [...uris].sort()) {
    const r = resultsOf.get(uri);
    const p = r && !service.documents.get(uri) ? await closedProblems(service, r, uri) : await problemsOf(service, uri);
    if (p) out.push(p);
  }
  return out;
}
