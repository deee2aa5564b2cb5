// Plain data shared by every layer of the engine: severities, findings and the analysis result.
import type { Span } from './source.ts';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface RelatedInfo {
  uri: string;
  span: Span;
  message: string;
}

/** A text edit in offsets of the file being fixed. */
export interface TextEditSpan {
  span: Span;
  newText: string;
}

/** A quick fix computed with the finding: pure text edits, applied and re-analysed in tests. */
export interface Fix {
  title: string;
  edits: TextEditSpan[];
  /** The fix an editor may apply on "auto fix" (one per finding at most). */
  isPreferred?: boolean;
  /** The file the edits apply to, when not the finding's (or the code action's) own file. */
  uri?: string;
  /** Create `uri` (empty) before applying the edits: the edits then insert into the new file. */
  createFile?: boolean;
}

/** One diagnostic-to-be. Offsets only; the adapters turn spans into positions. */
export interface Finding {
  uri: string;
  span: Span;
  code: string;
  severity: Severity;
  message: string;
  /** Tags the editor can render (faded, struck through). */
  tags?: ('unnecessary' | 'deprecated')[];
  related?: RelatedInfo[];
  /** Quick fixes for this finding. */
  fixes?: Fix[];
  /** Rule-specific payload for quick fixes (JSON-serialisable). */
  data?: unknown;
}
