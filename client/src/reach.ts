// "NetLens: Can A reach B?": pick two workloads (or IP addresses) and a port, ask the server, show the verdict
// with the deciding rules one click away.
import * as vscode from 'vscode';
import { ReachRequest, WorkloadsRequest, type ReachResult, type RuleRefJson, type SourceLocation, type WorkloadSummary } from '../../server/src/protocol.ts';
import type { Ctx } from './client.ts';

export interface CanReachArgs {
  from: string;
  to: string;
  /** `8080`, `53/UDP`, or a number. */
  port: string | number;
}

const IP_ITEM = '$(globe) An IP address…';
const PORT_RE = /^\s*\d{1,5}(\/(tcp|udp|sctp|icmp))?\s*$/i;

async function pickEndpoint(workloads: WorkloadSummary[], title: string, placeHolder: string): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { id?: string })[] = [
    ...workloads.map((w) => ({
      label: w.id,
      description: w.kind === 'ClusterWorkload' ? 'from settings' : w.kind,
      detail: Object.entries(w.labels).map(([k, v]) => `${k}=${v}`).join(', ') || undefined,
      id: w.id,
    })),
    { label: IP_ITEM, alwaysShow: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.id) return picked.id;
  return vscode.window.showInputBox({ title, prompt: 'An IPv4 or IPv6 address', placeHolder: '203.0.113.10', ignoreFocusOut: true });
}

function ruleText(r: RuleRefJson): string {
  return `${r.policy} ${r.direction}[${r.ruleIndex}]`;
}

function directionText(name: string, d: ReachResult['egress']): string {
  if (d.unmodelled) return `${name}: not analysed — ${d.unmodelled}`;
  if (!d.isolated) return `${name}: not isolated (no policy selects the pods for ${name.toLowerCase()})`;
  if (d.allowed && d.allowedBy.length === 0 && d.allowedBecause) return `${name}: allowed without a rule — ${d.allowedBecause}`;
  if (d.allowed) return `${name}: allowed by ${d.allowedBy.map(ruleText).join(', ')}`;
  return `${name}: denied — isolated by ${d.isolatedBy.map((r) => r.policy).join(', ')} and no rule allows it`;
}

async function reveal(loc: SourceLocation): Promise<void> {
  const r = loc.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(loc.uri), { selection: range, preview: true });
}

/** Shows the verdict; the buttons open the deciding (or isolating) rules. Not awaited by the command. */
async function showVerdict(ctx: Ctx, q: CanReachArgs, r: ReachResult): Promise<void> {
  const port = typeof q.port === 'number' ? `${q.port}/TCP` : q.port;
  const head = `${r.allowed ? '✅' : '⛔'} ${q.from} ${r.allowed ? 'can' : 'cannot'} reach ${q.to} on ${port}.`;
  const details = [directionText('Egress', r.egress), directionText('Ingress', r.ingress), ...r.caveats.map((c) => `Caveat: ${c}`)];
  ctx.output.info([head, ...details.map((d) => `  ${d}`)].join('\n'));
  const refs = [...r.egress.allowedBy, ...r.ingress.allowedBy, ...(r.allowed ? [] : [...r.egress.isolatedBy, ...r.ingress.isolatedBy])].filter((x) => x.location);
  const buttons = refs.slice(0, 3).map((x) => ruleText(x));
  const choice = await vscode.window.showInformationMessage(`${head} ${details.join(' ')}`, ...buttons);
  const ref = refs.find((x) => ruleText(x) === choice);
  if (ref?.location) await reveal(ref.location);
}

/**
 * The command. With `args` (tests, keybindings) it asks no questions; it returns the verdict either way
 * (undefined when the user cancels).
 */
export async function canReach(ctx: Ctx, args?: Partial<CanReachArgs>): Promise<ReachResult | undefined> {
  let q: CanReachArgs | undefined;
  if (args?.from && args.to && args.port !== undefined) q = { from: args.from, to: args.to, port: args.port };
  else {
    const { workloads } = await ctx.request(WorkloadsRequest, {});
    if (workloads.length === 0) void vscode.window.showInformationMessage('NetLens found no workloads in this workspace; you can still enter IP addresses.');
    const from = await pickEndpoint(workloads, 'Can A reach B? (1/3)', 'Source workload (A)');
    if (!from) return undefined;
    const to = await pickEndpoint(workloads, 'Can A reach B? (2/3)', `Destination workload (B) reached from ${from}`);
    if (!to) return undefined;
    const port = await vscode.window.showInputBox({
      title: 'Can A reach B? (3/3)',
      prompt: 'Port, with an optional protocol (TCP by default)',
      placeHolder: '8080, 53/UDP',
      ignoreFocusOut: true,
      validateInput: (v) => (PORT_RE.test(v) ? undefined : 'A port number, optionally /TCP, /UDP, /SCTP or /ICMP'),
    });
    if (!port) return undefined;
    q = { from, to, port: port.trim() };
  }
  const result = await ctx.request(ReachRequest, { from: q.from, to: q.to, port: q.port });
  if (result.error) {
    ctx.output.warn(`Can ${q.from} reach ${q.to}? ${result.error}`);
    void vscode.window.showErrorMessage(`NetLens: ${result.error}`);
    return result;
  }
  void showVerdict(ctx, q, result).catch((err: unknown) => ctx.output.error(`Showing the verdict: ${String(err)}`));
  return result;
}
