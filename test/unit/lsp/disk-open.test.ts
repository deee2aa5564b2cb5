// Opens announced by netlens/openFromDisk (lsp/diskOpen.ts): the open documents get the file's text when it is the
// client's (length and SHA-1), the client's answer otherwise, and every message for the document that arrived
// meanwhile afterwards, in order; a change the client's answer already holds is not applied twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { digestStepped, DiskOpens, type DiskOpenHost } from '../../../server/src/lsp/diskOpen.ts';
import { textDigest, type DocumentTextResult, type OpenFromDiskParams } from '../../../server/src/protocol.ts';

const URI = 'file:///w/big.yaml';

type Handler = (p: unknown) => unknown;

/** A connection whose document notifications the test fires by hand. */
function fakeConnection(): { conn: Connection; fire(method: string, p: unknown): void } {
  const handlers = new Map<string, Handler>();
  const on = (method: string) => (h: Handler) => {
    handlers.set(method, h);
    return { dispose: () => handlers.delete(method) };
  };
  const conn = {
    onDidOpenTextDocument: on('open'),
    onDidChangeTextDocument: on('change'),
    onDidCloseTextDocument: on('close'),
    onDidSaveTextDocument: on('save'),
    onWillSaveTextDocument: on('willSave'),
    onWillSaveTextDocumentWaitUntil: on('willSaveWaitUntil'),
  } as unknown as Connection;
  return { conn, fire: (method, p) => void handlers.get(method)?.(p) };
}

interface Setup {
  docs: TextDocuments<TextDocument>;
  opens: DiskOpens;
  fire(method: string, p: unknown): void;
  asked: string[];
  logs: string[];
  /** Lets the disk read finish (it waits for this, so messages can arrive while it runs). */
  release(): void;
}

function setup(disk: string | undefined, answer: DocumentTextResult = null): Setup {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const asked: string[] = [];
  const logs: string[] = [];
  const host: DiskOpenHost = {
    read: async () => {
      await gate;
      return disk;
    },
    askClient: async (uri) => {
      asked.push(uri);
      return answer;
    },
    log: (m) => void logs.push(m),
  };
  const opens = new DiskOpens(host);
  const docs = new TextDocuments(TextDocument);
  const { conn, fire } = fakeConnection();
  docs.listen(opens.gate(conn));
  return { docs, opens, fire, asked, logs, release };
}

const announce = (text: string, version = 1): OpenFromDiskParams => ({ uri: URI, version, length: text.length, sha256: textDigest(text) });
const emptyOpen = (version = 1): unknown => ({ textDocument: { uri: URI, languageId: 'yaml', version, text: '' } });
const change = (version: number, line: number, text: string): unknown => ({
  textDocument: { uri: URI, version },
  contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }],
});

test('digestStepped hashes in steps as textDigest does in one, whatever the cuts; a lone surrogate counts', async () => {
  const text = 'a😀b'.repeat(1000) + '\r\n' + 'ü'.repeat(777);
  for (const step of [1, 2, 3, 7, 1024]) assert.equal(await digestStepped(text, step), textDigest(text), `step ${step}`);
  // UTF-8 would encode both as U+FFFD: the text a decoder made with a replacement is not the editor's.
  assert.notEqual(textDigest('a\ud800b'), textDigest('a\ufffdb'));
});

test('an announced open takes the file when it is the editor text, and the changes that came meanwhile after it', async () => {
  const text = 'a: 1\nb: 2\n';
  const s = setup(text);
  s.opens.announce(announce(text));
  s.fire('open', emptyOpen());
  assert.equal(s.docs.get(URI), undefined, 'not open before its text is read');
  const settled = s.opens.settled(URI);
  assert.ok(settled);
  s.fire('change', change(2, 1, 'x: 0\n'));
  s.fire('change', change(3, 0, '# top\n'));
  s.release();
  await settled;
  assert.equal(s.docs.get(URI)?.getText(), '# top\na: 1\nx: 0\nb: 2\n');
  assert.equal(s.docs.get(URI)?.version, 3);
  assert.deepEqual(s.asked, []);
  assert.equal(s.opens.settled(URI), undefined);
});

test('a file that is not the editor text: the client answer is opened, changes it holds already are not applied again', async () => {
  const editor = 'a: 1\nb: 2\n';
  const s = setup('a: 1\r\nb: 2\r\n', { version: 2, text: 'a: 1\nx: 0\nb: 2\n' });
  s.opens.announce(announce(editor));
  s.fire('open', emptyOpen());
  s.fire('change', change(2, 1, 'x: 0\n'));
  s.fire('change', change(3, 0, '# top\n'));
  s.release();
  await s.opens.settled(URI);
  assert.deepEqual(s.asked, [URI]);
  assert.equal(s.docs.get(URI)?.getText(), '# top\na: 1\nx: 0\nb: 2\n');
  assert.equal(s.docs.get(URI)?.version, 3);
  // A change up to the answer's version arriving late (written after the answer) is not applied twice.
  s.fire('change', change(2, 1, 'x: 0\n'));
  assert.equal(s.docs.get(URI)?.getText(), '# top\na: 1\nx: 0\nb: 2\n');
  s.fire('change', change(4, 0, '# more\n'));
  assert.equal(s.docs.get(URI)?.getText(), '# more\n# top\na: 1\nx: 0\nb: 2\n');
  assert.match(s.logs.join('\n'), /not the editor's text/);
});

test('an unreadable file is asked for; a client that no longer has it open leaves the document closed', async () => {
  const s = setup(undefined, null);
  s.opens.announce(announce('a: 1\n'));
  s.fire('open', emptyOpen());
  s.fire('change', change(2, 0, 'z: 9\n'));
  s.fire('close', { textDocument: { uri: URI } });
  s.release();
  await s.opens.settled(URI);
  assert.deepEqual(s.asked, [URI]);
  assert.equal(s.docs.get(URI), undefined);
});

test('closed and opened again while the first open is read: both in order, the second open last', async () => {
  const text = 'a: 1\n';
  const s = setup(text);
  const closes: string[] = [];
  s.docs.onDidClose((e) => void closes.push(e.document.getText()));
  s.opens.announce(announce(text));
  s.fire('open', emptyOpen());
  s.fire('close', { textDocument: { uri: URI } });
  s.fire('open', { textDocument: { uri: URI, languageId: 'yaml', version: 5, text: 'b: 2\n' } });
  s.release();
  await s.opens.settled(URI);
  assert.deepEqual(closes, [text]);
  assert.equal(s.docs.get(URI)?.getText(), 'b: 2\n');
  assert.equal(s.docs.get(URI)?.version, 5);
});

test('a second announced open while the first is read keeps its own announcement', async () => {
  const text = 'a: 1\n';
  const s = setup(text);
  s.opens.announce(announce(text));
  s.fire('open', emptyOpen());
  s.fire('close', { textDocument: { uri: URI } });
  s.opens.announce(announce(text, 2));
  s.fire('open', emptyOpen(2));
  s.release();
  await s.opens.settled(URI);
  await s.opens.settled(URI);
  assert.equal(s.docs.get(URI)?.getText(), text);
  assert.equal(s.docs.get(URI)?.version, 2);
});

// From a review: open (announced), closed and opened again (announced: a language mode change), then an edit or a
// close, all while the first file is read. What arrives after the second open waits for it too.
test('a change or a close held behind a second announced open waits for that open', async () => {
  const text = 'a: 1\nb: 2\n';
  for (const last of ['change', 'close'] as const) {
    const s = setup(text);
    s.opens.announce(announce(text));
    s.fire('open', emptyOpen());
    s.fire('close', { textDocument: { uri: URI } });
    s.opens.announce(announce(text));
    s.fire('open', emptyOpen());
    if (last === 'change') s.fire('change', change(2, 1, 'x: 0\n'));
    else s.fire('close', { textDocument: { uri: URI } });
    s.release();
    for (let open = s.opens.settled(URI); open; open = s.opens.settled(URI)) await open;
    if (last === 'change') {
      assert.equal(s.docs.get(URI)?.getText(), 'a: 1\nx: 0\nb: 2\n');
      assert.equal(s.docs.get(URI)?.version, 2);
    } else assert.equal(s.docs.get(URI), undefined, 'closed as in the editor');
  }
});

test('a held change the document cannot take is logged, and the messages after it still run', async () => {
  const text = 'a: 1\n';
  const s = setup(text);
  s.opens.announce(announce(text));
  s.fire('open', emptyOpen());
  s.fire('change', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ bogus: true }] });
  s.fire('change', change(3, 0, '# top\n'));
  s.release();
  await s.opens.settled(URI);
  assert.equal(s.docs.get(URI)?.getText(), '# top\na: 1\n');
  assert.match(s.logs.join('\n'), /A held message for file:\/\/\/w\/big\.yaml failed/);
});

test('opens that were not announced, or do not match the announcement, pass through unchanged', () => {
  const s = setup('ignored');
  s.fire('open', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: '' } });
  assert.equal(s.docs.get(URI)?.getText(), '', 'an empty document is opened as empty');
  s.fire('close', { textDocument: { uri: URI } });
  // Announced for version 1, opened at version 2 with its text: the text is taken as sent.
  s.opens.announce(announce('a: 1\n'));
  s.fire('open', { textDocument: { uri: URI, languageId: 'yaml', version: 2, text: 'c: 3\n' } });
  assert.equal(s.docs.get(URI)?.getText(), 'c: 3\n');
  assert.equal(s.opens.settled(URI), undefined);
  assert.deepEqual(s.asked, []);
});
