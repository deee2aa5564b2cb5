// The status bar item: what the server is doing (starting, ready, busy, failed, stopped); a click shows the output.
import * as vscode from 'vscode';
import type { Ctx, ServerState, StateChange } from './client.ts';

const LOOK: Record<ServerState, { icon: string; text: string; background?: string }> = {
  starting: { icon: '$(sync~spin)', text: 'starting' },
  busy: { icon: '$(sync~spin)', text: 'working' },
  ready: { icon: '$(check)', text: 'ready' },
  warning: { icon: '$(warning)', text: 'needs attention', background: 'statusBarItem.warningBackground' },
  error: { icon: '$(error)', text: 'not running', background: 'statusBarItem.errorBackground' },
  stopped: { icon: '$(circle-slash)', text: 'stopped' },
};

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('netlens.status', vscode.StatusBarAlignment.Right, 100);
  private readonly sub: vscode.Disposable;

  constructor(ctx: Ctx) {
    this.item.name = 'NetLens';
    this.item.command = 'netlens.showOutput';
    this.show(ctx.state);
    this.sub = ctx.onDidChangeState((s) => this.show(s));
    this.item.show();
  }

  /** The state shown, for tests. */
  state: ServerState = 'stopped';

  private show(s: StateChange): void {
    const look = LOOK[s.state];
    this.state = s.state;
    this.item.text = `${look.icon} NetLens`;
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
    const tooltip = new vscode.MarkdownString(`**NetLens** server ${look.text}${s.detail ? `\n\n${s.detail}` : ''}\n\nClick to show the output.`);
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `NetLens server ${look.text}` };
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
