// The commands table (like rust-analyzer's): id -> factory(ctx). Adding a command is one entry here plus its
// declaration in package.json `contributes.commands`.
import * as vscode from 'vscode';
import type { Ctx } from './client.ts';
import { features } from './lazy.ts';
import type { CanReachArgs } from './reach.ts';
import { openRuleDoc, OPEN_RULE_DOC } from './ruleDocs.ts';

export type CommandFactory = (ctx: Ctx) => (...args: never[]) => unknown;

export const COMMANDS: Record<string, CommandFactory> = {
  'netlens.restartServer': (ctx) => () => ctx.restart(),
  'netlens.showOutput': (ctx) => () => ctx.output.show(true),
  // The preview, reports, reach and trace live in the features bundle, loaded by the first of these commands.
  'netlens.openTopologyPreview': (ctx) => () => void features().TopologyPreview.show(ctx, false),
  'netlens.openTopologyPreviewToSide': (ctx) => () => void features().TopologyPreview.show(ctx, true),
  'netlens.compareConnectivity': (ctx) => (ref?: string) => features().TopologyPreview.compare(ctx, typeof ref === 'string' ? ref : undefined),
  'netlens.showConnectionMatrix': (ctx) => () => features().showReport(ctx, 'matrix'),
  'netlens.showCoverageReport': (ctx) => () => features().showReport(ctx, 'coverage'),
  'netlens.showInventory': (ctx) => () => features().showReport(ctx, 'inventory'),
  'netlens.canReach': (ctx) => (args?: Partial<CanReachArgs>) => features().canReach(ctx, args),
  'netlens.traceUrl': (ctx) => (url?: string) => features().traceUrl(ctx, url),
  [OPEN_RULE_DOC]: (ctx) => (doc?: string) => openRuleDoc(ctx.extension, doc),
};

/** Registers every command; a failing command is logged and shown, never left as an unhandled rejection. */
export function registerCommands(ctx: Ctx, table: Record<string, CommandFactory> = COMMANDS): vscode.Disposable[] {
  return Object.entries(table).map(([id, factory]) => {
    const run = factory(ctx) as (...args: unknown[]) => unknown;
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        ctx.output.error(`${id} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
        void vscode.window.showErrorMessage(`NetLens: ${message}`);
        return undefined;
      }
    });
  });
}
