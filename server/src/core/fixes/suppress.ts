// "Disable <code> for this line": a `# netlens-disable-next-line <code> -- <reason>` comment above the line a
// finding starts on, indented like that line and with the file's line ending, so layout and comments survive.
import { isScalar, visit } from 'yaml';
import type { ParsedFile } from '../parse/parse.ts';
import type { Finding, Fix } from '../types.ts';
import { eolOf } from './yaml-text.ts';

/** Placeholder the reviewer replaces with the reason the exception is safe. */
export const REASON_PLACEHOLDER = '<reason>';

function inBlockScalar(file: ParsedFile, offset: number): boolean {
  let inside = false;
  for (const doc of file.docs) {
    visit(doc, {
      Scalar(_, node) {
        if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range && node.range[0] < offset && offset < node.range[1]) inside = true;
      },
    });
  }
  return inside;
}

/** Undefined when a comment cannot go above the finding's line (inside a block scalar, where it would be text). */
export function disableForLineFix(file: ParsedFile, f: Pick<Finding, 'code' | 'span'>): Fix | undefined {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', f.span.start - 1) + 1;
  if (inBlockScalar(file, lineStart)) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const newText = `${indent}# netlens-disable-next-line ${f.code} -- ${REASON_PLACEHOLDER}${eolOf(text)}`;
  return { title: `Disable ${f.code} for this line`, edits: [{ span: { start: lineStart, end: lineStart }, newText }] };
}
