// Messages between the topology preview panel (extension side) and its webview script (media/preview.ts),
// with guards: each side checks the kind and the shape of what it receives and drops anything else.

export interface PreviewOptions {
  scope: 'file' | 'workspace';
  /** Only these namespaces; empty = all. */
  namespaces: string[];
  externalPeers: boolean;
  /** Namespace shown workload by workload while the graph is collapsed. */
  expand: string[];
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
      counts: { workloads: number; namespaces: number; edges: number; policies: number };
      /** A plain-language message shown instead of (or above) the graph. */
      message?: string;
      /** The file the scope follows, for the title line. */
      source?: string;
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
  | { kind: 'renderError'; message: string };

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
  return true;
}

/** Validates a message from the webview (untrusted: it renders user-controlled text). */
export function parseFromWebview(v: unknown): FromWebview | undefined {
  if (!isObj(v) || !isStr(v.kind)) return undefined;
  switch (v.kind) {
    case 'ready':
    case 'copyMermaid':
    case 'saveMarkdown':
      return { kind: v.kind };
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
