// The ipBlocks of a NetworkPolicy with their cidr and except values, for the CIDR rules.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { deref } from '../parse/access.ts';
import type { ManifestObject } from '../parse/parse.ts';
import { npParts } from './np-walk.ts';
import { field, type Field } from './np-scalar.ts';

export interface ExceptItem {
  path: string;
  node: Node | undefined;
  value: unknown;
}

export interface IpBlockRef {
  /** Field path of the ipBlock, e.g. `spec.egress[0].to[1].ipBlock`. */
  path: string;
  ipBlock: Field;
  cidr: Field | undefined;
  except: Field | undefined;
  /** Items of `except` when it is a list. */
  excepts: ExceptItem[];
}

/** Every ipBlock that is a map (null or wrong-typed ipBlocks are other rules' business). */
export function ipBlocks(obj: ManifestObject): IpBlockRef[] {
  const parts = npParts(obj);
  const out: IpBlockRef[] = [];
  for (const r of parts.rules) {
    for (const peer of r.peers) {
      const ipBlock = field(parts.doc, peer.node, 'ipBlock');
      if (!ipBlock || !isMap(ipBlock.node)) continue;
      const path = `${peer.path}.ipBlock`;
      const except = field(parts.doc, ipBlock.node, 'except');
      const excepts: ExceptItem[] = [];
      if (except && isSeq(except.node)) {
        except.node.items.forEach((raw, i) => {
          const node = deref(parts.doc, raw);
          excepts.push({ path: `${path}.except[${i}]`, node, value: isScalar(node) ? node.value : node === undefined ? null : undefined });
        });
      }
      out.push({ path, ipBlock, cidr: field(parts.doc, ipBlock.node, 'cidr'), except, excepts });
    }
  }
  return out;
}
