// Messages between the topology preview panel (extension side) and its webview script (media/preview.ts),
// with guards: each side checks the kind and the shape of what it receives and drops anything else.
import type { PreviewCounts } from './counts.ts';

/**
 * The preview folds to namespaces above this many nodes (the CLI's limit is 60): about what a 1280x800 panel
 * shows with labels of 12 px or more. Larger namespaces open by click, and the webview never fits smaller.
 */
export const PREVIEW_COLLAPSE_ABOVE = 20;

/**
 * ...and above this many arrows (the CLI's limit is 200). Laying out labelled arrows is what a dense graph costs:
 * 20 workloads with 190 arrows took 1.5 s of CPU in chromium, 95 arrows 1.16 s and 76 arrows 0.9 s on an idle
 * 2-core machine (`npm run bench -- topology`), so 80 keeps the densest unfolded drawing under 1 s; between
 * 20 boxes that many arrows is also about what still reads. Dense namespaces fold first (their inside flows counted on the
 * title), then the whole graph to namespaces, each opened by click.
 */
export const PREVIEW_MAX_EDGES = 80;

export type FocusTarget = { kind: 'node'; id: string } | { kind: 'policy'; name: string };

export interface PreviewOptions {
  scope: 'file' | 'workspace';
  /** Only these namespaces; empty = all. */
  namespaces: string[];
  externalPeers: boolean;
  /** Namespace shown workload by workload while the graph is collapsed. */
  expand: string[];
  /** Focus mode (null: the whole view). */
  focus?: FocusTarget | null;
  /** DNS flows to the cluster DNS as arrows instead of a badge. */
  dnsEdges?: boolean;
  /** The diff view: the git revision compared with (null: the topology). */
  compare?: string | null;
}

/**
 * A search result: workloads focus, namespaces expand, policies focus on the flows they decide; gateways, routes
 * and ingresses focus on their node of the way in.
 */
export interface SearchEntry {
  kind: 'workload' | 'namespace' | 'policy' | 'gateway' | 'route' | 'ingress';
  id: string;
  label: string;
  detail: string;
}

/** One opened or closed flow of the diff view, with its deciding rules as display text. */
export interface DiffFlowItem {
  status: 'added' | 'removed';
  text: string;
  edge?: string;
  /** Rule labels, clickable when `navigable`; `why` says which side (allowed now / allowed at base / denies now). */
  rules: { label: string; why: 'allows' | 'allowed' | 'denies' | 'routes' | 'routed'; navigable: boolean }[];
}

export interface DiffInfo {
  base: string;
  commit?: string;
  flows: DiffFlowItem[];
  findings: { status: 'added' | 'removed'; text: string; navigable: boolean }[];
  /** Changed flows of unisolated pods: listed, not drawn. */
  undecided: number;
  edgeStatus: Record<string, 'added' | 'removed' | 'unchanged'>;
  error?: string;
}

export interface PreviewNode {
  id: string;
  label: string;
  kind: string;
  namespace?: string;
  /** Whether a click can reveal something. */
  navigable: boolean;
}

export interface PreviewEdge {
  id: string;
  from: string;
  to: string;
  label: string;
  navigable: boolean;
  /** Tooltip: the deciding rules and any caveats (plain text). */
  detail?: string;
}

/** Extension -> webview. */
export type ToWebview =
  | {
      kind: 'update';
      /** Increases with every update; the webview ignores stale ones. */
      seq: number;
      mermaid: string;
      nodes: PreviewNode[];
      edges: PreviewEdge[];
      collapsed: boolean;
      options: PreviewOptions;
      /** Every namespace of the workspace, for the filter. */
      namespaces: string[];
      counts: PreviewCounts;
      /** A plain-language message shown instead of (or above) the graph. */
      message?: string;
      /** The file the scope follows, for the title line. */
      source?: string;
      /** What the search box can find. */
      search?: SearchEntry[];
      /** Set in the diff view. */
      diff?: DiffInfo;
    }
  | { kind: 'error'; message: string }
  | { kind: 'requestSvg'; purpose: 'save' };

/** Webview -> extension. */
export type FromWebview =
  | { kind: 'ready' }
  | { kind: 'reveal'; target: 'node' | 'edge'; id: string }
  | { kind: 'setOptions'; options: Partial<PreviewOptions> }
  | { kind: 'copyMermaid' }
  | { kind: 'saveMarkdown' }
  | { kind: 'svg'; svg: string }
  | { kind: 'renderError'; message: string }
  | { kind: 'revealFlow'; index: number; rule: number }
  | { kind: 'revealFinding'; index: number }
  | { kind: 'pickCompare' };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const SAFE_ID = /^[A-Za-z0-9_]{1,2000}$/;

function isPartialOptions(v: unknown): v is Partial<PreviewOptions> {
  if (!isObj(v)) return false;
  if (v.scope !== undefined && v.scope !== 'file' && v.scope !== 'workspace') return false;
  if (v.namespaces !== undefined && !isStrList(v.namespaces)) return false;
  if (v.externalPeers !== undefined && typeof v.externalPeers !== 'boolean') return false;
  if (v.expand !== undefined && !isStrList(v.expand)) return false;
  if (v.dnsEdges !== undefined && typeof v.dnsEdges !== 'boolean') return false;
  if (v.compare !== undefined && v.compare !== null && !(isStr(v.compare) && v.compare.length < 500)) return false;
  if (v.focus !== undefined && v.focus !== null && !isFocus(v.focus)) return false;
  return true;
}

function isFocus(v: unknown): v is FocusTarget {
  if (!isObj(v)) return false;
  if (v.kind === 'node') return isStr(v.id) && SAFE_ID.test(v.id);
  return v.kind === 'policy' && isStr(v.name) && v.name.length < 600;
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1_000_000;

/** Validates a message from the webview (untrusted: it renders user-controlled text). */
export function parseFromWebview(v: unknown): FromWebview | undefined {
  if (!isObj(v) || !isStr(v.kind)) return undefined;
  switch (v.kind) {
    case 'ready':
    case 'copyMermaid':
    case 'saveMarkdown':
    case 'pickCompare':
      return { kind: v.kind };
    case 'revealFlow':
      return isIndex(v.index) && isIndex(v.rule) ? { kind: 'revealFlow', index: v.index, rule: v.rule } : undefined;
    case 'revealFinding':
      return isIndex(v.index) ? { kind: 'revealFinding', index: v.index } : undefined;
    case 'reveal':
      return (v.target === 'node' || v.target === 'edge') && isStr(v.id) && SAFE_ID.test(v.id) ? { kind: 'reveal', target: v.target, id: v.id } : undefined;
    case 'setOptions':
      return isPartialOptions(v.options) ? { kind: 'setOptions', options: v.options } : undefined;
    case 'svg':
      return isStr(v.svg) && v.svg.length < 50_000_000 ? { kind: 'svg', svg: v.svg } : undefined;
    case 'renderError':
      return isStr(v.message) ? { kind: 'renderError', message: v.message.slice(0, 2000) } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the extension (the webview trusts only what it can use safely). */
export function parseToWebview(v: unknown): ToWebview | undefined {
  if (!isObj(v) || !isStr(v.kind)) return undefined;
  switch (v.kind) {
    case 'update': {
      const ok =
        typeof v.seq === 'number' &&
        isStr(v.mermaid) &&
        Array.isArray(v.nodes) &&
        Array.isArray(v.edges) &&
        typeof v.collapsed === 'boolean' &&
        isObj(v.options) &&
        isStrList(v.namespaces) &&
        isObj(v.counts) &&
        isObj(v.counts.arrows) &&
        (v.message === undefined || isStr(v.message));
      return ok ? (v as ToWebview) : undefined;
    }
    case 'error':
      return isStr(v.message) ? { kind: 'error', message: v.message } : undefined;
    case 'requestSvg':
      return { kind: 'requestSvg', purpose: 'save' };
    default:
      return undefined;
  }
}
