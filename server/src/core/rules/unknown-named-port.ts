// A named port that none of the destination pods declares matches nothing for them: the rule admits nothing there.
import { isMap, isScalar } from 'yaml';
import { addPair, detectStyle } from '../fixes/yaml-text.ts';
import { getPair } from '../parse/access.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Span } from '../source.ts';
import type { Fix } from '../types.ts';
import type { Model } from '../model/types.ts';
import { finish } from '../steps.ts';
import type { WorkspaceReport, WorkspaceRule, WorkspaceRuleContext } from '../workspace.ts';
import { destPhrase, rulePortsSteps, type RulePort } from './ws-ports.ts';

/** Sets the port item's protocol to the one the pods declare the name for (replacing or adding `protocol`). */
function protocolFix(file: ParsedFile, rp: RulePort, span: Span, protocol: string): Fix | undefined {
  const item = rp.item();
  if (!isMap(item)) return undefined;
  const title = `Use protocol ${protocol} (the pods declare "${String(rp.port.port)}" for ${protocol})`;
  const pair = getPair(item, 'protocol');
  if (pair) {
    const r = isScalar(pair.value) ? pair.value.range : undefined;
    return r && r[1] > r[0] ? { title, edits: [{ span: { start: r[0], end: r[1] }, newText: protocol }] } : undefined;
  }
  const doc = file.docs.find((d) => d.range[0] <= span.start && span.end <= d.range[2]);
  const edit = addPair(file.text, item, 'protocol', protocol, detectStyle(file.text, doc ? [doc] : file.docs));
  return edit ? { title, edits: [edit] } : undefined;
}
import { dedupe } from './ws-policy.ts';
import { ciliumDestinations, ciliumPolicies, irObject, portScalar } from './ws-cilium.ts';
import { POLICY_TABLES } from '../rejudge.ts';

export const rule: WorkspaceRule = {
  code: 'unknown-named-port',
  reads: POLICY_TABLES,
  perPolicy: true,
  defaultSeverity: 'warning',
  description: 'A named port that no selected destination pod declares.',
  checkWorkspace(model, files, ctx) {
    finish(judge(model, files, ctx));
  },
  checkWorkspaceSteps: judge,
};

/** The rule, stopping between policies (their destinations are asked of the selection engine). */
function* judge(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void> {
  const reports: WorkspaceReport[] = [];
  for (const [i, rp] of (yield* rulePortsSteps(model, files)).entries()) {
    if (i > 0 && i % 64 === 0) yield;
    const name = rp.port.port;
    if (typeof name !== 'string') continue;
    const proto = rp.port.protocol;
    if (rp.dests.some((w) => w.ports.some((c) => c.name === name && c.protocol === proto))) continue;
    const span = rp.locate();
    if (!span) continue;
    const other = [...new Set(rp.dests.flatMap((w) => w.ports.filter((c) => c.name === name).map((c) => c.protocol)))];
    const hint = other.length > 0 ? ` It is declared for ${other.join('/')} only; set \`protocol: ${other[0]}\` if that is the port you mean.` : '';
    const file = files.get(rp.uri);
    const fix = ctx.fixesIn(file) && other.length === 1 && file ? protocolFix(file, rp, span, other[0] as string) : undefined;
    reports.push({
      uri: rp.uri,
      span,
      message: `${rp.path}: none of ${destPhrase(rp)} declares a ${proto} container port named "${name}", so this port matches nothing for them.${hint}`,
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
  // Cilium rules: a port with protocol ANY (or none) names a port of any protocol.
  for (const p of ciliumPolicies(model)) {
    yield;
    const obj = irObject(files, p);
    if (!obj) continue;
    for (const rule of p.rules) {
      if (rule.action !== 'allow') continue;
      const named = (rule.ports ?? []).filter((x) => !x.invalid && typeof x.port === 'string');
      if (named.length === 0) continue;
      const dests = ciliumDestinations(model, p, rule).filter((w) => !w.hostNetwork);
      if (dests.length === 0) continue;
      for (const port of named) {
        const name = port.port as string;
        const proto = port.protocol;
        if (dests.some((w) => w.ports.some((c) => c.name === name && (proto === 'ANY' || c.protocol === proto)))) continue;
        const at = portScalar(obj, p, rule, port);
        if (!at) continue;
        const other = [...new Set(dests.flatMap((w) => w.ports.filter((c) => c.name === name).map((c) => c.protocol)))];
        const hint = other.length > 0 ? ` It is declared for ${other.join('/')} only; set \`protocol: ${other[0]}\` (or ANY) if that is the port you mean.` : '';
        const names = dests.map((w) => `${w.namespace}/${w.name}`).sort();
        const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
        const whose = rule.direction === 'ingress' ? 'the pods this policy selects' : 'the pods this rule sends to';
        const what = proto === 'ANY' ? 'container port' : `${proto} container port`;
        // The IR holds the name as the agent does (lower-cased); say so when the manifest spells it otherwise.
        const written = files.get(obj.uri)?.text.slice(at.span.start, at.span.end).replace(/^["']|["']$/g, '');
        const lowered = written !== undefined && written !== name && written.toLowerCase() === name ? ` (Cilium lower-cases "${written}" before matching)` : '';
        reports.push({
          uri: obj.uri,
          span: at.span,
          message: `${at.path}: none of ${whose} (${shown}) declares a ${what} named "${name}"${lowered}, so this port matches nothing for them.${hint}`,
        });
      }
    }
  }
  for (const r of dedupe(reports)) ctx.report(r);
}
