// Hovers about the policy as a whole: what spec.podSelector selects and isolates, and the effective policyTypes.
import { isSeq } from 'yaml';
import { selectedWorkloads } from '../policy/select.ts';
import { describeSelector, isEmptySelector } from '../connectivity/selectors.ts';
import type { Direction, Policy } from '../model/types.ts';
import { get, getPair } from '../parse/access.ts';
import type { HoverContext } from './context.ts';
import { code, joinAnd, plural, uniqueWorkloads, workloadList } from './format.ts';

const TYPE_NAME: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

function invalidNote(p: Policy): string {
  return p.invalid && p.invalid.length > 0 ? `\n\n**The API server would reject this policy** (${p.invalid[0]}), so it isolates nothing and allows nothing.` : '';
}

function placementNote(ctx: HoverContext): string {
  return ctx.placements.length > 1 ? `\n\nKustomizations place this policy in ${plural(ctx.placements.length, 'namespace')} (${joinAnd(ctx.placements.map(code))}); shown for ${code(ctx.placements[0] ?? '')}.` : '';
}

/** Pods the workspace does not declare in `ns` (model/deployers.ts `by`), which a selector there may match. */
export function undeclaredPodsNote(by: readonly string[] | undefined, ns: string): string {
  if (!by || by.length === 0) return '';
  const shown = by.slice(0, 3).map(code);
  if (by.length > 3) shown.push(`${by.length - 3} more`);
  return ` ${joinAnd(shown)} ${by.length === 1 ? 'runs' : 'run'} pods in ${code(ns)} that the workspace does not declare; it may select those.`;
}

/** "isolated for ingress and egress" from the effective types. */
export function isolationPhrase(p: Policy): string {
  return `isolated for ${joinAnd(p.policyTypes)}`;
}

/** Hover on spec.podSelector: the workloads it selects and what that does to them. */
export function podSelectorHover(ctx: HoverContext): string | undefined {
  const p = ctx.policy;
  if (!p) return undefined;
  const ws = uniqueWorkloads(selectedWorkloads(ctx.model, p));
  const sel = isEmptySelector(p.podSelector) ? `every pod in ${code(p.namespace)}` : `pods ${code(describeSelector(p.podSelector))} in ${code(p.namespace)}`;
  let head: string;
  if (p.podSelector.invalid) head = `**podSelector** is invalid (${p.podSelector.invalid}); it selects nothing.`;
  else if (ws.length === 0) head = `**podSelector** selects ${sel}: no workload in the workspace matches.${undeclaredPodsNote(ctx.undeclaredPodsIn?.(p.namespace), p.namespace)}`;
  else head = `**podSelector** selects ${plural(ws.length, 'workload')} in ${code(p.namespace)}: ${workloadList(ws, ctx.linkFor)}.`;
  const effect = `Their pods are ${isolationPhrase(p)}: only traffic this or another policy allows gets through in ${p.policyTypes.length > 1 ? 'those directions' : 'that direction'}.`;
  return `${head}\n\n${effect}${invalidNote(p)}${placementNote(ctx)}`;
}

function ruleCount(n: number): string {
  return n === 0 ? 'no rules' : plural(n, 'rule');
}

/** Hover on policyTypes (or on `spec` when policyTypes is absent): the effective types and why. */
export function policyTypesHover(ctx: HoverContext): string | undefined {
  const p = ctx.policy;
  if (!p) return undefined;
  const spec = ctx.obj ? get(ctx.obj.doc, ctx.obj.node, 'spec') : undefined;
  const written = spec ? getPair(spec as never, 'policyTypes') : undefined;
  const types = joinAnd(p.policyTypes.map((t) => TYPE_NAME[t]));
  const lines: string[] = [];
  if (p.policyTypesExplicit) {
    lines.push(`**Effective policyTypes: ${types}** (as written).`);
  } else {
    const why = written && isSeq(get(ctx.obj!.doc, spec, 'policyTypes')) ? '`policyTypes` is empty' : '`policyTypes` is not set';
    const egressWhy = p.egress.length > 0 ? `plus Egress because \`egress\` has ${ruleCount(p.egress.length)}` : 'and not Egress, because `egress` has no rules';
    lines.push(`**Effective policyTypes: ${types}** — ${why}, so the API server defaults it: always Ingress, ${egressWhy}.`);
    if (p.egress.length > 0 && p.ingress.length === 0) lines.push('This defaulting also isolates ingress: with no `ingress` rules, all ingress to the selected pods is denied.');
  }
  const bullets: string[] = [];
  for (const d of ['ingress', 'egress'] as const) {
    const n = p[d].length;
    if (p.policyTypes.includes(d)) {
      bullets.push(`- ${TYPE_NAME[d]}: the selected pods are isolated; ${n === 0 ? `no \`${d}\` rules, so all ${d} is denied (unless another policy allows it)` : `${ruleCount(n)} in \`${d}\` ${n === 1 ? 'allows' : 'allow'} traffic`}.`);
    } else if (n > 0) {
      bullets.push(`- ${TYPE_NAME[d]}: not a policy type, so ${n === 1 ? 'the rule' : `the ${n} rules`} in \`${d}\` ${n === 1 ? 'has' : 'have'} no effect.`);
    }
  }
  if (bullets.length > 0) lines.push(bullets.join('\n'));
  return lines.join('\n\n') + invalidNote(p);
}
