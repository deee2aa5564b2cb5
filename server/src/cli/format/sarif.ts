// `--format sarif` for check: SARIF 2.1.0 as GitHub code scanning reads it — every rule in tool.driver, results
// with repository-relative locations (1-based, UTF-16 columns), stable fingerprints, inline exceptions as suppressions.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../../../package.json';
import { ALL_RULES, LineIndex, type Finding, type Severity, type SuppressedFinding } from '../../core/index.ts';
import { ruleDocMarkdown, ruleHelpUri, whatItChecks } from '../docs.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifInput {
  findings: readonly Finding[];
  suppressed: readonly SuppressedFinding[];
  /** Texts of the checked files by uri (positions and fingerprints are computed from them). */
  texts: ReadonlyMap<string, string>;
  /** Absolute path URIs are made relative to (the repository root). */
  root: string;
}

/** `missing-default-deny` -> `MissingDefaultDeny` (SARIF's rule `name` is an identifier-like word). */
function ruleName(code: string): string {
  return code.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function driverRules() {
  return ALL_RULES.map((r) => {
    const md = ruleDocMarkdown(r.code);
    const full = (md && whatItChecks(md)) ?? r.description;
    return {
      id: r.code,
      name: ruleName(r.code),
      shortDescription: { text: r.description },
      fullDescription: { text: full },
      helpUri: ruleHelpUri(r.code),
      help: { text: `${r.description} See ${ruleHelpUri(r.code)}`, markdown: md ?? `${r.description}\n\n[Documentation](${ruleHelpUri(r.code)})` },
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
      properties: { tags: ['kubernetes', 'network-policy'] },
    };
  });
}

function relativeUri(uri: string, root: string): string {
  try {
    const rel = path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
    return rel.split('/').map(encodeURIComponent).join('/');
  } catch {
    return uri;
  }
}

export function findingsSarif(input: SarifInput): string {
  const rules = driverRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const lines = new Map<string, LineIndex>();
  const seen = new Map<string, number>();
  const all: (Finding | SuppressedFinding)[] = [...input.findings, ...input.suppressed];
  const results = all.map((f) => {
    const text = input.texts.get(f.uri) ?? '';
    let li = lines.get(f.uri);
    if (!li) lines.set(f.uri, (li = new LineIndex(text)));
    const start = li.positionAt(f.span.start);
    const end = li.positionAt(f.span.end);
    const uri = relativeUri(f.uri, input.root);
    // Stable across edits elsewhere in the file: the rule, the file and the trimmed text of the finding's line.
    const lineText = text.slice(li.lineStart(start.line), li.lineStart(start.line + 1)).trim();
    const base = createHash('sha256').update(`${f.code}\u0000${uri}\u0000${lineText}`).digest('hex').slice(0, 32);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const result: Record<string, unknown> = {
      ruleId: f.code,
      ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
            region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
          },
        },
      ],
      partialFingerprints: { 'netlensFinding/v1': `${base}:${n}` },
    };
    if ('suppression' in f) {
      result.suppressions = [{ kind: 'inSource', status: 'accepted', ...(f.suppression.reason ? { justification: f.suppression.reason } : {}) }];
    }
    return result;
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'NetLens', informationUri: ruleHelpUri('x').replace(/\/blob\/main\/docs\/rules\/x\.md$/, ''), version: pkg.version, semanticVersion: pkg.version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUriDir(input.root)}` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function pathToUriDir(root: string): string {
  const posix = root.split(path.sep).join('/');
  return `file://${posix.startsWith('/') ? '' : '/'}${posix.split('/').map(encodeURIComponent).join('/')}${posix.endsWith('/') ? '' : '/'}`;
}
