// The preview toolbar's counts line: workloads, namespaces, and the arrows split into allowed flows, steps of the way in and blocked steps.

/** Arrows by what they are (the server's edge `kind`: absent for a flow, `way`, `blocked`), as `netlens graph` counts them. */
export interface ArrowCounts {
  flows: number;
  wayIn: number;
  blocked: number;
}

export interface PreviewCounts {
  workloads: number;
  namespaces: number;
  /** Every arrow drawn. */
  edges: number;
  policies: number;
  arrows: ArrowCounts;
}

export function arrowCountsOf(edges: readonly { kind?: string }[]): ArrowCounts {
  const out: ArrowCounts = { flows: 0, wayIn: 0, blocked: 0 };
  for (const e of edges) {
    if (e.kind === 'way') out.wayIn++;
    else if (e.kind === 'blocked') out.blocked++;
    else out.flows++;
  }
  return out;
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * "3 workloads · 2 namespaces · 4 allowed flows · 3 steps of the way in · 1 blocked": a gateway's listener
 * taking a route is no flow a policy allows, so it is not counted as one (the way in and blocked steps only
 * when there are some).
 */
export function countsLine(c: PreviewCounts): string {
  const a = c.arrows;
  const parts = [count(c.workloads, 'workload'), count(c.namespaces, 'namespace'), count(a.flows, 'allowed flow')];
  if (a.wayIn > 0) parts.push(count(a.wayIn, 'step of the way in', 'steps of the way in'));
  if (a.blocked > 0) parts.push(`${a.blocked} blocked`);
  return parts.join(' · ');
}
