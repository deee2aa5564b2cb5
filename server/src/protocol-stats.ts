// The netlens/indexStats request of protocol.ts: counters of the workspace index that the protocol tests assert and
// the bench reads (not a user feature); re-exported by protocol.ts.
import type { RequestDef } from './protocol.ts';

export interface IndexStatsResult {
  /** Workspace scans started since the server started. */
  scans: number;
  /** Settings changes received, and those whose "read the folders again?" decision is made (scan started or not). */
  settingsChanges: number;
  settingsChangesHandled: number;
  /** Whether the first scan finished, and how many files it indexed. */
  ready: boolean;
  files: number;
  /**
   * Texts parsed since start: open document versions plus files read from disk (a change of rule severities parses
   * none; another settings change parses the closed files kept without their trees again), counting such files
   * whose trees something read (`treesParsed`).
   */
  parses: number;
  treesParsed?: number;
  /** Closed files whose trees the index let go once it read them (lsp/walk.ts, core/offload.ts dropOwnTrees). */
  treesDropped?: number;
  /** Disk files whose file rules and validation a worker thread computed (the rest ran on the main thread). */
  offloaded?: number;
  /**
   * Re-parses of edited open documents: how many, how many read the whole text (an edit the incremental path
   * declines), and the `---` documents the others composed anew (the rest were kept or moved).
   */
  reparses?: { count: number; whole: number; replaced: number };
  /**
   * Workspace analyses computed for open documents' diagnostics, and those moved instead over an edit that changed
   * nothing the workspace reads.
   */
  analyses: number;
  remapped: number;
  /** Models built afterwards for analyses moved over such an edit, because a request read their model. */
  lazyModels?: number;
  /** Models made after an edit of one file by putting its objects in place in the model before (core/model/splice.ts). */
  modelsSpliced?: number;
  /** Workspace rules whose findings an analysis after an edit reused instead of judging (core/rejudge.ts). */
  rulesReused?: number;
  /** Folder results moved over an edit that changed nothing the workspace reads, instead of judged again. */
  resultsMoved?: number;
  /** Workspace analyses the index keeps for reuse: one per open document plus one whole-folder model per folder. */
  analysesKept?: number;
  /**
   * Edits settled (once per pause in typing: did other files' problems change?), other open documents re-validated
   * because of them, and settles that found closed files' problems may have changed (pull clients: refresh).
   */
  editsSettled: number;
  othersRevalidated: number;
  closedRevalidations: number;
  /** Documents opened from disk (netlens/openFromDisk), and of those the ones whose text the editor was asked for. */
  diskOpens?: { read: number; asked: number };
}

export const IndexStatsRequest = { method: 'netlens/indexStats' } as RequestDef<Record<string, never>, IndexStatsResult>;
