// A `kind: NetworkPolicy` of Kubernetes' own API groups that the API server does not serve: removed (per
// netlens.kubernetesVersion; removed-apis.ts) or misspelt versions.
import { isMap, Scalar } from 'yaml';
import { getPair, keySpan, scalarString, spanOf } from '../parse/access.ts';
import { isTemplated } from '../parse/template.ts';
import { isKubernetesNetworkPolicyKind, NETWORK_POLICY_API } from '../kinds.ts';
import type { Fix } from '../types.ts';
import type { Rule } from './rule.ts';
import { eolOf } from '../fixes/yaml-text.ts';
import { isRemovedAt, removedApiOf } from '../removed-apis.ts';

const replaceFix = (span: { start: number; end: number }): Fix => ({
  title: `Change apiVersion to ${NETWORK_POLICY_API}`,
  edits: [{ span, newText: NETWORK_POLICY_API }],
  isPreferred: true,
});

// Custom resource groups must contain a dot (the API server enforces it for CRDs), so a NetworkPolicy whose
// group has none (`k8sV1`, `apps/v1`) can only be a mistake for Kubernetes' own, never another vendor's kind.
function builtInGroup(apiVersion: string | undefined): boolean {
  if (apiVersion === undefined || isTemplated(apiVersion)) return false;
  const slash = apiVersion.indexOf('/');
  return slash === -1 || !apiVersion.slice(0, slash).includes('.');
}

export const rule: Rule = {
  code: 'np-api-version',
  defaultSeverity: 'error',
  description: 'A Kubernetes NetworkPolicy must use apiVersion networking.k8s.io/v1; older or misspelt versions are not served.',
  appliesTo: (obj) => obj.kind === 'NetworkPolicy' && obj.apiVersion !== NETWORK_POLICY_API && (isKubernetesNetworkPolicyKind(obj) || builtInGroup(obj.apiVersion)),
  checkObject(obj, ctx) {
    const pair = getPair(obj.node, 'apiVersion');
    const kindPair = getPair(obj.node, 'kind');
    if (!pair) {
      const kindKey = kindPair ? keySpan(kindPair) : undefined;
      const span = (kindPair && spanOf(kindPair.value)) ?? kindKey ?? { start: obj.span.start, end: obj.span.start };
      const fixes: Fix[] = [];
      // Insert a sibling line before `kind:` (only in block maps, where a new line keeps the structure).
      if (kindKey && !obj.node.flow && isMap(obj.node)) {
        const lineStart = ctx.file.text.lastIndexOf('\n', kindKey.start - 1) + 1;
        const indent = ctx.file.text.slice(lineStart, kindKey.start);
        if (/^[ ]*$/.test(indent)) {
          fixes.push({
            title: `Add apiVersion: ${NETWORK_POLICY_API}`,
            edits: [{ span: { start: kindKey.start, end: kindKey.start }, newText: `apiVersion: ${NETWORK_POLICY_API}${eolOf(ctx.file.text)}${indent}` }],
            isPreferred: true,
          });
        }
      }
      ctx.report({ span, message: `This NetworkPolicy has no apiVersion: the API server needs apiVersion: ${NETWORK_POLICY_API}.`, fixes });
      return;
    }
    const valueSpan = spanOf(pair.value);
    const span = valueSpan && valueSpan.end > valueSpan.start ? valueSpan : (keySpan(pair) ?? obj.span);
    const value = scalarString(pair.value);
    if (value !== undefined && isTemplated(value)) return;
    // Only a plain or quoted scalar can be replaced without touching its surroundings.
    const fixes = valueSpan && valueSpan.end > valueSpan.start && pair.value instanceof Scalar ? [replaceFix(valueSpan)] : [];
    let message: string;
    const removed = removedApiOf(obj);
    if (value === undefined || value === '') {
      message = `apiVersion must be the string ${NETWORK_POLICY_API} for a NetworkPolicy.`;
    } else if (removed && !isRemovedAt(removed, ctx.options)) {
      // Served by the configured release (netlens.kubernetesVersion): deprecated, and outside what NetLens models.
      ctx.report({
        span,
        fixes,
        severity: 'warning',
        tags: ['deprecated'],
        message:
          `NetworkPolicy in ${value} is deprecated: Kubernetes ${ctx.options.kubernetesVersion} (netlens.kubernetesVersion) still serves it, but ` +
          `${removed.removedIn} and later refuse it. NetLens analyses NetworkPolicy only as ${NETWORK_POLICY_API}, so this policy is left out of ` +
          `reach, the matrix and the preview; use ${NETWORK_POLICY_API}, which has the same fields.`,
      });
      return;
    } else if (removed) {
      message = `NetworkPolicy in ${value} was removed in Kubernetes ${removed.removedIn} (netlens.kubernetesVersion is ${ctx.options.kubernetesVersion}); use ${NETWORK_POLICY_API}, which has the same fields.`;
    } else {
      message = `Kubernetes serves NetworkPolicy only as ${NETWORK_POLICY_API}, not ${value}.`;
    }
    ctx.report({ span, message, fixes });
  },
};
