// Completion contract: plain items with the span they replace; the LSP adapter turns them into CompletionItems.
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';

export type CompletionKind = 'property' | 'value' | 'enum' | 'snippet' | 'label' | 'port' | 'namespace';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Text inserted over `span`; continuation lines are relative to the cursor line's indentation. */
  insertText: string;
  /** `insertText` is a snippet (tab stops `$1`, choices `${1|a,b|}`). */
  snippet: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text replaced (the word at the cursor; empty at an empty value). */
  span: Span;
  /** Keeps the engine's order in the editor. */
  sortText?: string;
  /** Open completion again after inserting (a key whose value NetLens can complete too). */
  retrigger?: boolean;
}

export interface CompletionOptions extends Partial<Pick<Options, 'defaultNamespace' | 'clusterWorkloads'>> {
  /** The character that triggered completion (the adapter passes LSP's triggerCharacter). */
  triggerCharacter?: string;
  /** The analysis' files and options: route values (Gateways, listeners, Services) come from the workspace. */
  workspace?: { files: ReadonlyMap<string, ParsedFile>; options: Options };
  /** At most this many entries (completionListAt says when it cut the list); no limit when undefined. */
  limit?: number;
}
