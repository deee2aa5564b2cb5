// NetworkPolicies as typed data: selectors, rules, peers and ports with spans, effective policyTypes per API
// defaulting. Whether the API server rejects the object (then it never takes effect) comes from validate/.
// Parts that cannot be read keep an `invalid` marker so a broken rule is never widened into "allow all".
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { get, getPair, scalarString, seqItems } from '../../parse/access.ts';
import type { ManifestObject } from '../../parse/parse.ts';
import { isNetworkPolicy } from '../../kinds.ts';
import { isStrictSubsetForExcept, parseCidr as parseGoCidr } from '../../net/cidr.ts';
import { portNameProblems } from '../../net/ports.ts';
import { fileOrigin, intValue, readSelector, trimmedSpan } from '../../model/read.ts';
import { readProtocol } from '../../model/workloads.ts';
import type { Options } from '../../options.ts';
import { rejectionReasons } from '../../validate/index.ts';
import type { Direction, IpBlock, Peer, Policy, PolicyPort, PolicyRule } from '../../model/types.ts';

export type PolicyDraft = Omit<Policy, 'id' | 'namespace'>;

const isNull = (n: unknown): boolean => n === undefined || (isScalar(n) && n.value === null);

export function readPolicy(obj: ManifestObject, text: string, options: Options): PolicyDraft | undefined {
  if (!isNetworkPolicy(obj) || !obj.name) return undefined;
  const doc = obj.doc;
  const spec = get(doc, obj.node, 'spec');
  if (!isNull(spec) && !isMap(spec)) return undefined; // not a NetworkPolicy anyone could apply
  // spec.podSelector is not a pointer: absent or null decodes to the empty selector (every pod).
  const podSelector = readSelector(doc, get(doc, spec, 'podSelector'), text) ?? { matchLabels: {}, matchExpressions: [] };

  const ingress = readRules(doc, text, spec, 'ingress');
  const egress = readRules(doc, text, spec, 'egress');

  // Defaulting (SetDefaults_NetworkPolicy): an absent OR empty policyTypes becomes [Ingress], plus Egress
  // when egress has at least one rule.
  const typesNode = get(doc, spec, 'policyTypes');
  const written: Direction[] = [];
  if (!isNull(typesNode)) {
    for (const t of seqItems(doc, typesNode)) {
      const v = scalarString(t);
      if (v === 'Ingress' || v === 'Egress') {
        const d = v === 'Ingress' ? 'ingress' : 'egress';
        if (!written.includes(d)) written.push(d);
      }
    }
  }
  const policyTypesExplicit = written.length > 0;
  const ordered = (['ingress', 'egress'] as const).filter((d) => written.includes(d));
  const policyTypes: Direction[] = policyTypesExplicit ? ordered : egress.length > 0 ? ['ingress', 'egress'] : ['ingress'];
  const p: PolicyDraft = { name: obj.name, podSelector, policyTypes, policyTypesExplicit, ingress, egress, origin: fileOrigin(obj) };
  const invalid = rejectionReasons(obj, options);
  if (invalid.length > 0) p.invalid = invalid;
  return p;
}

function readRules(doc: Document, text: string, spec: unknown, direction: Direction): PolicyRule[] {
  const node = get(doc, spec, direction);
  if (isNull(node)) return [];
  if (!isSeq(node)) return [];
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  return seqItems(doc, node).map((item, index) => {
    const rule: PolicyRule = { index, peers: undefined, ports: undefined };
    const span = trimmedSpan(text, item);
    if (span) rule.span = span;
    if (isNull(item)) return rule; // a null item decodes to the empty rule: every peer, every port
    if (!isMap(item)) {
      rule.peers = []; // never widen a broken rule into "allow all"
      rule.ports = [];
      return rule;
    }
    const peersNode = get(doc, item, peerKey);
    if (!isNull(peersNode)) {
      rule.peers = seqItems(doc, peersNode).map((n, i) => readPeer(doc, text, n, i));
    }
    const portsNode = get(doc, item, 'ports');
    if (!isNull(portsNode)) {
      rule.ports = seqItems(doc, portsNode).map((n, i) => readPort(doc, text, n, i));
    }
    return rule;
  });
}

function readPeer(doc: Document, text: string, node: unknown, index: number): Peer {
  const peer: Peer = { index };
  const span = trimmedSpan(text, node);
  if (span) peer.span = span;
  const fail = (why: string): Peer => {
    peer.invalid ??= why;
    return peer;
  };
  if (!isMap(node)) return isNull(node) ? fail('a peer must set podSelector, namespaceSelector or ipBlock') : fail('a peer must be a map');
  const pod = readSelector(doc, get(doc, node, 'podSelector'), text);
  const ns = readSelector(doc, get(doc, node, 'namespaceSelector'), text);
  if (pod) peer.podSelector = pod;
  if (ns) peer.namespaceSelector = ns;
  if (pod?.invalid) fail(`podSelector: ${pod.invalid}`);
  if (ns?.invalid) fail(`namespaceSelector: ${ns.invalid}`);
  const ipNode = get(doc, node, 'ipBlock');
  if (!isNull(ipNode)) {
    const ip = readIpBlock(doc, text, ipNode);
    if (typeof ip === 'string') fail(`ipBlock: ${ip}`);
    else peer.ipBlock = ip;
    if (pod || ns) fail('ipBlock cannot be combined with podSelector or namespaceSelector');
  } else if (!pod && !ns) fail('a peer must set podSelector, namespaceSelector or ipBlock');
  return peer;
}

function readIpBlock(doc: Document, text: string, node: unknown): IpBlock | string {
  if (!isMap(node)) return 'must be a map';
  const cidr = scalarString(get(doc, node, 'cidr'));
  if (!cidr) return 'cidr is required';
  const parsed = parseGoCidr(cidr);
  if (!parsed) return `"${cidr}" is not a valid CIDR`;
  const block: IpBlock = { cidr, except: [] };
  const span = trimmedSpan(text, node);
  if (span) block.span = span;
  const exceptNode = get(doc, node, 'except');
  if (!isNull(exceptNode) && !isSeq(exceptNode)) return 'except must be a list';
  for (const e of seqItems(doc, exceptNode)) {
    const text = scalarString(e);
    const r = text === undefined ? undefined : parseGoCidr(text);
    if (!text || !r) return `except entry ${text === undefined ? '(not a string)' : `"${text}"`} is not a valid CIDR`;
    // The API server requires every except to be a strict subset of cidr (Go's net semantics).
    if (!isStrictSubsetForExcept(parsed, r)) return `except "${text}" is not a strict subset of ${cidr}`;
    block.except.push(text);
  }
  return block;
}


function readPort(doc: Document, text: string, node: unknown, index: number): PolicyPort {
  // A null item decodes to the zero port: protocol defaults to TCP, no port = every TCP port.
  const port: PolicyPort = { index, protocol: 'TCP' };
  const span = trimmedSpan(text, node);
  if (span) port.span = span;
  const fail = (why: string): PolicyPort => {
    port.invalid ??= why;
    return port;
  };
  if (isNull(node)) return port;
  if (!isMap(node)) return fail('a port must be a map');
  const protoNode = get(doc, node, 'protocol');
  const protocol = readProtocol(protoNode);
  if (!protocol) fail(`unsupported protocol ${JSON.stringify(scalarString(protoNode) ?? null)} (TCP, UDP or SCTP, upper case)`);
  else port.protocol = protocol;
  const portNode = get(doc, node, 'port');
  if (!isNull(portNode)) {
    const n = intValue(portNode);
    const s = isScalar(portNode) && typeof portNode.value === 'string' ? portNode.value : undefined;
    if (n !== undefined) {
      port.port = n;
      if (n < 1 || n > 65535) fail(`port ${n} is out of range 1-65535`);
    } else if (s !== undefined) {
      port.port = s;
      if (portNameProblems(s).length > 0) fail(`"${s}" is not a valid port name`);
    } else fail('port must be a number or a port name');
  }
  if (getPair(node, 'endPort') && !isNull(get(doc, node, 'endPort'))) {
    const end = intValue(get(doc, node, 'endPort'));
    if (end === undefined) return fail('endPort must be a number');
    port.endPort = end;
    if (typeof port.port !== 'number') return fail('endPort needs a numeric port');
    if (end < port.port) return fail(`endPort ${end} is below port ${port.port}`);
    if (end > 65535) return fail(`endPort ${end} is out of range 1-65535`);
  }
  return port;
}
