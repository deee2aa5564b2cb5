// The one typed settings object of the engine, built from whatever the editor or the CLI hands over.
import { dataPlanesFromRaw, DEFAULT_DATA_PLANES, type DataPlane } from './kinds/gateway/dataplanes.ts';
import { conventionsFromRaw, DEFAULT_CONVENTIONS, type Conventions } from './conventions/settings.ts';
import type { SeveritySetting } from './types.ts';

export type { Conventions, DefaultDenyRequirement } from './conventions/settings.ts';

export interface ClusterWorkload {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ports: { port: number; protocol: 'TCP' | 'UDP' | 'SCTP'; name?: string }[];
}

export interface ClusterNamespace {
  name: string;
  labels: Record<string, string>;
}

export interface Options {
  enable: boolean;
  /** Severity overrides by rule code, like ESLint's `rules`. */
  rules: Record<string, SeveritySetting>;
  /** Namespace for objects that name none and are not placed by a kustomization. */
  defaultNamespace: string;
  /** Files larger than this (in UTF-16 code units) are declined with one diagnostic. */
  maxFileSize: number;
  /** Workloads that live outside the repository (kube-dns, ingress controllers). */
  clusterWorkloads: ClusterWorkload[];
  clusterNamespaces: ClusterNamespace[];
  /** CIDRs that pod IPs come from; lets ipBlock peers be related to pods. */
  podCIDRs: string[];
  /** Globs of files the workspace index skips. */
  exclude: string[];
  /** Where "Add default-deny policy" writes: a new document in the current file, or a new file next to it. */
  defaultDenyTarget: 'newDocument' | 'newFile';
  /** The Cilium release the cluster runs (`1.18`): decides what is deprecated and what is already removed. */
  ciliumVersion: string;
  /** The Kubernetes release the cluster runs (`1.35`): decides version-dependent validation (strict CIDR parsing). */
  kubernetesVersion: string;
  /** Team conventions (`netlens.conventions.*`): rules that report only when their setting asks for them. */
  conventions: Conventions;
  /** `netlens.gateway.dataPlanes`: which pods carry each Gateway implementation's traffic to backends. */
  gatewayDataPlanes: readonly DataPlane[];
  /** Honour inline exceptions (netlens-disable comments, netlens.io/ignore); the CLI's --no-inline-config clears it. */
  inlineConfig: boolean;
  /** Settings values that were ignored, in words (invalid convention values); adapters show them. */
  settingsProblems?: string[];
}

export const DEFAULT_KUBE_DNS: ClusterWorkload = {
  namespace: 'kube-system',
  name: 'kube-dns',
  labels: { 'k8s-app': 'kube-dns' },
  ports: [
    { port: 53, protocol: 'UDP', name: 'dns' },
    { port: 53, protocol: 'TCP', name: 'dns-tcp' },
  ],
};

export const DEFAULT_OPTIONS: Options = {
  enable: true,
  rules: {},
  defaultNamespace: 'default',
  maxFileSize: 5_000_000,
  clusterWorkloads: [DEFAULT_KUBE_DNS],
  clusterNamespaces: [],
  podCIDRs: [],
  exclude: [],
  defaultDenyTarget: 'newDocument',
  ciliumVersion: '1.18',
  kubernetesVersion: '1.35',
  conventions: DEFAULT_CONVENTIONS,
  gatewayDataPlanes: DEFAULT_DATA_PLANES,
  inlineConfig: true,
};

/** `major.minor` of a version setting as one comparable number (1.18 -> 1018); undefined when unreadable. */
export function versionNumber(v: string): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

/** Whether the configured Kubernetes release is `major.minor` or later. */
export function kubernetesAtLeast(options: Pick<Options, 'kubernetesVersion'>, major: number, minor: number): boolean {
  return (versionNumber(options.kubernetesVersion) ?? 0) >= major * 1000 + minor;
}

/** Per Options, the text of everything in it but `rules` and the notes on ignored values (sameModelOptions). */
const MODEL_KEYS = new WeakMap<Options, string>();

/**
 * Whether a workspace model built under `a` is the one `b` builds. Nothing that builds a model (reading objects,
 * kustomize builds, lowering policies, selection, DNS verdicts) reads `rules`: a rule's severity or on/off decides
 * only its findings. So after a settings change of severities the model, its indexes and selections are kept
 * (building it anew was about 0.7 s of the 2,000-file bench's settings change). Any other difference, or the same
 * settings spelt in another key order, says no: the model is built again, as before.
 */
export function sameModelOptions(a: Options, b: Options): boolean {
  return a === b || modelOptionsKey(a) === modelOptionsKey(b);
}

/** The text sameModelOptions compares: what a file's share of the model is kept under (model/build.ts). */
export function modelOptionsKey(o: Options): string {
  let key = MODEL_KEYS.get(o);
  if (key === undefined) {
    // JSON leaves out keys whose value is undefined.
    const text = JSON.stringify({ ...o, rules: undefined, settingsProblems: undefined });
    // One string per distinct text: every file's model share compares its key with the options' (model/build.ts),
    // and equal strings that are one object compare at once.
    key = INTERNED.get(text) ?? text;
    if (INTERNED.size > 64) INTERNED.clear();
    INTERNED.set(text, key);
    MODEL_KEYS.set(o, key);
  }
  return key;
}

const INTERNED = new Map<string, string>();

const SEVERITY_SETTINGS = new Set(['error', 'warning', 'information', 'hint', 'off']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function workloads(v: unknown): ClusterWorkload[] {
  if (!Array.isArray(v)) return [];
  const out: ClusterWorkload[] = [];
  for (const w of v) {
    if (!isRecord(w) || typeof w.name !== 'string' || typeof w.namespace !== 'string') continue;
    const ports: ClusterWorkload['ports'] = [];
    for (const p of Array.isArray(w.ports) ? w.ports : []) {
      if (!isRecord(p) || typeof p.port !== 'number') continue;
      const protocol = p.protocol === 'UDP' || p.protocol === 'SCTP' ? p.protocol : 'TCP';
      ports.push({ port: p.port, protocol, ...(typeof p.name === 'string' ? { name: p.name } : {}) });
    }
    out.push({ namespace: w.namespace, name: w.name, labels: stringRecord(w.labels), ports });
  }
  return out;
}

/**
 * Builds Options from raw settings (the `netlens` section of VS Code settings, or the same keys read by the
 * CLI from `.vscode/settings.json`). Unknown or mistyped values fall back to defaults; never throws.
 */
export function optionsFromRaw(raw: unknown): Options {
  const r = isRecord(raw) ? raw : {};
  const rules: Record<string, SeveritySetting> = {};
  if (isRecord(r.rules)) {
    for (const [code, sev] of Object.entries(r.rules)) {
      if (typeof sev === 'string' && SEVERITY_SETTINGS.has(sev)) rules[code] = sev as SeveritySetting;
    }
  }
  const cluster = isRecord(r.cluster) ? r.cluster : {};
  const namespaces: ClusterNamespace[] = [];
  for (const n of Array.isArray(cluster.namespaces) ? cluster.namespaces : []) {
    if (isRecord(n) && typeof n.name === 'string') namespaces.push({ name: n.name, labels: stringRecord(n.labels) });
  }
  const problems: string[] = [];
  const conventions = conventionsFromRaw(r.conventions, problems);
  return {
    ...(problems.length > 0 ? { settingsProblems: problems } : {}),
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_OPTIONS.enable,
    rules,
    defaultNamespace:
      typeof r.defaultNamespace === 'string' && r.defaultNamespace ? r.defaultNamespace : DEFAULT_OPTIONS.defaultNamespace,
    maxFileSize: typeof r.maxFileSize === 'number' && r.maxFileSize > 0 ? r.maxFileSize : DEFAULT_OPTIONS.maxFileSize,
    clusterWorkloads: Array.isArray(cluster.workloads) ? workloads(cluster.workloads) : DEFAULT_OPTIONS.clusterWorkloads,
    clusterNamespaces: namespaces,
    podCIDRs: stringList(cluster.podCIDRs),
    exclude: stringList(r.exclude),
    defaultDenyTarget: isRecord(r.quickFix) && r.quickFix.defaultDenyTarget === 'newFile' ? 'newFile' : DEFAULT_OPTIONS.defaultDenyTarget,
    ciliumVersion: typeof r.ciliumVersion === 'string' && versionNumber(r.ciliumVersion) !== undefined ? r.ciliumVersion.trim() : DEFAULT_OPTIONS.ciliumVersion,
    kubernetesVersion:
      typeof r.kubernetesVersion === 'string' && versionNumber(r.kubernetesVersion) !== undefined ? r.kubernetesVersion.trim().replace(/^v/, '') : DEFAULT_OPTIONS.kubernetesVersion,
    conventions,
    gatewayDataPlanes: dataPlanesFromRaw(isRecord(r.gateway) ? r.gateway.dataPlanes : undefined),
    inlineConfig: r.inlineConfig !== false,
  };
}

/**
 * Flattens dotted VS Code keys (`"netlens.rules": {...}`, `"netlens.cluster.workloads": [...]`) from a
 * settings.json object into the nested shape optionsFromRaw takes.
 */
export function netlensSectionFromSettingsJson(settings: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(settings)) return out;
  if (isRecord(settings.netlens)) Object.assign(out, settings.netlens);
  for (const [key, value] of Object.entries(settings)) {
    if (!key.startsWith('netlens.')) continue;
    const path = key.slice('netlens.'.length).split('.');
    let cur: Record<string, unknown> = out;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i] as string;
      if (!isRecord(cur[seg])) cur[seg] = {};
      cur = cur[seg] as Record<string, unknown>;
    }
    cur[path[path.length - 1] as string] = value;
  }
  return out;
}

/** A settings value NetLens cannot use: reported (CLI exit 2, editor warning) rather than silently ignored. */
export interface SettingsProblem {
  /** The full VS Code key, e.g. `netlens.rules.missing-dns-egress`. */
  key: string;
  value: unknown;
  /** What is allowed, in words: `one of error, warning, information, hint, off`. */
  allowed: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/** `netlens.x: "value" is not valid (allowed: ...)` for messages. */
export function describeSettingsProblem(p: SettingsProblem): string {
  return `"${p.key}": ${show(p.value)} is not valid; allowed: ${p.allowed}`;
}

/**
 * The values of the raw `netlens` section that optionsFromRaw would drop for its defaults, by key. Keys
 * NetLens does not know are left alone (other versions may know them).
 */
export function invalidSettings(raw: unknown): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  if (!isRecord(raw)) return out;
  const bad = (key: string, value: unknown, allowed: string): void => void out.push({ key: `netlens.${key}`, value, allowed });
  const severities = `one of ${[...SEVERITY_SETTINGS].join(', ')}`;
  if (raw.enable !== undefined && typeof raw.enable !== 'boolean') bad('enable', raw.enable, 'true or false');
  if (raw.rules !== undefined) {
    if (!isRecord(raw.rules)) bad('rules', raw.rules, `an object of rule codes to ${severities}`);
    else for (const [code, sev] of Object.entries(raw.rules)) if (typeof sev !== 'string' || !SEVERITY_SETTINGS.has(sev)) bad(`rules.${code}`, sev, severities);
  }
  if (raw.defaultNamespace !== undefined && (typeof raw.defaultNamespace !== 'string' || raw.defaultNamespace === '')) bad('defaultNamespace', raw.defaultNamespace, 'a namespace name');
  if (raw.maxFileSize !== undefined && !(typeof raw.maxFileSize === 'number' && raw.maxFileSize > 0)) bad('maxFileSize', raw.maxFileSize, 'a positive number');
  if (raw.exclude !== undefined && !(Array.isArray(raw.exclude) && raw.exclude.every((g) => typeof g === 'string'))) bad('exclude', raw.exclude, 'a list of glob patterns');
  if (raw.quickFix !== undefined) {
    const target = isRecord(raw.quickFix) ? raw.quickFix.defaultDenyTarget : raw.quickFix;
    if (!isRecord(raw.quickFix) || (target !== undefined && target !== 'newDocument' && target !== 'newFile')) bad('quickFix.defaultDenyTarget', target, 'one of newDocument, newFile');
  }
  const cluster = raw.cluster;
  if (cluster !== undefined && !isRecord(cluster)) bad('cluster', cluster, 'an object');
  if (isRecord(cluster)) {
    if (cluster.podCIDRs !== undefined && !(Array.isArray(cluster.podCIDRs) && cluster.podCIDRs.every((c) => typeof c === 'string'))) bad('cluster.podCIDRs', cluster.podCIDRs, 'a list of CIDR strings');
    if (cluster.workloads !== undefined) {
      if (!Array.isArray(cluster.workloads)) bad('cluster.workloads', cluster.workloads, 'a list of workloads');
      else
        cluster.workloads.forEach((w, i) => {
          if (!isRecord(w) || typeof w.name !== 'string' || typeof w.namespace !== 'string') bad(`cluster.workloads[${i}]`, w, 'an object with string namespace and name');
          else
            (Array.isArray(w.ports) ? w.ports : []).forEach((p, j) => {
              const at = `cluster.workloads[${i}].ports[${j}]`;
              if (!isRecord(p) || typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535) bad(`${at}.port`, isRecord(p) ? p.port : p, 'an integer from 1 to 65535');
              else if (p.protocol !== undefined && p.protocol !== 'TCP' && p.protocol !== 'UDP' && p.protocol !== 'SCTP') bad(`${at}.protocol`, p.protocol, 'one of TCP, UDP, SCTP');
            });
        });
    }
    if (cluster.namespaces !== undefined && !(Array.isArray(cluster.namespaces) && cluster.namespaces.every((n) => isRecord(n) && typeof n.name === 'string'))) {
      bad('cluster.namespaces', cluster.namespaces, 'a list of objects with a string name');
    }
  }
  return out;
}
