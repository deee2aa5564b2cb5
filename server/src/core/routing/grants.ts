// ReferenceGrant matching: a reference from (group, kind, namespace) to (group, kind, name) in another
// namespace is permitted when a grant in the target namespace lists both ends. Records which grants served.
import type { GatewayModel, ReferenceGrantInfo } from '../kinds/gateway/types.ts';

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
