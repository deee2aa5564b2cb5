// Code actions that need the workspace model, for the LSP adapter: what can be done to the NetworkPolicy at a
// span (or the CNP: Cilium-form default-deny), and the kind registry's workspace fixes for the findings there
// (a route's missing backend port).
import { isCiliumPolicy, isNetworkPolicy } from '../kinds.ts';
import { kindEntryOf, objectAt } from '../kinds/registry.ts';
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import type { Finding, Fix } from '../types.ts';
import { ciliumDefaultDenyActions } from './cilium-default-deny.ts';
import { defaultDenyActions } from './default-deny.ts';
import { explicitPolicyTypesFix } from './policy-types.ts';

export { addDnsEgressFix, dnsEgressRule } from './dns-egress.ts';

/** A Fix with its LSP kind. `uri` absent = the edits apply to the file the action was asked for. */
export interface CodeActionItem extends Fix {
  kind: 'quickfix' | 'refactor';
  /** The finding (one of the context's) this fix answers. */
  finding?: Finding;
}

export interface CodeActionContext {
  /** Whether a file exists (for "new file" targets); absent = assume none does. */
  uriExists?(uri: string): boolean;
  /** The findings the editor asks fixes for (the diagnostics at the span), for fixes that need the model. */
  findings?: readonly Finding[];
}

/** Fixes the kind registry computes from the model for the given findings of `file`. */
function workspaceFixes(file: ParsedFile, model: Model, options: Options, findings: readonly Finding[]): CodeActionItem[] {
  const out: CodeActionItem[] = [];
  for (const finding of findings) {
    if (finding.uri !== file.uri) continue;
    const obj = objectAt(file, finding.span);
    const provider = obj ? kindEntryOf(obj)?.workspaceFixes?.[finding.code] : undefined;
    if (!obj || !provider) continue;
    for (const fix of provider(finding, file, obj, { model, options })) out.push({ ...fix, kind: 'quickfix', finding });
  }
  return out;
}

/**
 * Actions at `span` in `file`: the kind registry's workspace fixes for `ctx.findings`, and for the NetworkPolicy
 * there "Add default-deny policy for namespace X" when its namespace has none, "Add explicit policyTypes" when it
 * relies on defaulting; in a CiliumNetworkPolicy, "Add default-deny CiliumNetworkPolicy for namespace X". `model`
 * must come from the same analysis as `file`. Pure; never throws on user input.
 */
export function codeActionsAt(file: ParsedFile, span: Span, model: Model, options: Options, ctx: CodeActionContext = {}): CodeActionItem[] {
  try {
    const fixes = ctx.findings?.length ? workspaceFixes(file, model, options, ctx.findings) : [];
    return [...fixes, ...policyActions(file, span, model, options, ctx)];
  } catch {
    return []; // an action we cannot compute is an action we do not offer
  }
}

function policyActions(file: ParsedFile, span: Span, model: Model, options: Options, ctx: CodeActionContext): CodeActionItem[] {
  const cilium = file.objects.find((o) => isCiliumPolicy(o) && o.span.start <= span.start && span.end <= o.span.end);
  if (cilium) {
    const irs = model.policyIR.filter((p) => p.origin.kind === 'file' && p.origin.uri === file.uri && p.origin.docIndex === cilium.docIndex && p.origin.listIndex === cilium.listIndex && p.origin.span.start === cilium.span.start);
    return ciliumDefaultDenyActions(file, cilium, irs, model, options, ctx.uriExists ?? (() => false)).map((f) => ({ ...f, kind: 'quickfix' as const }));
  }
  const obj = file.objects.find((o) => isNetworkPolicy(o) && o.span.start <= span.start && span.end <= o.span.end);
  if (!obj) return [];
  const policies = model.policies.filter(
    (p) => p.origin.kind === 'file' && p.origin.uri === file.uri && p.origin.docIndex === obj.docIndex && p.origin.listIndex === obj.listIndex && p.origin.span.start === obj.span.start,
  );
  const first = policies[0];
  if (!first) return [];
  const out: CodeActionItem[] = [];
  const types = explicitPolicyTypesFix(file, obj, first);
  if (types) out.push({ ...types, kind: 'refactor' });
  for (const f of defaultDenyActions(file, obj, policies, model, options, ctx.uriExists ?? (() => false))) out.push({ ...f, kind: 'quickfix' });
  return out;
}
