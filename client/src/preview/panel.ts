// The topology preview panel: one webview that follows the active YAML file (or the workspace), refreshes on
// edits (debounced), reveals workloads and deciding rules on click, exports, and restores after a reload.
import * as vscode from 'vscode';
import { TopologyRequest, type SourceLocation, type TopologyResult, type TopologyRuleJson } from '../../../server/src/protocol.ts';
import type { Ctx } from '../client.ts';
import { makeNonce, previewHtml } from './html.ts';
import { parseFromWebview, type FromWebview, type PreviewEdge, type PreviewNode, type PreviewOptions, type ToWebview } from './messages.ts';

export const VIEW_TYPE = 'netlens.topology';
const DEBOUNCE_MS = 250;
const DEFAULT_OPTIONS: PreviewOptions = { scope: 'workspace', namespaces: [], externalPeers: true, expand: [] };

interface GraphJson {
  nodes: { id: string; label: string; kind: string; namespace?: string }[];
  edges: { id: string; from: string; to: string; label: string; caveats?: string[] }[];
  counts: { workloads: number; namespaces: number; edges: number; policies: number };
}

const isYaml = (d: vscode.TextDocument) => d.languageId === 'yaml' || /\.ya?ml$/i.test(d.uri.path);

export class TopologyPreview implements vscode.Disposable {
  private static current: TopologyPreview | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private options: PreviewOptions;
  private source: vscode.Uri | undefined;
  private last: TopologyResult | undefined;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Opens (or reveals) the preview, beside the editor for `toSide`, following the active YAML file. */
  static show(ctx: Ctx, toSide: boolean): void {
    const editor = vscode.window.activeTextEditor;
    const column = toSide ? vscode.ViewColumn.Beside : (editor?.viewColumn ?? vscode.ViewColumn.Active);
    if (TopologyPreview.current) {
      TopologyPreview.current.panel.reveal(column, toSide);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'NetLens Topology', { viewColumn: column, preserveFocus: toSide }, TopologyPreview.webviewOptions(ctx));
    TopologyPreview.current = new TopologyPreview(ctx, panel, DEFAULT_OPTIONS, editor && isYaml(editor.document) ? editor.document.uri : undefined);
  }

  /** Restores a preview after a reload (registerWebviewPanelSerializer), with the options the webview saved. */
  static revive(ctx: Ctx, panel: vscode.WebviewPanel, state: unknown): void {
    const saved = (state as { options?: Partial<PreviewOptions> } | undefined)?.options ?? {};
    const options: PreviewOptions = {
      scope: saved.scope === 'file' ? 'file' : 'workspace',
      namespaces: Array.isArray(saved.namespaces) ? saved.namespaces.filter((n) => typeof n === 'string') : [],
      externalPeers: saved.externalPeers !== false,
      expand: Array.isArray(saved.expand) ? saved.expand.filter((n) => typeof n === 'string') : [],
    };
    panel.webview.options = TopologyPreview.webviewOptions(ctx);
    TopologyPreview.current?.dispose();
    const editor = vscode.window.activeTextEditor;
    TopologyPreview.current = new TopologyPreview(ctx, panel, options, editor && isYaml(editor.document) ? editor.document.uri : undefined);
  }

  private static webviewOptions(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = ctx.extension.extensionUri;
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')] };
  }

  private constructor(
    private readonly ctx: Ctx,
    private readonly panel: vscode.WebviewPanel,
    options: PreviewOptions,
    source: vscode.Uri | undefined,
  ) {
    this.options = options;
    this.source = source;
    const root = ctx.extension.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(root, 'media', 'icon.svg');
    panel.webview.html = previewHtml(panel.webview, vscode.Uri.joinPath(root, 'dist', 'preview.js'), vscode.Uri.joinPath(root, 'media', 'preview.css'), makeNonce());
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => {
        const msg = parseFromWebview(m);
        if (msg) void this.handle(msg).catch((err: unknown) => this.fail('preview action', err));
        else ctx.output.warn('Topology preview: ignored a malformed message from the webview');
      }),
      vscode.workspace.onDidChangeTextDocument((e) => isYaml(e.document) && e.contentChanges.length > 0 && this.schedule()),
      vscode.workspace.onDidSaveTextDocument((d) => isYaml(d) && this.schedule()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !isYaml(editor.document) || editor.document.uri.toString() === this.source?.toString()) return;
        this.source = editor.document.uri;
        if (this.options.scope === 'file') this.schedule(0);
      }),
      panel.onDidChangeViewState((e) => e.webviewPanel.visible && this.schedule(0)),
      ctx.onDidChangeState((s) => s.state === 'ready' && this.schedule(0)),
    );
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh().catch((err: unknown) => this.fail('topology', err));
    }, delay);
  }

  /** Asks the server for the graph and hands it to the webview; a newer request supersedes an older one. */
  private async refresh(): Promise<void> {
    if (!this.panel.visible) return;
    const seq = ++this.seq;
    const o = this.options;
    const result = await this.ctx.request(TopologyRequest, { uri: this.source?.toString(), scope: o.scope, namespaces: o.namespaces, externalPeers: o.externalPeers, expand: o.expand });
    if (seq !== this.seq) return;
    this.last = result;
    const graph = (result.graph ?? {}) as Partial<GraphJson>;
    const nodes: PreviewNode[] = (graph.nodes ?? []).map((n) => ({ id: n.id, label: n.label, kind: n.kind, ...(n.namespace ? { namespace: n.namespace } : {}), navigable: result.locations[n.id] !== undefined }));
    const edges: PreviewEdge[] = (graph.edges ?? []).map((e) => {
      const rules = result.edgeRules?.[e.id] ?? [];
      const detail = [`${e.label}, allowed by:`, ...rules.map((r) => `  ${r.policy} (${r.direction} rule ${r.ruleIndex})`), ...(e.caveats ?? []).map((c) => `Note: ${c}`)].join('\n');
      return { id: e.id, from: e.from, to: e.to, label: e.label, navigable: rules.some((r) => r.location), detail };
    });
    const counts = graph.counts ?? { workloads: 0, namespaces: 0, edges: 0, policies: 0 };
    const update: ToWebview = {
      kind: 'update',
      seq,
      mermaid: result.mermaid,
      nodes,
      edges,
      collapsed: result.collapsed,
      options: o,
      namespaces: result.namespaces ?? [],
      counts: { workloads: counts.workloads, namespaces: counts.namespaces, edges: counts.edges, policies: counts.policies },
      ...(result.message ? { message: result.message } : {}),
      ...(o.scope === 'file' && this.source ? { source: vscode.workspace.asRelativePath(this.source) } : {}),
    };
    await this.panel.webview.postMessage(update);
  }

  private async handle(msg: FromWebview): Promise<void> {
    switch (msg.kind) {
      case 'ready':
        return this.schedule(0);
      case 'setOptions':
        this.options = { ...this.options, ...msg.options };
        return this.schedule(0);
      case 'reveal':
        return msg.target === 'node' ? this.revealLocation(this.last?.locations[msg.id]) : this.revealRule(this.last?.edgeRules?.[msg.id] ?? []);
      case 'copyMermaid':
        if (!this.last) return;
        await vscode.env.clipboard.writeText(this.last.mermaid);
        void vscode.window.showInformationMessage('NetLens: Mermaid text copied to the clipboard.');
        return;
      case 'saveMarkdown':
        if (this.last) await this.save('topology.md', { Markdown: ['md'] }, `## Network topology\n\n\`\`\`mermaid\n${this.last.mermaid}\`\`\`\n`);
        return;
      case 'svg':
        await this.save('topology.svg', { SVG: ['svg'] }, msg.svg);
        return;
      case 'renderError':
        this.ctx.output.warn(`Topology preview could not render the graph: ${msg.message}`);
        return;
    }
  }

  private async revealLocation(loc: SourceLocation | undefined): Promise<void> {
    if (!loc) return;
    const r = loc.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === loc.uri)?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.parse(loc.uri), { selection: range, viewColumn: column, preserveFocus: false });
  }

  /** One deciding rule: go there; several (egress and ingress sides): let the user pick. */
  private async revealRule(rules: readonly TopologyRuleJson[]): Promise<void> {
    const withLoc = rules.filter((r) => r.location);
    if (withLoc.length <= 1) return this.revealLocation(withLoc[0]?.location);
    const pick = await vscode.window.showQuickPick(
      withLoc.map((r) => ({ label: `${r.policy}`, description: `${r.direction} rule ${r.ruleIndex}`, rule: r })),
      { placeHolder: 'Rules that allow this flow' },
    );
    if (pick) await this.revealLocation(pick.rule.location);
  }

  private async save(name: string, filters: Record<string, string[]>, text: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ filters, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`NetLens: saved ${vscode.workspace.asRelativePath(target)}.`);
  }

  private fail(what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.ctx.output.error(`${what} failed: ${message}`);
    void this.panel.webview.postMessage({ kind: 'error', message: `NetLens could not update the graph: ${message}` } satisfies ToWebview);
  }

  dispose(): void {
    if (TopologyPreview.current === this) TopologyPreview.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** The serializer that brings the preview back after a reload (with the `onWebviewPanel:netlens.topology` event). */
export function registerPreviewSerializer(ctx: Ctx): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state) => TopologyPreview.revive(ctx, panel, state),
  });
}
