#!/usr/bin/env node
// Generates compact field schemas (and the CEL rules) from the upstream CRDs into server/src/core/schema/generated/.
// Usage: node scripts/gen-schemas.mjs [CRD_DIR] [--check]   (default ../shared/reference/crds; the output is
// committed, so tests never need the CRDs; --check fails when the committed data differs from a fresh run). Descriptions are cut to their first sentence; repeated subtrees are shared.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// The shared reference sits next to the repository (or next to the worktrees' parent).
const candidates = [path.join(root, '..', 'shared', 'reference', 'crds'), path.join(root, '..', '..', 'shared', 'reference', 'crds')];
const check = process.argv.includes('--check');
const dirArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
const crdDir = path.resolve(dirArg ?? candidates.find((c) => fs.existsSync(c)) ?? candidates[0]);
const outDir = path.join(root, 'server', 'src', 'core', 'schema', 'generated');

const SOURCES = [
  { file: 'cilium.io_ciliumnetworkpolicies.yaml', out: 'cilium' },
  { file: 'cilium.io_ciliumclusterwidenetworkpolicies.yaml', out: 'cilium' },
  { file: 'gateway.networking.k8s.io_gateways.yaml', out: 'gateway' },
  { file: 'gateway.networking.k8s.io_gatewayclasses.yaml', out: 'gateway' },
  { file: 'gateway.networking.k8s.io_httproutes.yaml', out: 'gateway' },
  { file: 'gateway.networking.k8s.io_grpcroutes.yaml', out: 'gateway' },
  { file: 'gateway.networking.k8s.io_referencegrants.yaml', out: 'gateway' },
];

/** The first sentence of an upstream description, as a short hint (hover and completion show it). */
function firstSentence(text) {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.*?[.!?])(\s|$)/.exec(flat);
  const s = m ? m[1] : flat;
  return s.length > 240 ? `${s.slice(0, 237)}...` : s;
}

/** OpenAPI v3 (structural) -> the engine's FieldSchema shape, keeping every constraint the API server checks. */
function convert(s, name) {
  const out = { type: 'any', doc: firstSentence(s.description) };
  if (s['x-kubernetes-int-or-string']) out.type = 'int-or-string';
  else if (s.type === 'string') out.type = s.format === 'date-time' ? 'time' : 'string';
  else if (s.type === 'integer') out.type = 'integer';
  else if (s.type === 'number') out.type = 'number';
  else if (s.type === 'boolean') out.type = 'boolean';
  else if (s.type === 'array') {
    out.type = 'list';
    if (s.items) out.items = convert(s.items, name);
  } else if (s.type === 'object') {
    if (s.properties) {
      out.type = 'object';
      out.fields = {};
      const required = new Set(s.required ?? []);
      for (const [k, v] of Object.entries(s.properties)) {
        const f = convert(v, k);
        if (required.has(k)) f.required = true;
        out.fields[k] = f;
      }
      if (s['x-kubernetes-preserve-unknown-fields']) out.preserveUnknown = true;
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      const v = convert(s.additionalProperties, name);
      if (v.type === 'string' && Object.keys(v).length <= 2) out.type = 'string-map';
      else {
        out.type = 'map';
        out.values = v;
      }
    } else if (s['x-kubernetes-preserve-unknown-fields']) out.type = 'any';
    else out.type = 'object', (out.fields = {});
  } else if (s.anyOf && s.anyOf.every((a) => a.type === 'integer' || a.type === 'string')) out.type = 'int-or-string';
  if (s.enum) out.enum = s.enum;
  for (const k of ['pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'default']) {
    if (s[k] !== undefined) out[k] = s[k];
  }
  if (s.format && s.format !== 'date-time') out.format = s.format;
  // oneOf/anyOf of "required" alternatives: which keys must (exactly one / at least one) be set.
  for (const k of ['oneOf', 'anyOf']) {
    const alts = s[k];
    if (Array.isArray(alts) && alts.every((a) => Array.isArray(a.required))) out[k] = alts.map((a) => a.required);
  }
  if (s['x-kubernetes-validations']) {
    out.validations = s['x-kubernetes-validations'].map((v) => {
      const r = { rule: v.rule };
      if (v.message) r.message = v.message;
      if (v.messageExpression) r.messageExpression = v.messageExpression;
      if (v.fieldPath) r.fieldPath = v.fieldPath;
      if (v.reason) r.reason = v.reason;
      return r;
    });
  }
  if (s['x-kubernetes-list-type']) out.listType = s['x-kubernetes-list-type'];
  if (s['x-kubernetes-list-map-keys']) out.listMapKeys = s['x-kubernetes-list-map-keys'];
  if (!out.doc) delete out.doc;
  return out;
}

/** Replaces repeated subtrees (by content) with {"$ref": n} into a shared table. */
function share(kinds) {
  const count = new Map();
  const key = (v) => JSON.stringify(v);
  const visit = (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return;
    const k = key(v);
    if (k.length > 120) count.set(k, (count.get(k) ?? 0) + 1);
    for (const c of Object.values(v)) if (c && typeof c === 'object') visit(c);
  };
  for (const k of Object.values(kinds)) visit(k);
  const defs = [];
  const index = new Map();
  const rewrite = (v) => {
    if (!v || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(rewrite);
    const k = key(v);
    if ((count.get(k) ?? 0) > 1) {
      let i = index.get(k);
      if (i === undefined) {
        i = defs.length;
        index.set(k, i);
        defs.push(null);
        defs[i] = Object.fromEntries(Object.entries(v).map(([a, b]) => [a, rewrite(b)]));
      }
      return { $ref: i };
    }
    return Object.fromEntries(Object.entries(v).map(([a, b]) => [a, rewrite(b)]));
  };
  const out = {};
  for (const [n, k] of Object.entries(kinds)) out[n] = Object.fromEntries(Object.entries(k).map(([a, b]) => [a, rewrite(b)]));
  return { defs, kinds: out };
}

/**
 * Fields other releases define (Gateway API's experimental channel, Cilium's earlier names): accepted without
 * checks, so a repository written for them gets no false error, and their hover says where they come from.
 */
function addKnownElsewhere(kind, schema) {
  const at = (s, ...keys) => keys.reduce((cur, k) => (k === '*' ? cur?.items : cur?.fields?.[k]), s);
  const add = (obj, key, doc) => {
    if (obj?.fields && !obj.fields[key]) obj.fields[key] = { type: 'any', doc, elsewhere: true };
  };
  if (kind === 'HTTPRoute') {
    const rule = at(schema, 'spec', 'rules', '*');
    add(rule, 'retry', 'Retries (experimental channel of Gateway API); not validated by NetLens.');
    add(rule, 'sessionPersistence', 'Session persistence (experimental channel of Gateway API); not validated by NetLens.');
  }
  if (kind === 'GRPCRoute') add(at(schema, 'spec', 'rules', '*'), 'sessionPersistence', 'Session persistence (experimental channel of Gateway API); not validated by NetLens.');
  if (kind === 'CiliumNetworkPolicy' || kind === 'CiliumClusterwideNetworkPolicy') {
    for (const spec of [at(schema, 'spec'), at(schema, 'specs', '*')]) {
      for (const dir of ['ingress', 'egress']) add(at(spec, dir, '*'), 'auth', 'Mutual authentication in Cilium 1.13 (renamed `authentication` in 1.14); not validated by NetLens.');
      // Cilium 1.17 (cilium#36087) selects CiliumCIDRGroups by label too; the reference CRD predates it, and without
      // this every cidrGroupSelector would be a false "unknown field" and "must set exactly one of" error.
      for (const [dir, field] of [['ingress', 'fromCIDRSet'], ['ingressDeny', 'fromCIDRSet'], ['egress', 'toCIDRSet'], ['egressDeny', 'toCIDRSet']]) {
        const rule = at(spec, dir, '*', field, '*');
        const selector = at(spec, 'endpointSelector');
        if (!rule?.fields || rule.fields.cidrGroupSelector || !selector) continue;
        rule.fields.cidrGroupSelector = { ...structuredClone(selector), doc: 'CIDRGroupSelector selects CiliumCIDRGroups by their labels instead of by name (Cilium 1.17 and later).' };
        if (Array.isArray(rule.oneOf) && !rule.oneOf.some((o) => o.includes('cidrGroupSelector'))) rule.oneOf.push(['cidrGroupSelector']);
      }
      // Deny rules match L3/L4 only: say so when someone writes what only allow rules have.
      const egressDeny = at(spec, 'egressDeny', '*');
      if (egressDeny?.fields && !egressDeny.fields.toFQDNs) egressDeny.removedFields = { toFQDNs: 'deny rules cannot match DNS names (toFQDNs exists only in egress allow rules)' };
      for (const dir of ['ingressDeny', 'egressDeny']) {
        const port = at(spec, dir, '*', 'toPorts', '*');
        if (port?.fields && !port.fields.rules) port.removedFields = { rules: 'deny rules carry ports only: L7 rules (http, dns, kafka) exist only in allow rules' };
      }
    }
  }
}

const groups = new Map();
for (const src of SOURCES) {
  const text = fs.readFileSync(path.join(crdDir, src.file), 'utf8');
  const crd = parse(text);
  const g = groups.get(src.out) ?? { kinds: {}, sources: [] };
  groups.set(src.out, g);
  g.sources.push({ file: src.file, bundleVersion: crd.metadata?.annotations?.['gateway.networking.k8s.io/bundle-version'] });
  for (const v of crd.spec.versions) {
    if (v.served === false) continue;
    const schema = convert(v.schema.openAPIV3Schema, crd.spec.names.kind);
    // metadata and status: the engine has its own ObjectMeta; status is the controller's, never checked.
    if (schema.fields) {
      delete schema.fields.metadata;
      if (schema.fields.status) schema.fields.status = { type: 'any', doc: 'Written by the controller; not validated.' };
    }
    const gvk = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
    addKnownElsewhere(crd.spec.names.kind, schema);
    g.kinds[gvk] = { scope: crd.spec.scope, schema };
  }
}

fs.mkdirSync(outDir, { recursive: true });
const provenance = fs.readFileSync(path.join(crdDir, 'PROVENANCE.md'), 'utf8');
for (const [name, g] of groups) {
  const shared = share(Object.fromEntries(Object.entries(g.kinds).map(([k, v]) => [k, v.schema])));
  const data = {
    generatedBy: 'scripts/gen-schemas.mjs',
    sources: g.sources.map((s) => {
      const row = provenance.split('\n').find((l) => l.startsWith(`| ${s.file} |`));
      const cells = row ? row.split('|').map((c) => c.trim()) : [];
      return { file: s.file, repository: cells[2], path: cells[3], commit: cells[4], license: cells[5] };
    }),
    scopes: Object.fromEntries(Object.entries(g.kinds).map(([k, v]) => [k, v.scope])),
    defs: shared.defs,
    kinds: shared.kinds,
  };
  const file = path.join(outDir, `${name}.json`);
  const text = `${JSON.stringify(data)}\n`;
  if (check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(root, file)} is out of date: run npm run gen:schemas`);
      process.exitCode = 1;
    } else console.log(`${path.relative(root, file)}: up to date`);
    continue;
  }
  fs.writeFileSync(file, text);
  console.log(`${path.relative(root, file)}: ${Object.keys(g.kinds).join(', ')} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}
// The parsed form of the schemas' CEL rules, from the files just written (or checked against them).
await import('./gen-cel-asts.mjs');
