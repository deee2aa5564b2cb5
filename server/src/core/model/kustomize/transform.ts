// Applies what a kustomize build did to one object onto its draft: labels on kustomize's default field specs
// (metadata, pod templates, Service selectors, NetworkPolicy podSelector/peer podSelector matchLabels when
// present) and strategic-merge patches of pod-template labels, container ports and a NetworkPolicy's spec.
import { isMap, type Document } from 'yaml';
import { get, seqItems } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { readPolicy, type PolicyDraft } from '../../kinds/networkpolicy/read.ts';
import type { Options } from '../../options.ts';
import type { ServiceDraft } from '../services.ts';
import type { NamespaceInfo, Peer, PolicyRule, Selector } from '../types.ts';
import { readWorkload, type WorkloadDraft } from '../workloads.ts';
import type { Instance, PatchObject } from './build.ts';

/** Whether `path` (keys, lists walked through) exists as a map in the node: field specs with create: false. */
function hasMatchLabels(doc: Document, sel: unknown): boolean {
  return isMap(get(doc, sel, 'matchLabels'));
}

const withLabels = (sel: Selector, labels: Record<string, string>): Selector => ({ ...sel, matchLabels: { ...sel.matchLabels, ...labels } });

export function transformWorkload(draft: WorkloadDraft, inst: Instance): WorkloadDraft {
  const out: WorkloadDraft = { ...draft, name: inst.name, podLabels: { ...draft.podLabels }, ports: [...draft.ports] };
  for (const patch of inst.patches) patchWorkload(out, patch.obj);
  // A bare Pod's labels are its metadata labels (every label op); controllers' pod templates only take
  // commonLabels and labels with includeTemplates/includeSelectors.
  for (const op of inst.labels) if (draft.kind === 'Pod' || op.templates) Object.assign(out.podLabels, op.labels);
  return out;
}

/** Strategic merge of a workload patch: pod labels merge; container ports merge by containerPort. */
function patchWorkload(out: WorkloadDraft, patch: ManifestObject): void {
  // A patch without a pod template (e.g. only replicas) reads as no workload: nothing for policies changes.
  const p = readWorkload(patch);
  if (!p) return;
  Object.assign(out.podLabels, p.podLabels);
  for (const port of p.ports) {
    const i = out.ports.findIndex((q) => q.containerPort === port.containerPort && q.protocol === port.protocol);
    if (i === -1) out.ports.push(port);
    else out.ports[i] = { ...out.ports[i], ...port };
  }
  if (p.hostNetwork) out.hostNetwork = true;
}

export function transformService(draft: ServiceDraft, inst: Instance): ServiceDraft {
  const out: ServiceDraft = { ...draft, name: inst.name };
  for (const op of inst.labels) {
    // spec/selector has create: true: a Service without a selector gets one.
    if (op.selectors) out.selector = { ...(out.selector ?? {}), ...op.labels };
  }
  return out;
}

export function transformNamespace(ns: NamespaceInfo, inst: Instance): NamespaceInfo {
  const labels = { ...ns.labels };
  for (const op of inst.labels) Object.assign(labels, op.labels);
  // The API server's name label follows the (possibly renamed) name.
  return { ...ns, name: inst.name, labels: { ...labels, 'kubernetes.io/metadata.name': inst.name } };
}

export function transformPolicy(draft: PolicyDraft, inst: Instance, options: Options): PolicyDraft {
  let out: PolicyDraft = { ...draft, name: inst.name };
  let source = inst.obj;
  for (const patch of inst.patches) {
    // Inline patches have no file to point at: their rules could not be shown, so they are not applied.
    if (patch.inline) continue;
    const merged = patchPolicy(out, patch, options);
    if (merged) {
      out = merged;
      source = patch.obj;
    }
  }
  const selOps = inst.labels.filter((op) => op.selectors);
  if (selOps.length === 0) return out;
  const labels = Object.assign({}, ...selOps.map((op) => op.labels)) as Record<string, string>;
  const doc = source.doc;
  const spec = get(doc, source.node, 'spec');
  if (hasMatchLabels(doc, get(doc, spec, 'podSelector'))) out = { ...out, podSelector: withLabels(out.podSelector, labels) };
  const peers = (dir: 'ingress' | 'egress', rules: PolicyRule[]): PolicyRule[] => {
    const nodes = seqItems(doc, get(doc, spec, dir));
    return rules.map((rule) => {
      const peerNodes = seqItems(doc, get(doc, nodes[rule.index], dir === 'ingress' ? 'from' : 'to'));
      if (!rule.peers?.some((p) => p.podSelector && hasMatchLabels(doc, get(doc, peerNodes[p.index], 'podSelector')))) return rule;
      const mapped: Peer[] = rule.peers.map((p) =>
        p.podSelector && hasMatchLabels(doc, get(doc, peerNodes[p.index], 'podSelector')) ? { ...p, podSelector: withLabels(p.podSelector, labels) } : p,
      );
      return { ...rule, peers: mapped };
    });
  };
  return { ...out, ingress: peers('ingress', out.ingress), egress: peers('egress', out.egress) };
}

/**
 * A NetworkPolicy patch: podSelector.matchLabels merge; ingress, egress and policyTypes (lists without a merge
 * key) are replaced as a whole. The replaced parts keep the patch file's spans and origin.
 */
function patchPolicy(base: PolicyDraft, { obj, text }: PatchObject, options: Options): PolicyDraft | undefined {
  const p = readPolicy({ ...obj, apiVersion: obj.apiVersion ?? 'networking.k8s.io/v1', name: obj.name ?? base.name }, text, options);
  if (!p) return undefined;
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  if (!isMap(spec)) return undefined;
  const out: PolicyDraft = { ...base, origin: p.origin };
  if (get(doc, spec, 'podSelector') !== undefined) out.podSelector = { ...p.podSelector, matchLabels: { ...base.podSelector.matchLabels, ...p.podSelector.matchLabels } };
  if (get(doc, spec, 'ingress') !== undefined) out.ingress = p.ingress;
  if (get(doc, spec, 'egress') !== undefined) out.egress = p.egress;
  if (get(doc, spec, 'policyTypes') !== undefined) {
    out.policyTypes = p.policyTypes;
    out.policyTypesExplicit = p.policyTypesExplicit;
  } else if (!base.policyTypesExplicit) out.policyTypes = out.egress.length > 0 ? ['ingress', 'egress'] : ['ingress'];
  const invalid = [...(base.invalid ?? []), ...(p.invalid ?? [])];
  if (invalid.length > 0) out.invalid = invalid;
  else delete out.invalid;
  return out;
}

