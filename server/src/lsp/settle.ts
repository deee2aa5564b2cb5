// After edits of open documents, which other files' problems changed: the other open documents whose
// workspace-rule findings differ from those last given for them, and whether files that are not open may have
// changed (an edit that changes what the workspace reads, or closed files whose findings point into the edited
// one). An edit of a replica count or a comment re-validates nothing else and asks no client to pull again.
import { isDeepStrictEqual } from 'node:util';
import { namesFile, type Finding, type ParsedFile } from '../core/index.ts';
import type { Service } from './service.ts';
import { isYamlDocument } from './workspace.ts';

export interface Settled {
  /** Other open documents whose diagnostics changed. */
  others: string[];
  /** Whether closed files' problems may have changed. */
  closed: boolean;
}

export class EditSettler {
  /** Per open document: its parse when the other files were last brought up to date with it. */
  private readonly synced = new Map<string, ParsedFile>();
  /**
   * Per open document: the workspace-rule findings last given for it, to tell whether they changed. Kept as they
   * are (findings are never changed once reported) and compared when an edit settles: their JSON, taken each time
   * diagnostics were computed, held the server 20-25 ms at once for the 5,000 findings of the near-limit file.
   */
  private readonly given = new Map<string, readonly Finding[]>();
  /** Per open document: whether a kustomization applied it as a patch when its diagnostics were computed. */
  private readonly patchState = new Map<string, boolean>();
  /** Counters (netlens/indexStats): settle runs, other open documents re-validated, runs that said closed files changed. */
  settles = 0;
  othersRevalidated = 0;
  closedRevalidations = 0;

  constructor(
    private readonly service: Service,
    private readonly workspaceFindings: (uri: string) => Promise<Finding[]>,
    /** Whether a kustomization applies the file as a patch (its file findings are filtered then). */
    private readonly isPatchFile: (uri: string) => Promise<boolean> = () => Promise.resolve(false),
  ) {}

  /** Records whether a document's diagnostics were computed as those of a patch file. */
  gavePatchState(uri: string, patch: boolean): void {
    this.patchState.set(uri, patch);
  }

  /** Records what a document's diagnostics were computed with (its workspace-rule findings). */
  gave(uri: string, findings: readonly Finding[]): void {
    this.given.set(uri, findings);
  }

  forget(uri: string): void {
    this.synced.delete(uri);
    this.given.delete(uri);
    this.patchState.delete(uri);
  }

  /** `changed`: documents edited (or closed) since the last call. */
  async settle(changed: readonly string[]): Promise<Settled> {
    const { documents, index } = this.service;
    let closed = false;
    let neutralOnly = true;
    for (const uri of changed) {
      const doc = documents.get(uri);
      const before = this.synced.get(uri);
      if (!doc || !isYamlDocument(doc)) {
        // Closed (its text on disk is what counts now) or not YAML: anything may differ.
        this.synced.delete(uri);
        closed = true;
        neutralOnly = false;
        continue;
      }
      const options = await this.service.settings.get(index.folderOf(uri) ?? uri);
      // A large document just opened is read in slices first (other requests are answered meanwhile).
      await this.service.workspace.prepare(doc, options);
      const after = this.service.workspace.parse(documents.get(uri) ?? doc, options);
      this.synced.set(uri, after);
      if (before === after) continue;
      const neutral = before && (await index.neutralChange(uri, before, after));
      if (!neutral) neutralOnly = false;
      // Closed files' places in the edited file are shown as lines and columns: unless every one stays where it
      // was (a replica count typed over keeps them, a comment line added above moves them), they are re-validated.
      if (!neutral || index.closedFilesMoved(uri, after, options)) closed = true;
    }
    const others: string[] = [];
    for (const uri of documents.keys()) {
      if (changed.includes(uri)) continue;
      const doc = documents.get(uri);
      if (!doc || !isYamlDocument(doc)) continue;
      const given = this.given.get(uri);
      // Edits that change nothing the workspace reads leave every other file's findings as they were, but for the
      // places they name in an edited file (their analysis would only move those, lsp/remap.ts). Each other
      // document's analysis was moved on every pause in typing to find that out; now it moves when next asked.
      if (neutralOnly && given) {
        if (given.some((f) => changed.some((c) => namesFile(f, uri, c)))) others.push(uri);
        continue;
      }
      const findings = await this.workspaceFindings(uri);
      // Same offsets, but a place in an edited file may be on another line now: those are sent again as well.
      const pointsIntoEdited = findings.some((f) => f.related?.some((r) => changed.includes(r.uri)));
      // An edited kustomization can make a file a patch (or no longer one): its own findings are filtered anew.
      const patchMoved = this.patchState.has(uri) && this.patchState.get(uri) !== (await this.isPatchFile(uri));
      if (!given || !isDeepStrictEqual(given, findings) || pointsIntoEdited || patchMoved) others.push(uri);
    }
    this.othersRevalidated += others.length;
    if (closed) this.closedRevalidations++;
    this.settles++;
    return { others, closed };
  }
}

