// Convention (netlens.conventions.requireDefaultDeny): every namespace with workloads denies the required
// directions by default. Reported once per namespace, on its first policy, else its Namespace, else a workload.
import { namespaceDeniesByDefault, namespacePolicyOrigins } from '../conventions/view.ts';
import { andList, nameSpan, objectAt } from '../conventions/report.ts';
import { ciliumDefaultDenyText, freeCnpName, governedByCilium } from '../fixes/cilium-default-deny.ts';
import { appendDocument, defaultDenyText, freeName, siblingUri } from '../fixes/default-deny.ts';
import { detectStyle } from '../fixes/yaml-text.ts';
import type { Direction, Model, Origin } from '../model/types.ts';
import type { Options } from '../options.ts';
import type { ParsedFile } from '../parse/parse.ts';
import type { Fix } from '../types.ts';
import type { WorkspaceRule } from '../workspace.ts';
import { indexModel, isRepoWorkload } from './ws-policy.ts';
import { POLICY_TABLES } from '../rejudge.ts';

const TYPE: Record<Direction, string> = { ingress: 'Ingress', egress: 'Egress' };

function byPlace(a: Origin, b: Origin): number {
  if (a.kind !== 'file' || b.kind !== 'file') return a.kind === 'file' ? -1 : b.kind === 'file' ? 1 : 0;
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start;
}

/** Where the namespace's finding goes: its first policy, its Namespace object, or its first workload. */
function anchorOf(model: Model, ns: string): { origin: Origin; what: 'policy' | 'namespace' | 'workload' } | undefined {
  const policies = namespacePolicyOrigins(model, ns).filter((o) => o.kind === 'file').sort(byPlace);
  if (policies[0]) return { origin: policies[0], what: 'policy' };
  const declared = model.namespaces.get(ns)?.origin;
  if (declared?.kind === 'file') return { origin: declared, what: 'namespace' };
  const workloads = model.workloads.filter((w) => w.namespace === ns && isRepoWorkload(w) && w.origin.kind === 'file').map((w) => w.origin).sort(byPlace);
  return workloads[0] ? { origin: workloads[0], what: 'workload' } : undefined;
}

function fixFor(file: ParsedFile, model: Model, ns: string, dirs: Direction[], options: Options): Fix {
  const st = detectStyle(file.text, file.docs);
  // A namespace governed by Cilium gets the default-deny in its own language (a CNP), as the code action does.
  const cilium = governedByCilium(model, ns);
  const text = cilium ? ciliumDefaultDenyText(freeCnpName(model, [ns]), ns, dirs, st) : defaultDenyText(freeName(model, [ns], 'default-deny'), ns, dirs, st);
  const which = dirs.length === 2 ? 'default-deny' : `default-deny ${TYPE[dirs[0] as Direction]}`;
  const title = `Add ${which} ${cilium ? 'CiliumNetworkPolicy' : 'policy'} for namespace ${ns}`;
  if (options.defaultDenyTarget === 'newFile') {
    // Without a file system the engine cannot know which names are taken: the adapter's create ignores existing files.
    const uri = siblingUri(file.uri, cilium ? `cilium-${ns}` : ns, () => false);
    return { title: `${title} (new file ${uri.slice(uri.lastIndexOf('/') + 1)})`, uri, createFile: true, edits: [{ span: { start: 0, end: 0 }, newText: text + st.eol }], isPreferred: true };
  }
  return { ...appendDocument(file, text, st, title), isPreferred: true };
}

export const rule: WorkspaceRule = {
  code: 'missing-default-deny',
  reads: POLICY_TABLES,
  defaultSeverity: 'warning',
  description: 'Convention requireDefaultDeny: a namespace with workloads has no default-deny policy for a required direction.',
  checkWorkspace(model, files, ctx) {
    const need = ctx.options.conventions.requireDefaultDeny;
    if (need === 'off') return;
    const dirs: Direction[] = need === 'both' ? ['ingress', 'egress'] : [need];
    for (const ns of [...indexModel(model).repoNamespaces].sort()) {
      const missing = dirs.filter((d) => !namespaceDeniesByDefault(model, ns, d));
      if (missing.length === 0) continue;
      const anchor = anchorOf(model, ns);
      const at = anchor && objectAt(files, anchor.origin);
      if (!at) continue;
      const types = missing.map((d) => TYPE[d]);
      const where = anchor.what === 'policy' ? "(reported on the namespace's first policy)" : anchor.what === 'namespace' ? '' : '(reported on its first workload: the namespace has no policy and no Namespace object here)';
      ctx.report({
        uri: at.file.uri,
        span: nameSpan(at.file, at.obj),
        message:
          `Namespace ${ns} has workloads but no default-deny policy for ${andList(missing)}, which the team convention requires ` +
          `(netlens.conventions.requireDefaultDeny: "${need}"). ` +
          (governedByCilium(model, ns)
            ? `Add a CiliumNetworkPolicy selecting every pod (endpointSelector: {}) with ${missing.map((d) => (d === 'ingress' ? 'ingress [{fromEntities: [none]}]' : 'egress [{toEntities: [none]}]')).join(' and ')}.`
            : `Add a policy selecting every pod (podSelector: {}) with policyTypes [${types.join(', ')}] and no rules.`) +
          (where ? ` ${where}` : ''),
        ...(ctx.fixesIn(at.file) ? { fixes: [fixFor(at.file, model, ns, missing, ctx.options)] } : {}),
        data: { namespace: ns, directions: missing },
      });
    }
  },
};
