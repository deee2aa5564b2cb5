// An object in an API version Kubernetes stopped serving (extensions/v1beta1 and apps betas in 1.16, the Ingress
// betas in 1.22, batch/v1beta1 CronJob in 1.25), judged against netlens.kubernetesVersion. NetworkPolicy has its
// own rule (np-api-version), which reads the same table.
import { Scalar } from 'yaml';
import { getPair, keySpan, scalarString, spanOf } from '../parse/access.ts';
import { get } from '../parse/access.ts';
import { isRemovedAt, removedApiOf } from '../removed-apis.ts';
import type { Fix } from '../types.ts';
import type { Rule } from './rule.ts';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob']);

export const rule: Rule = {
  code: 'removed-api-version',
  defaultSeverity: 'error',
  description: 'An object uses an API version that Kubernetes no longer serves in netlens.kubernetesVersion (e.g. apps/v1beta2 Deployment, removed in 1.16); below that release, a deprecation warning.',
  appliesTo: (obj) => obj.kind !== 'NetworkPolicy' && removedApiOf(obj) !== undefined,
  checkObject(obj, ctx) {
    const r = removedApiOf(obj);
    const pair = getPair(obj.node, 'apiVersion');
    if (!r || !pair) return;
    const value = spanOf(pair.value);
    const span = value && value.end > value.start ? value : (keySpan(pair) ?? obj.span);
    const removed = isRemovedAt(r, ctx.options);
    // apps/v1 requires spec.selector: the one-line move is offered only when the object already has one.
    const selectorOk = !WORKLOADS.has(r.kind) || r.kind === 'CronJob' || get(obj.doc, get(obj.doc, obj.node, 'spec'), 'selector') !== undefined;
    const fixes: Fix[] =
      r.sameFields && selectorOk && value && pair.value instanceof Scalar && scalarString(pair.value) === r.apiVersion
        ? [{ title: `Change apiVersion to ${r.use}`, edits: [{ span: value, newText: r.use }], isPreferred: true }]
        : [];
    const what = `${r.kind} in ${r.apiVersion}`;
    const move = r.sameFields ? `use ${r.use}, which has the same fields` : `use ${r.use} (its spec differs: rewrite the object for it)`;
    if (removed) {
      const effect = WORKLOADS.has(r.kind)
        ? ' NetLens leaves its pods out of connectivity, as the cluster would never run them.'
        : r.kind === 'Ingress'
          ? ' NetLens does not read it as a way in.'
          : '';
      ctx.report({
        span,
        fixes,
        message: `${what} was removed in Kubernetes ${r.removedIn} (netlens.kubernetesVersion is ${ctx.options.kubernetesVersion}): the API server refuses the object, so it is never created. ${cap(move)}.${effect}`,
      });
    } else {
      ctx.report({
        span,
        fixes,
        severity: 'warning',
        tags: ['deprecated'],
        message: `${what} is deprecated: Kubernetes ${ctx.options.kubernetesVersion} (netlens.kubernetesVersion) still serves it, but ${r.removedIn} and later refuse it; ${move}.`,
      });
    }
  },
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
