// Rule documentation for the CLI's reports: the docs/rules/<code>.md pages shipped beside dist/, and their URLs.
import fs from 'node:fs';
import path from 'node:path';
import pkg from '../../../package.json';
import { ruleDocPath } from '../core/index.ts';

/** Where the rule pages are browsable: the repository's docs/rules on its default branch. */
export function ruleHelpUri(code: string): string {
  const repo = (pkg.repository?.url ?? 'https://example.invalid/netlens').replace(/^git\+/, '').replace(/\.git$/, '');
  return `${repo}/blob/main/${ruleDocPath(code)}`;
}

/** The page's Markdown, read from the package (dist/../docs/rules); undefined when not shipped. */
export function ruleDocMarkdown(code: string, root = path.resolve(__dirname, '..')): string | undefined {
  try {
    return fs.readFileSync(path.join(root, ruleDocPath(code)), 'utf8');
  } catch {
    return undefined;
  }
}

/** The first paragraph of the page's "What it checks" section, as plain text (one line). */
export function whatItChecks(markdown: string): string | undefined {
  const at = markdown.indexOf('## What it checks');
  if (at === -1) return undefined;
  const para = markdown.slice(at).split(/\n\s*\n/)[1];
  return para
    ?.replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
