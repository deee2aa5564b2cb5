// ReferenceGrant matching: a reference from (group, kind, namespace) to (group, kind, name) in another
// namespace is permitted when a grant in the target namespace lists both ends. Records which grants served.
import type { GatewayModel, ReferenceGrantInfo } from '../kinds/gateway/types.ts';
import type { Span } from '../source.ts';

export interface RefFrom {
  group: string;
  kind: string;
  namespace: string;
}

export interface RefTo {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export class GrantIndex {
  private readonly byNamespace = new Map<string, ReferenceGrantInfo[]>();
  /** Grants that permitted at least one reference of the workspace. */
  readonly used = new Set<ReferenceGrantInfo>();

  constructor(gw: GatewayModel) {
    for (const g of gw.grants) {
      const list = this.byNamespace.get(g.namespace);
      if (list) list.push(g);
      else this.byNamespace.set(g.namespace, [g]);
    }
  }

  /** The grants that permit the reference (empty = not permitted). Same-namespace references need none. */
  permitting(from: RefFrom, to: RefTo): ReferenceGrantInfo[] {
    const out: ReferenceGrantInfo[] = [];
    for (const g of this.byNamespace.get(to.namespace) ?? []) {
      const fromOk = g.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace);
      const toOk = g.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name));
      if (fromOk && toOk) out.push(g);
    }
    return out;
  }

  /** Whether the reference is permitted; marks the grants that permit it as used. */
  check(from: RefFrom, to: RefTo): boolean {
    if (from.namespace === to.namespace) return true;
    const grants = this.permitting(from, to);
    for (const g of grants) this.used.add(g);
    return grants.length > 0;
  }

  inNamespace(ns: string): readonly ReferenceGrantInfo[] {
    return this.byNamespace.get(ns) ?? [];
  }
}

/** The API group of each kind a ReferenceGrant names in practice: a `from`/`to` entry with another group matches nothing. */
const KIND_GROUPS: Readonly<Record<string, string>> = {
  HTTPRoute: 'gateway.networking.k8s.io',
  GRPCRoute: 'gateway.networking.k8s.io',
  TLSRoute: 'gateway.networking.k8s.io',
  TCPRoute: 'gateway.networking.k8s.io',
  UDPRoute: 'gateway.networking.k8s.io',
  Gateway: 'gateway.networking.k8s.io',
  BackendTLSPolicy: 'gateway.networking.k8s.io',
  Service: '',
  Secret: '',
  ConfigMap: '',
};

/**
 * Entries of a grant whose group is not their kind's (`group: ""` on an HTTPRoute, `group: core` on a Service):
 * a reference carries the kind's real group, so the entry can never match one.
 */
export function misgroupedEntries(g: ReferenceGrantInfo): { field: 'from' | 'to'; index: number; kind: string; group: string; want: string; span: Span }[] {
  const out: ReturnType<typeof misgroupedEntries> = [];
  // Only a written group: a missing one is the schema's finding (the field is required).
  const check = (field: 'from' | 'to', e: { kind: string; group: string; groupSpan?: Span }, index: number): void => {
    const want = KIND_GROUPS[e.kind];
    if (want !== undefined && e.groupSpan && e.group !== want) out.push({ field, index, kind: e.kind, group: e.group, want, span: e.groupSpan });
  };
  g.from.forEach((e, i) => check('from', e, i));
  g.to.forEach((e, i) => check('to', e, i));
  return out;
}
