// The webview's link to the extension: VS Code's API, or (outside VS Code, in the render test) an outbox.
import type { FromWebview, PreviewOptions } from '../../client/src/preview/messages.ts';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

export interface ViewState {
  scale: number;
  x: number;
  y: number;
  /** Fitted automatically (refit on resize) rather than placed by the user. */
  auto?: boolean;
}

export interface SavedState {
  options?: PreviewOptions;
  view?: ViewState;
  /** Which view the saved position belongs to (scope, namespaces, expand, focus, compare). */
  viewKey?: string;
}

const vscode: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : {
        postMessage: (m) => ((window as unknown as { __netlensOutbox: unknown[] }).__netlensOutbox ??= []).push(m),
        getState: () => undefined,
        setState: () => undefined,
      };

export const post = (m: FromWebview): void => vscode.postMessage(m);

export function loadState(): SavedState {
  return (vscode.getState() ?? {}) as SavedState;
}

export function saveState(patch: Partial<SavedState>): void {
  vscode.setState({ ...loadState(), ...patch } satisfies SavedState);
}

/** An element built with textContent only: nothing from the workspace is parsed as HTML except mermaid's SVG. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** `1 flow`, `3 flows`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
