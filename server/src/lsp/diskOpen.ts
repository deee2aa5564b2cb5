// Large saved documents opened from disk (protocol.ts netlens/openFromDisk): the open documents' connection as the
// TextDocuments manager sees it, holding an announced open and every later message for its document until the text
// is read, checked against the client's hash, and handed on.
import { createHash } from 'node:crypto';
import type {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  DidSaveTextDocumentParams,
  NotificationHandler,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentTextResult, OpenFromDiskParams } from '../protocol.ts';

/** What TextDocuments.listen registers its handlers on (the library does not export the type by name). */
type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

export interface DiskOpenHost {
  /** The file's text decoded as the index decodes it; undefined when it cannot be read or exceeds `maxBytes`. */
  read(uri: string, maxBytes: number): Promise<string | undefined>;
  /** The editor's text and version of the document now (netlens/documentText); null when it is not open there. */
  askClient(uri: string): Promise<DocumentTextResult>;
  log(message: string): void;
}

/** Characters hashed per step: under 1 ms each, so requests queued meanwhile are answered between steps. */
const HASH_STEP = 512 * 1024;

/** protocol-disk.ts textDigest of `text`, in steps that yield (UTF-16 code units hash alike however the text is cut). */
export async function digestStepped(text: string, step = HASH_STEP): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < text.length; at += step) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    hash.update(text.slice(at, at + step), 'utf16le');
  }
  return hash.digest('hex');
}

interface Pending {
  /** What arrived for the document after its open, in order. */
  readonly held: (() => void)[];
  readonly done: Promise<void>;
}

export class DiskOpens {
  private readonly announced = new Map<string, OpenFromDiskParams>();
  private readonly pending = new Map<string, Pending>();
  /**
   * Per document opened from the client's answer: the version that answer had. Changes up to it are in that text
   * already; one may still arrive after it (the answer and the change notifications are written independently).
   */
  private readonly answeredAt = new Map<string, number>();
  /** Opens whose text was the file's (read), and those whose text the client was asked for (asked). */
  readonly counts = { read: 0, asked: 0 };

  constructor(private readonly host: DiskOpenHost) {}

  /** netlens/openFromDisk: the next didOpen of `uri` at this version comes without its text. */
  announce(p: OpenFromDiskParams): void {
    if (typeof p?.uri === 'string' && Number.isInteger(p.version) && Number.isInteger(p.length) && typeof p.sha256 === 'string') this.announced.set(p.uri, p);
  }

  /** Resolves when the document's open from disk is complete; undefined when none is under way. */
  settled(uri: string): Promise<void> | undefined {
    return this.pending.get(uri)?.done;
  }

  /** The connection for TextDocuments.listen: document notifications pass through the gate, the rest as is. */
  gate(connection: Connection): TextDocumentConnection {
    return {
      onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument((p) => this.opened(p, handler)),
      onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument((p) => this.after(p.textDocument.uri, () => this.changed(p, handler))),
      onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument((p) => this.after(p.textDocument.uri, () => this.closed(p, handler))),
      onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument((p: DidSaveTextDocumentParams) => this.after(p.textDocument.uri, () => handler(p))),
      onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(handler),
      onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
    };
  }

  /** Runs `message` now, or after the document's open from disk if one is under way (in arrival order). */
  private after(uri: string, message: () => void): void {
    const p = this.pending.get(uri);
    if (p) p.held.push(message);
    else message();
  }

  private changed(p: DidChangeTextDocumentParams, handler: NotificationHandler<DidChangeTextDocumentParams>): void {
    const answered = this.answeredAt.get(p.textDocument.uri);
    // A change the client's answer included: applied again it would edit the text twice.
    if (answered !== undefined && p.textDocument.version <= answered) return;
    void handler(p);
  }

  private closed(p: DidCloseTextDocumentParams, handler: NotificationHandler<DidCloseTextDocumentParams>): void {
    this.answeredAt.delete(p.textDocument.uri);
    void handler(p);
  }

  /** `a`: the open's announcement, taken when the open arrived (a later one may be for a later open). */
  private opened(p: DidOpenTextDocumentParams, handler: NotificationHandler<DidOpenTextDocumentParams>, a = this.takeAnnounced(p.textDocument.uri)): void {
    const uri = p.textDocument.uri;
    // A second open while one is under way (closed and opened again meanwhile) waits its turn like any message.
    if (this.pending.has(uri)) {
      this.after(uri, () => this.opened(p, handler, a));
      return;
    }
    if (!a || a.version !== p.textDocument.version || p.textDocument.text !== '' || a.length === 0) {
      void handler(p);
      return;
    }
    const held: (() => void)[] = [];
    const done = this.fetch(a)
      .then((got) => {
        // A client answer of null: the document is closed there; its held close (or nothing) follows.
        if (!got) return;
        if (got.answered) this.answeredAt.set(uri, got.version);
        else this.answeredAt.delete(uri);
        void handler({ textDocument: { ...p.textDocument, version: got.version, text: got.text } });
      })
      .catch((err: unknown) => this.host.log(`Opening ${uri} from disk failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.replay(uri, held));
    this.pending.set(uri, { held, done });
  }

  /**
   * Runs what was held for the document, in order. A held open that is itself announced starts a new wait: what
   * follows it is held again, behind that open.
   */
  private replay(uri: string, held: (() => void)[]): void {
    this.pending.delete(uri);
    for (let i = 0; i < held.length; i++) {
      const again = this.pending.get(uri);
      if (again) {
        again.held.push(...held.slice(i));
        return;
      }
      try {
        (held[i] as () => void)();
      } catch (err) {
        // One bad message (a change the document cannot take) must not drop the ones after it.
        this.host.log(`A held message for ${uri} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private takeAnnounced(uri: string): OpenFromDiskParams | undefined {
    const a = this.announced.get(uri);
    this.announced.delete(uri);
    return a;
  }

  /** The text to open: the file's if it is the client's, else the client's answer. */
  private async fetch(a: OpenFromDiskParams): Promise<{ text: string; version: number; answered: boolean } | undefined> {
    // At most 3 UTF-8 bytes per UTF-16 code unit, and a byte order mark: a larger file is not the editor's text.
    const text = await this.host.read(a.uri, a.length * 3 + 4).catch(() => undefined);
    if (text !== undefined && text.length === a.length && (await digestStepped(text)) === a.sha256) {
      this.counts.read++;
      return { text, version: a.version, answered: false };
    }
    this.counts.asked++;
    this.host.log(`${a.uri}: the file on disk is not the editor's text; asking the editor for it.`);
    const r = await this.host.askClient(a.uri);
    return r && typeof r.text === 'string' && Number.isInteger(r.version) ? { text: r.text, version: r.version, answered: true } : undefined;
  }
}
