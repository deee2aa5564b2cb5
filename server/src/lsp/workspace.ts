// Open documents -> engine results, cached by document version (parse) and by version + Options (findings),
// so a request after a change never re-parses an unchanged document.
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFile, parseFile, type Finding, type Options, type ParsedFile } from '../core/index.ts';

export interface Analysis {
  uri: string;
  version: number;
  file: ParsedFile;
  /** Every finding of the engine, before the editor-side filtering of features/diagnostics. */
  findings: Finding[];
  options: Options;
}

interface ParseEntry {
  version: number;
  maxFileSize: number;
  file: ParsedFile;
}

interface CheckEntry {
  version: number;
  options: Options;
  findings: Finding[];
}

/** YAML by language id, or by file name for clients that send another id (e.g. `plaintext`). */
export function isYamlDocument(doc: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.replace(/[?#].*$/, ''));
}

export class Workspace {
  readonly documents = new TextDocuments(TextDocument);
  private readonly parsed = new Map<string, ParseEntry>();
  private readonly checked = new Map<string, CheckEntry>();
  /** How many times a text was parsed; tests use it to prove the cache holds. */
  parseCount = 0;

  /** The parsed file of an open document at its current version. */
  parse(doc: TextDocument, options: Options): ParsedFile {
    const hit = this.parsed.get(doc.uri);
    if (hit && hit.version === doc.version && hit.maxFileSize === options.maxFileSize) return hit.file;
    this.parseCount++;
    const file = parseFile(doc.uri, doc.getText(), options);
    this.parsed.set(doc.uri, { version: doc.version, maxFileSize: options.maxFileSize, file });
    this.checked.delete(doc.uri);
    return file;
  }

  /** Parse + rules for an open document; recomputes findings only when the version or the Options changed. */
  analyze(doc: TextDocument, options: Options): Analysis {
    const file = this.parse(doc, options);
    let entry = this.checked.get(doc.uri);
    if (!entry || entry.version !== doc.version || entry.options !== options) {
      entry = { version: doc.version, options, findings: checkFile(file, options) };
      this.checked.set(doc.uri, entry);
    }
    return { uri: doc.uri, version: doc.version, file, findings: entry.findings, options };
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
    this.checked.delete(uri);
  }
}
