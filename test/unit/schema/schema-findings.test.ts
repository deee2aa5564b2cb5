// The one schema walk unknown-field, wrong-type and the constraint checks share (schema/walk.ts schemaFindings)
// against the three walks they each made before, on the examples, a generated workspace and broken manifests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { parseFile } from '../../../server/src/core/parse/parse.ts';
import { DEFAULT_OPTIONS } from '../../../server/src/core/options.ts';
import { schemaForObject } from '../../../server/src/core/schema/registry.ts';
import { checksOf } from '../../../server/src/core/schema/constrained.ts';
import { forgetSchemaFindings, schemaFindings, walkSchema, type FieldEvent, type SchemaFindings } from '../../../server/src/core/schema/walk.ts';
import { objectProblems } from '../../../server/src/core/validate/index.ts';

const ROOT = path.resolve(__dirname, '../../..');

// Broken on purpose, each kind of finding at several depths; aliases and merge keys share nodes between fields.
const BROKEN = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: a, lables: {x: y}}
spec:
  podSelector: {matchLabels: {app: 3}}
  policyTypes: [ingress, Egress]
  ingres: []
  ingress:
    - from: {podSelector: {}}
      ports: [{protocol: tcp, port: yes}, {port: 80, endport: 90}]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/40, except: [1]}}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: cnp}
spec:
  endpointSelector: &sel {matchLabels: {app: web}, matchExpressions: [{key: k, operator: in}]}
  nodeSelector: *sel
  ingress:
    - fromEndpoints: [*sel, {matchLabel: {}}]
      toPorts: [{ports: [{port: "80", protocol: tcpp}, {port: 99999}], rules: {http: [{method: 1}]}}]
  egress:
    - toCIDR: [300.0.0.0/8]
      toFQDNs: [{matchName: "*.x.io"}, {}]
      base: &b {toPorts: [{ports: [{port: 53, protocol: ANY}]}]}
    - <<: *b
      toEntities: [world, galaxy]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw, sectionName: ""}, {name: gw, sectionName: ""}]
  hostnames: ["Bad_Host", 7]
  rules:
    - matches: [{path: {type: Prefix, value: nope}}, {method: get}]
      backendRefs: [{name: svc, port: 70000, weight: -1}]
      filters: [{type: RequestHeaderModifier}]
      timeouts: {request: 5 seconds, backendRequest: 1s, idle: 2s}
    - {}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  listeners:
    - {name: a, port: 80, protocol: HTTP, tls: {mode: Terminate, certificateRef: []}}
    - {name: a, port: 0, protocol: HTTP, hostname: "*.*.x"}
  gatewayClassName: [x]
`;

function files(): { uri: string; text: string }[] {
  const out = [{ uri: 'file:///broken.yaml', text: BROKEN }];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push({ uri: `file://${p}`, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'examples'));
  return out;
}

/** What the rules saw when each walked on its own (before schemaFindings): one walk per visitor. */
function separately(doc: Document, node: unknown, schema: NonNullable<ReturnType<typeof schemaForObject>>): SchemaFindings {
  const found: SchemaFindings = { unknownFields: [], wrongTypes: [], constrained: [] };
  walkSchema(doc, node, schema, { unknownField: (e) => void found.unknownFields.push(e) });
  walkSchema(doc, node, schema, { wrongType: (e) => void found.wrongTypes.push(e) });
  walkSchema(doc, node, schema, {
    field: (e: FieldEvent) => {
      // validate/constraints.ts's own test before the shared walk, as it was written there.
      const { node, schema: s } = e;
      if (s.elsewhere || !node.range) return;
      const checks = checksOf(s);
      const scalar = isScalar(node);
      const seq = !scalar && isSeq(node);
      if (scalar ? !checks.scalar : seq ? !checks.seq : !(checks.map && isMap(node))) return;
      found.constrained.push({ node, schema: s, path: [...e.path] });
    },
  });
  return found;
}

test('the shared walk finds what the three separate walks found, in the same order, on every object', async () => {
  const gen = (await import(path.join(ROOT, 'bench/generate.mjs'))) as { mixedWorkspace: (n: number) => { path: string; text: string }[] };
  const all = [...files(), ...gen.mixedWorkspace(24).map((f) => ({ uri: `file:///ws/${f.path}`, text: f.text }))];
  const totals = { objects: 0, unknownFields: 0, wrongTypes: 0, constrained: 0 };
  for (const f of all) {
    for (const obj of parseFile(f.uri, f.text, DEFAULT_OPTIONS).objects) {
      const schema = schemaForObject(obj);
      if (!schema) continue;
      totals.objects++;
      const want = separately(obj.doc, obj.node, schema);
      forgetSchemaFindings();
      const got = schemaFindings(obj.doc, obj.node, schema);
      // Same events: the same nodes and pairs (identity), paths, schemas, mismatches and siblings.
      assert.equal(got.unknownFields.length, want.unknownFields.length, f.uri);
      got.unknownFields.forEach((e, i) => {
        const w = want.unknownFields[i]!;
        assert.equal(e.pair, w.pair);
        assert.equal(e.parent, w.parent);
        assert.equal(e.grandparent, w.grandparent);
        assert.deepEqual({ ...e, pair: 0, parent: 0, grandparent: 0 }, { ...w, pair: 0, parent: 0, grandparent: 0 });
      });
      assert.equal(got.wrongTypes.length, want.wrongTypes.length, f.uri);
      got.wrongTypes.forEach((e, i) => {
        const w = want.wrongTypes[i]!;
        assert.equal(e.node, w.node);
        assert.equal(e.schema, w.schema);
        assert.deepEqual([e.path, e.mismatch], [w.path, w.mismatch]);
      });
      assert.equal(got.constrained.length, want.constrained.length, f.uri);
      got.constrained.forEach((e, i) => {
        const w = want.constrained[i]!;
        assert.equal(e.node, w.node);
        assert.equal(e.schema, w.schema);
        assert.deepEqual(e.path, w.path);
      });
      totals.unknownFields += got.unknownFields.length;
      totals.wrongTypes += got.wrongTypes.length;
      totals.constrained += got.constrained.length;
    }
  }
  // Not vacuous: every list was exercised, the broken file's findings among them.
  assert.ok(totals.objects >= 50, `${totals.objects} objects`);
  assert.ok(totals.unknownFields >= 7, `${totals.unknownFields} unknown fields`);
  assert.ok(totals.wrongTypes >= 8, `${totals.wrongTypes} wrong types`);
  assert.ok(totals.constrained > 500, `${totals.constrained} constrained values`);
});

test('the walk is reused only for the same document, node and schema, and forgotten after an object', () => {
  const [np, cnp] = parseFile('file:///broken.yaml', BROKEN, DEFAULT_OPTIONS).objects;
  const npSchema = schemaForObject(np!)!;
  const cnpSchema = schemaForObject(cnp!)!;
  forgetSchemaFindings();
  const first = schemaFindings(np!.doc, np!.node, npSchema);
  assert.equal(schemaFindings(np!.doc, np!.node, npSchema), first, 'the same object: the same record');
  const other = schemaFindings(cnp!.doc, cnp!.node, cnpSchema);
  assert.notEqual(other, first);
  assert.deepEqual(
    other.unknownFields.map((e) => [...e.path, e.key].join('.')),
    ['spec.ingress.0.fromEndpoints.1.matchLabel', 'spec.egress.0.base'],
  );
  // Another schema for the same node is another walk (NetworkPolicy's schema on the Cilium policy).
  assert.notEqual(schemaFindings(cnp!.doc, cnp!.node, npSchema), other);
  // Validating an object leaves nothing behind: the next call walks again.
  objectProblems(np!, DEFAULT_OPTIONS);
  assert.notEqual(schemaFindings(np!.doc, np!.node, npSchema), first);
  assert.deepEqual(
    schemaFindings(np!.doc, np!.node, npSchema).unknownFields.map((e) => [...e.path, e.key].join('.')),
    ['metadata.lables', 'spec.ingres', 'spec.ingress.0.ports.1.endport'],
  );
});

// The walk reads a map's entries in place unless it holds a merge key; merge keys, a quoted "<<" (not a merge),
// a collection as key and the siblings an unknown field's advice reads must come out as mapEntries gave them
// (expected: the findings of 808078c, before the walk changed).
const MERGES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: m, namespace: a}
spec:
  podSelector:
  matchLabels: {app: web}
  ? [odd, key]
  : 1
  ingress:
    - &rule
      from: [{podSelector: {matchLabels: {a: b}}, namespaceSelectr: {}}]
      ports: [{port: 80, protocol: TCP}]
    - <<: *rule
      portz: []
      from: [{ipBlock: {cidr: 10.0.0.0/8}, <<: {podSelector: {}, extra: 1}}]
  egress:
    - {to: [], ports: [{port: [80]}], "<<": {toz: 1}}
`;

test('merge keys, a quoted "<<" and a collection as key: the findings the walk gave with its list of entries', () => {
  const [obj] = parseFile('file:///m.yaml', MERGES, DEFAULT_OPTIONS).objects;
  const got = objectProblems(obj!, DEFAULT_OPTIONS).map((p) => [p.code, MERGES.slice(p.span.start, p.span.end), p.message, ...(p.fixes?.length ? [p.fixes.map((f) => f.title)] : [])]);
  assert.deepEqual(got, [
    ["unknown-field", "matchLabels", "Unknown field \"matchLabels\" in spec (NetworkPolicySpec): the API server rejects it (strict field validation, the default of kubectl apply). It looks mis-indented: `podSelector` above is empty, and `matchLabels` is one of its fields; indent it under `podSelector`."],
    ["unknown-field", "namespaceSelectr", "Unknown field \"namespaceSelectr\" in spec.ingress[0].from[0] (NetworkPolicyPeer): the API server rejects it (strict field validation, the default of kubectl apply). Did you mean `namespaceSelector`?", ["Rename to namespaceSelector"]],
    ["unknown-field", "portz", "Unknown field \"portz\" in spec.ingress[1] (NetworkPolicyIngressRule): the API server rejects it (strict field validation, the default of kubectl apply). Did you mean `ports`? It is already set in this map; remove one of them."],
    ["unknown-field", "extra", "Unknown field \"extra\" in spec.ingress[1].from[0] (NetworkPolicyPeer): the API server rejects it (strict field validation, the default of kubectl apply). Known fields: podSelector, namespaceSelector, ipBlock."],
    ["unknown-field", "\"<<\"", "Unknown field \"<<\" in spec.egress[0] (NetworkPolicyEgressRule): the API server rejects it (strict field validation, the default of kubectl apply). Known fields: to, ports."],
    ["wrong-type", "[80]", "spec.egress[0].ports[0].port must be a number or a string, not a list."],
  ]);
});
