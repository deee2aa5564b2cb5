// Markdown helpers for hovers: code spans, counts, workload references with links the adapter provides.
import type { Span } from '../source.ts';
import type { Workload } from '../model/types.ts';

/** Turns a place in a file into a link target (the adapter knows URIs and lines; the engine only offsets). */
export type LinkFor = (uri: string, span: Span) => string | undefined;

/** A Markdown code span; backticks inside (never valid in labels or names) are dropped rather than escaped. */
export function code(s: string | number): string {
  return `\`${String(s).replace(/`/g, '')}\``;
}

/** `1,234` (en-US grouping) without Intl: the first toLocaleString of a process loads ICU data (~10 ms). */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  return `${n < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+$)/g, ',')}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}

/** `a, b and c` */
export function joinAnd(parts: readonly string[], word = 'and'): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} ${word} ${parts[parts.length - 1]}`;
}

/** `Deployment [`api`](link)`, with the namespace when asked; settings workloads say where they come from. */
export function workloadRef(w: Workload, linkFor: LinkFor | undefined, withNamespace = false): string {
  const name = code(withNamespace ? `${w.namespace}/${w.name}` : w.name);
  if (w.kind === 'ClusterWorkload') return `${name} (from netlens.cluster.workloads)`;
  const o = w.origin;
  const target = o.kind === 'file' && linkFor ? linkFor(o.uri, o.nameSpan ?? o.span) : undefined;
  return `${w.kind} ${target ? `[${name}](${target})` : name}`;
}

/** Up to `limit` workload references, then "and N more". */
export function workloadList(ws: readonly Workload[], linkFor: LinkFor | undefined, withNamespace = false, limit = 8): string {
  const shown = ws.slice(0, limit).map((w) => workloadRef(w, linkFor, withNamespace));
  if (ws.length > limit) shown.push(`${ws.length - limit} more`);
  return joinAnd(shown);
}

/** Distinct workloads (kustomize may place one object in several namespaces; same kind + id is one). */
export function uniqueWorkloads(ws: Iterable<Workload>): Workload[] {
  const seen = new Set<string>();
  const out: Workload[] = [];
  for (const w of ws) {
    const k = `${w.kind}/${w.id}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(w);
    }
  }
  return out;
}
