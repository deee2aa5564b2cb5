// A CNP endpoint peer selecting by io.cilium.k8s.namespace.labels.*: before Cilium 1.16 it stays in the policy's
// own namespace (the labels only filter that one); from 1.16 it reaches every namespace whose labels match.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { CILIUM_NS_KEY, CILIUM_NS_LABELS_PREFIX } from '../policy/select.ts';
import { bareKey, ciliumRelease, CNP, nsLabelsPinned, NS_LABELS_IN_CNP_SINCE } from '../kinds/cilium/names.ts';
import { isCiliumPolicy } from '../kinds.ts';
import { get, seqItems, spanOf } from '../parse/access.ts';
import type { Span } from '../source.ts';
import { ciliumRules } from './cilium-walk.ts';
import type { Rule } from './rule.ts';

const SINCE = `${NS_LABELS_IN_CNP_SINCE.major}.${NS_LABELS_IN_CNP_SINCE.minor}`;

/** The selector's keys (matchLabels keys, matchExpressions `key` values) with their source spans. */
function selectorKeys(doc: Parameters<typeof get>[0], sel: unknown): { key: string; span?: Span }[] {
  const out: { key: string; span?: Span }[] = [];
  const ml = get(doc, sel, 'matchLabels');
  if (isMap(ml)) {
    for (const p of ml.items) {
      if (isScalar(p.key)) {
        const span = spanOf(p.key);
        out.push({ key: String(p.key.value), ...(span ? { span } : {}) });
      }
    }
  }
  for (const e of seqItems(doc, get(doc, sel, 'matchExpressions'))) {
    const k = get(doc, e, 'key');
    if (isScalar(k)) {
      const span = spanOf(k);
      out.push({ key: String(k.value), ...(span ? { span } : {}) });
    }
  }
  return out;
}

export const rule: Rule = {
  code: 'cnp-namespace-labels-ignored',
  defaultSeverity: 'information',
  description:
    'A CiliumNetworkPolicy endpoint peer selects by io.cilium.k8s.namespace.labels.*: before Cilium 1.16 it stays in the policy\'s namespace; from 1.16 it reaches every namespace with those labels.',
  appliesTo: (obj) => isCiliumPolicy(obj) && obj.kind === CNP,
  checkObject(obj, ctx) {
    const pinned = nsLabelsPinned(ciliumRelease(ctx.options));
    const ns = obj.namespace ?? ctx.options.defaultNamespace;
    for (const r of ciliumRules(obj)) {
      const field = r.ingress ? 'fromEndpoints' : 'toEndpoints';
      const list = get(obj.doc, r.node, field);
      if (!isSeq(list)) continue;
      seqItems(obj.doc, list).forEach((sel: Node | undefined, i) => {
        const keys = selectorKeys(obj.doc, sel);
        // A peer naming its namespace is never pinned: the namespace labels then only narrow that namespace.
        if (keys.some((k) => bareKey(k.key) === CILIUM_NS_KEY)) return;
        const hit = keys.find((k) => bareKey(k.key).startsWith(CILIUM_NS_LABELS_PREFIX));
        if (!hit?.span) return;
        const where = `${r.path}.${field}[${i}]`;
        ctx.report(
          pinned
            ? {
                span: hit.span,
                severity: 'warning',
                message:
                  `${where}: with Cilium ${ctx.options.ciliumVersion} (netlens.ciliumVersion) a CiliumNetworkPolicy adds its own namespace ` +
                  `to this selector, so \`${hit.key}\` is ignored across namespaces: the peer only matches pods of namespace ${ns} ` +
                  `(and only if ${ns} has that label). To select pods of other namespaces by their labels, use a ` +
                  `CiliumClusterwideNetworkPolicy (or Cilium ${SINCE} and later).`,
              }
            : {
                span: hit.span,
                message:
                  `${where}: \`${hit.key}\` is not limited to the policy's namespace: from Cilium ${SINCE} this peer matches pods of ` +
                  `every namespace whose labels match, although Cilium's documentation has long said namespace labels only work in a ` +
                  `CiliumClusterwideNetworkPolicy. Add \`k8s:${CILIUM_NS_KEY}\` to the selector if you meant one namespace.`,
              },
        );
      });
    }
  },
};
