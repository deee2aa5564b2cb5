// Code actions not tied to a finding, for the LSP adapter: what can be done to the NetworkPolicy at a span.
import { isCiliumPolicy, isNetworkPolicy } from '../kinds.ts';
import type { Model } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';
import { ciliumDefaultDenyActions } from './cilium-default-deny.ts';
import { defaultDenyActions } from './default-deny.ts';
import { explicitPolicyTypesFix } from './policy-types.ts';

export { addDnsEgressFix, dnsEgressRule } from './dns-egress.ts';

/** A Fix with its LSP kind. `uri` absent = the edits apply to the file the action was asked for. */
export interface CodeActionItem extends Fix {
  kind: 'quickfix' | 'refactor';
}

export interface CodeActionContext {
  /** Whether a file exists (for "new file" targets); absent = assume none does. */
  uriExists?(uri: string): boolean;
}

/**
 * Actions for the NetworkPolicy containing `span` in `file`: "Add default-deny policy for namespace X" when
 * its namespace has none, "Add explicit policyTypes" when it relies on defaulting; in a CiliumNetworkPolicy,
 * "Add default-deny CiliumNetworkPolicy for namespace X". `model` must come from the same analysis as `file`.
 * Pure; never throws on user input.
 */
export function codeActionsAt(file: ParsedFile, span: Span, model: Model, options: Options, ctx: CodeActionContext = {}): CodeActionItem[] {
  try {
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
  } catch {
    return []; // an action we cannot compute is an action we do not offer
  }
}
