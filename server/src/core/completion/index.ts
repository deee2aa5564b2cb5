// Completion for NetworkPolicy documents (and whole-policy snippets in an empty document): keys from the schema,
// enum values, labels, named ports and namespaces from the workspace model. Pure, never throws.
import type { Model } from '../model/types.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { isPolicyObject } from '../hover/context.ts';
import { schemaAt } from '../schema/networkpolicy.ts';
import { completionContext } from './context.ts';
import { keyEntries } from './keys.ts';
import { policySnippets } from './snippets.ts';
import type { CompletionEntry, CompletionOptions } from './types.ts';
import { labelKeyEntries, selectorPathOf, valueEntries } from './values.ts';
import { policyNamespace, selectorCandidates } from './workspace.ts';
import { DEFAULT_KUBE_DNS } from '../options.ts';
import { get, scalarString } from '../parse/access.ts';
import { kindEntryOf } from '../kinds/registry.ts';
import { ciliumEntries } from './cilium.ts';
import { directiveCompletions } from '../suppress/assist.ts';
import { limitEntries } from './limit.ts';

export type { CompletionEntry, CompletionKind, CompletionOptions } from './types.ts';

function entriesAt(file: ParsedFile, offset: number, model: Model, options: CompletionOptions): CompletionEntry[] {
  const ctx = completionContext(file, offset);
  if (!ctx) return [];
  const spaceTrigger = options.triggerCharacter === ' ';
  const defaultNs = options.defaultNamespace ?? 'default';
  if (ctx.mode === 'empty') {
    if (!ctx.bareLine || ctx.column !== 0 || spaceTrigger) return [];
    return policySnippets(model, ctx.span, defaultNs, options.clusterWorkloads ?? [DEFAULT_KUBE_DNS]);
  }
  if (ctx.mode === 'value') {
    // A kind folder's own value completion (route parents, listeners, Services and ports) comes first.
    const kind = scalarString(get(ctx.loc.doc, ctx.loc.object, 'kind'));
    const apiVersion = scalarString(get(ctx.loc.doc, ctx.loc.object, 'apiVersion'));
    const namespace = scalarString(get(ctx.loc.doc, get(ctx.loc.doc, ctx.loc.object, 'metadata'), 'namespace')) ?? defaultNs;
    const space = file.text[ctx.span.start - 1] === ':';
    const own = kindEntryOf({ kind, apiVersion })?.completeValue?.({ loc: ctx.loc, path: ctx.path, span: ctx.span, space, model, workspace: options.workspace, namespace });
    if (own) return own;
  }
  const cilium = ciliumEntries(ctx, model, ctx.mode === 'value' && file.text[ctx.span.start - 1] === ':');
  if (cilium) return spaceTrigger && ctx.mode === 'key' && (ctx.bareLine || ctx.span.end > ctx.span.start) ? [] : cilium;
  if (!isPolicyObject(ctx.loc)) return []; // other kinds are Red Hat YAML's (and the schema's) business
  // A typed space opens completion only after `key: ` and `- `, not while indenting.
  if (spaceTrigger && ctx.mode === 'key' && (ctx.bareLine || ctx.span.end > ctx.span.start)) return [];
  const policyNs = policyNamespace(ctx.loc, model, file.uri, defaultNs);
  if (ctx.mode === 'key') {
    const schema = schemaAt(ctx.path);
    if (!schema) return [];
    if (schema.type === 'object') {
      const isMeta = ctx.path.length === 1 && ctx.path[0] === 'metadata';
      return keyEntries(schema, ctx.present, ctx.span, ctx.column - ctx.lineIndent, isMeta);
    }
    if (schema.type === 'string-map') {
      const sel = selectorPathOf(ctx.path);
      if (!sel || ctx.path.length !== sel.length + 1) return [];
      return labelKeyEntries(selectorCandidates(ctx.loc, sel, model, policyNs), ctx.present, ctx.span, false);
    }
    // A scalar list item being typed (policyTypes, matchExpressions values): complete it as a value.
    if (schema.type !== 'list') return valueEntries({ loc: ctx.loc, model, policyNs, span: ctx.span, space: false }, ctx.path);
    return [];
  }
  const space = file.text[ctx.span.start - 1] === ':';
  return valueEntries({ loc: ctx.loc, model, policyNs, span: ctx.span, space }, ctx.path);
}

/** Completion items at `offset` of `file`; empty outside NetworkPolicy and Cilium policy documents (and empty documents). */
export function completeAt(file: ParsedFile, offset: number, model: Model, options: CompletionOptions = {}): CompletionEntry[] {
  return completionListAt(file, offset, model, options).entries;
}

/**
 * completeAt with `options.limit`: a longer list is cut to the entries the typed text can still match, best
 * first, and said `incomplete` (an editor asks again as the user types, so the cut never hides a match for long).
 */
export function completionListAt(file: ParsedFile, offset: number, model: Model, options: CompletionOptions = {}): { entries: CompletionEntry[]; incomplete: boolean } {
  try {
    // Inside a `# netlens-disable...` comment: keywords and rule codes, in any YAML file.
    let entries = directiveCompletions(file, offset) ?? entriesAt(file, offset, model, options);
    const incomplete = options.limit !== undefined && entries.length > options.limit;
    if (incomplete) entries = limitEntries(entries, file.text, offset, options.limit!);
    return { entries: entries.map((e, i) => ({ ...e, sortText: String(i).padStart(4, '0') })), incomplete };
  } catch {
    return { entries: [], incomplete: false };
  }
}
