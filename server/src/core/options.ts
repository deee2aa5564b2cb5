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
