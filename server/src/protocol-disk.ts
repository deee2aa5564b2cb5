// Custom requests of protocol.ts for large saved files opened from disk (netlens/openFromDisk, netlens/documentText),
// with the digest both sides compute; re-exported by protocol.ts. Node's crypto is its only runtime import.
import { createHash } from 'node:crypto';
import type { NotificationDef, RequestDef } from './protocol.ts';

// A didOpen carries the whole text as one JSON string: for a 4.7 MB file the server's channel spent 45-60 ms
// assembling and parsing that one message (the extension host as long writing it), and every request sent behind it
// waited. When the server announces `experimental.netlensOpenFromDisk` (a size in characters), the client sends, for a
// saved `file:` document at least that long, this notification and then the didOpen with an empty text; the server
// reads the file itself and keeps the open and every later message for that document until it has the text. It
// uses the file's text only if its length and digest are the client's; otherwise it asks the client for the
// document's text (netlens/documentText), which the client answers with its current version.

export interface OpenFromDiskParams {
  uri: string;
  /** The version of the didOpen that follows. */
  version: number;
  /** The text's length in UTF-16 code units. */
  length: number;
  /** textDigest of the text. */
  sha256: string;
}

export const OpenFromDiskNotification = { method: 'netlens/openFromDisk' } as NotificationDef<OpenFromDiskParams>;

export interface DocumentTextParams {
  uri: string;
}

/** The open document's text and version in the editor now; null when it is not open there. */
export type DocumentTextResult = { version: number; text: string } | null;

export const DocumentTextRequest = { method: 'netlens/documentText' } as RequestDef<DocumentTextParams, DocumentTextResult>;

/** Documents from this many characters go by netlens/openFromDisk (below it the JSON costs a few ms at most). */
export const OPEN_FROM_DISK_CHARS = 1_048_576;

/**
 * SHA-256 (hex) of a text's UTF-16 code units, little-endian: every code unit as it is, so two texts that differ
 * only in a lone surrogate (which UTF-8 would encode alike, as U+FFFD) differ here. The server hashes in steps
 * (lsp/diskOpen.ts): code units are encoded one by one, so slices cut anywhere give the same digest.
 */
export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf16le').digest('hex');
}
