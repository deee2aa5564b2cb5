// Loads dist/client-features.js (client/src/features.ts) on the first command or restored preview that needs it.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './client.ts';

export type Features = typeof import('./features.ts');

/**
 * The preview, reports and "can A reach B?" are not needed to start the language client, so activation does
 * not compile them (issue 12: activation including the client bundle <= 50 ms). `__dirname` is the folder of
 * the running bundle (dist/), where esbuild.mjs writes the features bundle.
 */
const FEATURES = path.join(__dirname, 'client-features.js');

let loaded: Features | undefined;

export function features(): Features {
  return (loaded ??= createRequire(FEATURES)(FEATURES) as Features);
}

/** The features bundle if a command already loaded it (nothing is loaded to answer). */
export function loadedFeatures(): Features | undefined {
  return loaded;
}

/** The preview's webview type (package.json `onWebviewPanel:netlens.topology`). */
export const PREVIEW_VIEW_TYPE = 'netlens.topology';

/** Brings the preview back after a reload; the features bundle loads only when there is a preview to restore. */
export function registerPreviewSerializer(ctx: Ctx): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state) => features().TopologyPreview.revive(ctx, panel, state),
  });
}
