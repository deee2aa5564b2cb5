// Destination pods of a rule's ports, shared by unknown-named-port and port-not-exposed: for ingress the
// policy's own pods, for egress the pods its selector peers match (unknowable for "any peer" and ipBlocks).
import type { Direction, Model, Policy, PolicyPort, PolicyRule, Workload } from '../model/types.ts';
import type { Node } from 'yaml';
import type { ParsedFile } from '../parse/parse.ts';
import { itemKey, npSpans } from './np-spans.ts';
import type { Span } from '../source.ts';
import { memoOf } from '../policy/select.ts';
import { finish } from '../steps.ts';
import { isEmptySelector } from '../connectivity/selectors.ts';
import { indexModel, namespaceHasWorkloads, peerNamespaces, peerWorkloads, policyObject, ruleNode, selectedWorkloads, type WsIndex } from './ws-policy.ts';

export interface RulePort {
  policy: Policy;
  direction: Direction;
  rule: PolicyRule;
  port: PolicyPort;
  /** Pods the port is about; empty = not known from the workspace (no finding). */
  dests: Workload[];
  uri: string;
  /** `spec.egress[0].ports[1]` */
  path: string;
  /**
   * The `port:` value's span, read when a finding needs it; undefined when the source has no such value (a port a
   * kustomize patch adds): no finding then.
   */
  locate(): Span | undefined;
  /** The port item's node (for fixes). */
  item(): Node | undefined;
}

/**
 * The pods a rule's ports are about, when the workspace (or the cluster workloads of the settings) knows them;
 * empty when it cannot say: the port may be meant for addresses or for pods outside the repository.
 */
function destinations(ix: WsIndex, p: Policy, direction: Direction, rule: PolicyRule): Workload[] {
  if (direction === 'ingress') {
    // Every pod of a namespace the repository deploys nothing to: the settings' cluster workloads (kube-dns) are
    // a few of those pods, not all of them.
    if (isEmptySelector(p.podSelector) && !namespaceHasWorkloads(ix, p.namespace)) return [];
    return [...selectedWorkloads(ix, p)];
  }
  if (!rule.peers || rule.peers.length === 0) return []; // every destination, most outside the workspace
  const out = new Set<Workload>();
  for (const peer of rule.peers) {
    if (peer.ipBlock) return []; // the port may be for those addresses
    // A namespaceSelector alone means every pod of those namespaces: unless each has workloads here, most of
    // those pods are outside the repository (`{}` is the whole cluster).
    const ns = peer.namespaceSelector;
    if (ns && !peer.podSelector && (isEmptySelector(ns) || !peerNamespaces(ix.model, p, peer).every((n) => namespaceHasWorkloads(ix, n)))) return [];
    for (const w of peerWorkloads(ix, p, peer)) out.add(w);
  }
  return [...out];
}

/** Every valid port item with a `port:` value, in every rule of every policy, with its destination pods. */
export function rulePorts(model: Model, files: ReadonlyMap<string, ParsedFile>): RulePort[] {
  return finish(rulePortsSteps(model, files));
}

/** Policies whose ports rulePortsSteps reads between two stops (each asks which pods its peers select). */
const POLICIES_PER_STEP = 8;

/** rulePorts, stopping between policies; the list is kept on the model's memo only once complete. */
export function* rulePortsSteps(model: Model, files: ReadonlyMap<string, ParsedFile>): Generator<void, RulePort[], void> {
  // Two rules walk the same ports of the same analysis: compute them once per model and files map.
  const memo = memoOf(model);
  if (memo.rulePorts?.files === files) return memo.rulePorts.value as RulePort[];
  const out: RulePort[] = [];
  const ix = indexModel(model);
  for (const [i, policy] of model.policies.entries()) {
    if (i > 0 && i % POLICIES_PER_STEP === 0) {
      yield;
      if (memo.rulePorts?.files === files) return memo.rulePorts.value as RulePort[];
    }
    const obj = policyObject(files, policy);
    if (!obj) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      for (const rule of policy[direction]) {
        const ports = (rule.ports ?? []).filter((p) => !p.invalid && p.port !== undefined);
        if (ports.length === 0) continue;
        const dests = destinations(ix, policy, direction, rule).filter((w) => !w.hostNetwork);
        if (dests.length === 0) continue;
        for (const port of ports) {
          const locate = (): Span | undefined => npSpans(obj).ports[itemKey(direction, rule.index, port.index)] ?? undefined;
          const item = (): Node | undefined => ruleNode(obj, direction, rule.index)?.ports[port.index]?.node;
          out.push({ policy, direction, rule, port, dests, uri: obj.uri, path: `spec.${direction}[${rule.index}].ports[${port.index}]`, locate, item });
        }
      }
    }
  }
  memo.rulePorts = { files, value: out };
  return out;
}

export function destPhrase(rp: RulePort): string {
  const names = rp.dests.map((w) => `${w.namespace}/${w.name}`).sort();
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  const whose = rp.direction === 'ingress' ? 'the pods this policy selects' : 'the pods this rule sends to';
  return `${whose} (${shown})`;
}
