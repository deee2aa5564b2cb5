// A numeric port that none of the destination pods declares as a containerPort: often a Service port by mistake.
import type { Model, ServiceInfo, Workload } from '../model/types.ts';
import { matchesSelector } from '../connectivity/selectors.ts';
import type { ParsedFile } from '../parse/parse.ts';
import { finish } from '../steps.ts';
import { POLICY_TABLES } from '../rejudge.ts';
import type { WorkspaceReport, WorkspaceRule, WorkspaceRuleContext } from '../workspace.ts';
import { destPhrase, rulePortsSteps } from './ws-ports.ts';
import { dedupe } from './ws-policy.ts';

/**
 * Services with a selector, each filed under one pair of its selector (the rarest one): a Service selects a pod
 * only if the pod carries every pair, so the pod's own labels find every Service over it. The hint below runs
 * once per finding; scanning every Service of the namespace each time grew quadratically with the workspace.
 */
interface ServiceIndex {
  byPair: Map<string, ServiceInfo[]>;
  /** Position in model.services: the first Service in that order is the one the hint names. */
  order: Map<ServiceInfo, number>;
}

const pairKey = (ns: string, k: string, v: string): string => `${ns}\u0000${k}\u0000${v}`;

/** Built once per model's Service list: analyses of an unchanged model (other files' edits, each pull) reuse it. */
const INDEX = new WeakMap<readonly ServiceInfo[], ServiceIndex>();

export function serviceIndexOf(model: Pick<Model, 'services'>): ServiceIndex {
  return finish(serviceIndexSteps(model));
}

/** Services indexed between two stops of serviceIndexSteps. */
const SERVICES_PER_STEP = 512;

/** The Service index, built in steps (a sliced analysis) and kept only once complete. */
function* serviceIndexSteps(model: Pick<Model, 'services'>): Generator<void, ServiceIndex, void> {
  const hit = INDEX.get(model.services);
  if (hit) return hit;
  const withSelector = model.services.filter((s) => s.selector && Object.keys(s.selector).length > 0);
  const count = new Map<string, number>();
  for (const [i, s] of withSelector.entries()) {
    if (i > 0 && i % SERVICES_PER_STEP === 0) yield;
    for (const [k, v] of Object.entries(s.selector ?? {})) count.set(pairKey(s.namespace, k, v), (count.get(pairKey(s.namespace, k, v)) ?? 0) + 1);
  }
  yield;
  const ix: ServiceIndex = { byPair: new Map(), order: new Map() };
  model.services.forEach((s, i) => ix.order.set(s, i));
  for (const [i, s] of withSelector.entries()) {
    if (i > 0 && i % SERVICES_PER_STEP === 0) yield;
    const keys = Object.entries(s.selector ?? {}).map(([k, v]) => pairKey(s.namespace, k, v));
    const key = keys.reduce((a, b) => ((count.get(b) ?? 0) < (count.get(a) ?? 0) ? b : a));
    const list = ix.byPair.get(key);
    if (list) list.push(s);
    else ix.byPair.set(key, [s]);
  }
  const built = INDEX.get(model.services);
  if (built) return built;
  INDEX.set(model.services, ix);
  return ix;
}

/** Services over these pods that expose `port` with another targetPort: NetworkPolicy sees the pod's port. */
function serviceHint(services: ServiceIndex, dests: Workload[], port: number, protocol: string): string {
  // The first such Service by the destinations' namespace order, then model order (as a scan would find it).
  const nsRank = new Map([...new Set(dests.map((w) => w.namespace))].map((ns, i) => [ns, i]));
  let best: { rank: [number, number]; text: string } | undefined;
  const judged = new Set<ServiceInfo>();
  for (const w of dests) {
    for (const [k, v] of Object.entries(w.podLabels)) {
      for (const s of services.byPair.get(pairKey(w.namespace, k, v)) ?? []) {
        if (judged.has(s) || !matchesSelector({ matchLabels: s.selector ?? {}, matchExpressions: [] }, w.podLabels)) continue;
        judged.add(s);
        if (!s.ports.some((p) => p.port === port && p.protocol === protocol)) continue;
        const sp = s.ports.find((p) => p.port === port && p.protocol === protocol && p.targetPort !== port);
        if (!sp) continue;
        const rank: [number, number] = [nsRank.get(s.namespace) ?? 0, services.order.get(s) ?? 0];
        if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) {
          best = { rank, text: ` Service ${s.namespace}/${s.name} maps port ${port} to targetPort ${sp.targetPort}: NetworkPolicy applies to the pod's port, not the Service's.` };
        }
      }
    }
  }
  return best?.text ?? '';
}

export const rule: WorkspaceRule = {
  code: 'port-not-exposed',
  // Whether a port is exposed is the pods' business; Services only word the hint.
  reads: POLICY_TABLES,
  perPolicy: true,
  words: ['service'],
  defaultSeverity: 'information',
  description: 'A numeric port that no selected destination pod declares as a containerPort.',
  checkWorkspace(model, files, ctx) {
    finish(judge(model, files, ctx));
  },
  checkWorkspaceSteps: judge,
};

/** The rule, stopping between batches of ports (the Service index is built in steps first). */
function* judge(model: Model, files: ReadonlyMap<string, ParsedFile>, ctx: WorkspaceRuleContext): Generator<void, void, void> {
  const reports: WorkspaceReport[] = [];
  // Built on the first finding only (most analyses have none), in steps.
  let services: ServiceIndex | undefined;
  for (const [i, rp] of (yield* rulePortsSteps(model, files)).entries()) {
    if (i > 0 && i % 64 === 0) yield;
    const from = rp.port.port;
    if (typeof from !== 'number') continue;
    const to = rp.port.endPort ?? from;
    const proto = rp.port.protocol;
    // Pods that declare no port at all tell us nothing about what they listen on.
    if (!rp.dests.some((w) => w.ports.length > 0)) continue;
    if (rp.dests.some((w) => w.ports.some((c) => c.protocol === proto && c.containerPort >= from && c.containerPort <= to))) continue;
    const span = rp.locate();
    if (!span) continue;
    const what = to === from ? `${proto} port ${from}` : `${proto} port in ${from}-${to}`;
    services ??= yield* serviceIndexSteps(model);
    reports.push({
      uri: rp.uri,
      span,
      message:
        `${rp.path}: none of ${destPhrase(rp)} declares ${what} as a containerPort. A pod may listen on ports it does not declare; ` +
        `if not, this port lets nothing through.${serviceHint(services, rp.dests, from, proto)}`,
    });
  }
  for (const r of dedupe(reports)) ctx.report(r);
}
