// The preview's HTML shell: strict CSP with a per-load crypto-random nonce, bundle and stylesheet from the extension.
import { randomBytes } from 'node:crypto';

/** What the shell needs from a webview (a real vscode.Webview, or the render test's stand-in). */
export interface WebviewLike {
  readonly cspSource: string;
  asWebviewUri(file: { toString(): string }): { toString(): string };
}

/** 128 random bits, base64: a fresh nonce for every load of the panel. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Scripts run only with the nonce (no inline handlers, no eval, nothing remote); styles may be inline because
 * mermaid writes `<style>` and style attributes into its SVG; images only from the bundle or data: URIs.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function previewHtml(webview: WebviewLike, scriptUri: { toString(): string }, styleUri: { toString(): string }, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(webview.asWebviewUri(styleUri).toString())}">
<title>NetLens Topology</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(nonce)}" src="${attr(webview.asWebviewUri(scriptUri).toString())}"></script>
</body>
</html>
`;
}
