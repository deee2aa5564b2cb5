// Extension entry point: activate() wires the output, status item, commands and language client; nothing else.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Ctx } from './client.ts';
import { registerCommands } from './commands.ts';
import { loadedFeatures, registerPreviewSerializer } from './lazy.ts';
import type { PreviewSnapshot } from './preview/panel.ts';
import { StatusItem } from './status.ts';

/** What activate() returns; e2e tests read it through `vscode.extensions.getExtension(...).exports`. */
export interface NetLensApi {
  /** Milliseconds from activate() start to the language client's start() call (issue 5 budget: 50 ms). */
  readonly activationMs: number;
  /** The running client (a new one after each restart). */
  readonly client: LanguageClient | undefined;
  /** Milliseconds since activate() start at each step up to activationMs (where the time goes). */
  readonly activationMarks: Readonly<Record<string, number>>;
  /** Settles when the first server answered initialize. */
  readonly ready: Promise<void>;
  readonly ctx: Ctx;
  /** The topology preview's state (title, options, the diff it shows), when one is open. */
  preview(): PreviewSnapshot | undefined;
}

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): NetLensApi {
  const t0 = performance.now();
  const marks: Record<string, number> = {};
  const mark = (k: string): void => void (marks[k] = performance.now() - t0);
  const output = vscode.window.createOutputChannel('NetLens', { log: true });
  mark('output');
  ctx = new Ctx(context, output);
  const status = new StatusItem(ctx);
  mark('status');
  context.subscriptions.push(output, ctx, status, ...registerCommands(ctx), registerPreviewSerializer(ctx));
  mark('commands');
  const ready = ctx.start(mark);
  const activationMs = performance.now() - t0;
  output.info(`Activated in ${activationMs.toFixed(1)} ms (activate() start to language client start) ${JSON.stringify(marks)}`);
  void ready.then(() => output.info(`Server ready ${(performance.now() - t0).toFixed(0)} ms after activation`));
  const c = ctx;
  return {
    activationMs,
    activationMarks: marks,
    get client() {
      return c.client;
    },
    ready,
    ctx: c,
    preview: () => loadedFeatures()?.TopologyPreview.active?.snapshot(),
  };
}

export function deactivate(): Promise<void> | undefined {
  const c = ctx;
  ctx = undefined;
  return c?.stop();
}
